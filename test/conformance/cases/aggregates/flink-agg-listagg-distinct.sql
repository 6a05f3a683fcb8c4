-- flink-agg-listagg-distinct  [listagg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testListAggWithDistinct (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-listagg-distinct.sql --events flink-agg-listagg-distinct.events.jsonl
-- compare: final_table
-- original query:
--   SELECT b, LISTAGG(DISTINCT c, '#') FROM MyTable GROUP BY b

CREATE SOURCE MyTable (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW listagg_distinct AS
SELECT b, LISTAGG(DISTINCT c, '#') AS l FROM MyTable GROUP BY b;
