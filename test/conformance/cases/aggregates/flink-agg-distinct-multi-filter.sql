-- flink-agg-distinct-multi-filter  [distinct_filter]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testDistinctWithMultiFilter (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-distinct-multi-filter.sql --events flink-agg-distinct-multi-filter.events.jsonl
-- compare: final_table
-- original query:
--   SELECT
--     b,
--     SUM(DISTINCT (a * 3)),
--     COUNT(DISTINCT SUBSTRING(c FROM 1 FOR 2)),
--     COUNT(DISTINCT c),
--     COUNT(DISTINCT c) filter (where MOD(a, 3) = 0),
--     COUNT(DISTINCT c) filter (where MOD(a, 3) = 1)
--   FROM MyTable
--   GROUP BY b

CREATE SOURCE MyTable (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW distinct_multi_filter AS
SELECT
  b,
  SUM(DISTINCT (a * 3)) AS sd,
  COUNT(DISTINCT SUBSTRING(c FROM 1 FOR 2)) AS cd_sub,
  COUNT(DISTINCT c) AS cd_c,
  COUNT(DISTINCT c) FILTER (WHERE MOD(a, 3) = 0) AS cd_0,
  COUNT(DISTINCT c) FILTER (WHERE MOD(a, 3) = 1) AS cd_1
FROM MyTable
GROUP BY b;
