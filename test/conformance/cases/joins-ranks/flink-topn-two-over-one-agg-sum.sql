-- flink-topn-two-over-one-agg-sum  [topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/RankITCase.scala :: RankITCase.testMultipleRetractTopNAfterAgg (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-topn-two-over-one-agg-sum.sql --events flink-topn-two-over-one-agg-sum.events.jsonl
-- compare: final_table
-- original query:
--   SELECT *
--   FROM (
--     SELECT category, shopId, sum_num, avg_num,
--         ROW_NUMBER() OVER (PARTITION BY category ORDER BY sum_num DESC, avg_num ASC
--          ) as rank_num
--     FROM MyView)
--   WHERE rank_num <= 2

CREATE SOURCE T (
  category STRING,
  shopId INT,
  num INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW MyView AS
SELECT category, shopId, SUM(num) as sum_num, MAX(num) as max_num,
 AVG(num) as avg_num, COUNT(num) as cnt
FROM T
GROUP BY category, shopId;

CREATE VIEW topn AS
SELECT *
FROM (
  SELECT category, shopId, sum_num, avg_num,
      ROW_NUMBER() OVER (PARTITION BY category ORDER BY sum_num DESC, avg_num ASC
       ) as rank_num
  FROM MyView)
WHERE rank_num <= 2;
