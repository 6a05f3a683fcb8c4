-- flink-agg-distinct-group-by  [distinct_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testDistinctGroupBy (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-distinct-group-by.sql --events flink-agg-distinct-group-by.events.jsonl
-- compare: final_table
-- original query:
--   SELECT b,   SUM(DISTINCT (a * 3)),   COUNT(DISTINCT SUBSTRING(c FROM 1 FOR 2)),  COUNT(DISTINCT c) FROM MyTable GROUP BY b

CREATE SOURCE MyTable (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW distinct_group_by AS
SELECT b,
  SUM(DISTINCT (a * 3)) AS sd,
  COUNT(DISTINCT SUBSTRING(c FROM 1 FOR 2)) AS cd_sub,
  COUNT(DISTINCT c) AS cd_c
FROM MyTable
GROUP BY b;
