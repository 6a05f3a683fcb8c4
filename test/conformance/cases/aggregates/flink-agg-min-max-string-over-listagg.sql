-- flink-agg-min-max-string-over-listagg  [group_agg_retract]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testMinMaxWithBinaryString (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-min-max-string-over-listagg.sql --events flink-agg-min-max-string-over-listagg.events.jsonl
-- compare: final_table
-- original query:
--   SELECT b, min(c), max(c)
--   FROM (
--    SELECT a, b, listagg(c) as c
--    FROM T
--    GROUP BY a, b)
--   GROUP BY b

CREATE SOURCE T (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW min_max_string AS
SELECT b, MIN(c) AS mn, MAX(c) AS mx
FROM (
  SELECT a, b, LISTAGG(c) AS c
  FROM T
  GROUP BY a, b)
GROUP BY b;
