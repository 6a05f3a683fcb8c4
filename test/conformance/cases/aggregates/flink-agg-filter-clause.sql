-- flink-agg-filter-clause  [filter_clause]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testAggWithFilterClause (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-filter-clause.sql --events flink-agg-filter-clause.events.jsonl
-- compare: final_table
-- original query:
--   SELECT
--     a,
--     sum(b) filter (where c = 'A'),
--     count(distinct c) filter (where d is true),
--     max(b)
--   FROM T GROUP BY a

CREATE SOURCE T (
  a INT,
  b BIGINT,
  c STRING,
  d BOOLEAN
) WITH (connector = 'file', format = 'json');

CREATE VIEW filter_clause AS
SELECT
  a,
  SUM(b) FILTER (WHERE c = 'A') AS sb,
  COUNT(DISTINCT c) FILTER (WHERE d IS TRUE) AS cd,
  MAX(b) AS mx
FROM T GROUP BY a;
