-- flink-agg-count-distinct-after-union  [distinct_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testCountDistinctWithBinaryRowSource (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-count-distinct-after-union.sql --events flink-agg-count-distinct-after-union.events.jsonl
-- compare: final_table
-- original query:
--   SELECT
--     a,
--     b,
--     COUNT(distinct c) as uv
--   FROM (
--     SELECT
--       a, b, c, d
--     FROM
--       src where b <> ''
--     UNION ALL
--     SELECT
--       a, 'ALL' as b, c, d
--     FROM
--       src where b <> ''
--   ) t
--   GROUP BY
--     a, b

CREATE SOURCE src (
  a STRING,
  b STRING,
  c STRING,
  d STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW count_distinct_union AS
SELECT
  a,
  b,
  COUNT(DISTINCT c) AS uv
FROM (
  SELECT a, b, c, d FROM src WHERE b <> ''
  UNION ALL
  SELECT a, 'ALL' AS b, c, d FROM src WHERE b <> ''
) t
GROUP BY
  a, b;
