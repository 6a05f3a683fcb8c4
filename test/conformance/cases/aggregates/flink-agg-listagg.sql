-- flink-agg-listagg  [listagg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testListAgg (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-listagg.sql --events flink-agg-listagg.events.jsonl
-- compare: final_table
-- original query:
--   SELECT
--     listagg(c), listagg(c, '-'), listagg_retract(c), listagg_ws_retract(c, '+')
--   FROM MyTable
--   GROUP BY c

CREATE SOURCE MyTable (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW listagg AS
SELECT
  LISTAGG(c) AS l1, LISTAGG(c, '-') AS l2
FROM MyTable
GROUP BY c;
