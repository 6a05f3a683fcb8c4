-- flink-agg-distinct-over-changelog  [distinct_agg_retract]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testDistinctWithRetract (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-distinct-over-changelog.sql --events flink-agg-distinct-over-changelog.events.jsonl
-- compare: final_table
-- original query:
--   SELECT
--     count(distinct cnt),
--     sum(distinct cnt),
--     max(distinct cnt),
--     min(distinct cnt),
--     avg(distinct cnt),
--     count(distinct max_a)
--   FROM (
--    SELECT b, count(a) as cnt, max(a) as max_a
--    FROM T
--    GROUP BY b)

CREATE SOURCE T (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW distinct_retract AS
SELECT
  COUNT(DISTINCT cnt) AS cd,
  SUM(DISTINCT cnt) AS sd,
  MAX(DISTINCT cnt) AS mx,
  MIN(DISTINCT cnt) AS mn,
  AVG(DISTINCT cnt) AS av,
  COUNT(DISTINCT max_a) AS cdm
FROM (
  SELECT b, COUNT(a) AS cnt, MAX(a) AS max_a
  FROM T
  GROUP BY b);
