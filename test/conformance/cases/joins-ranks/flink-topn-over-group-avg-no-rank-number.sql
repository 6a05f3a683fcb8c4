-- flink-topn-over-group-avg-no-rank-number  [topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/RankITCase.scala :: RankITCase.testTopNWithGroupByAvgWithoutRowNumber (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-topn-over-group-avg-no-rank-number.sql --events flink-topn-over-group-avg-no-rank-number.events.jsonl
-- compare: final_table by category, shopId
-- original query:
--   SELECT category, shopId, avgSellId
--   FROM (
--     SELECT category, shopId, avgSellId,
--         ROW_NUMBER() OVER (PARTITION BY category ORDER BY avgSellId DESC) as rank_num
--     FROM (
--        SELECT category, shopId, AVG(sellId) as avgSellId
--        FROM T
--        GROUP BY category, shopId
--     ))
--   WHERE rank_num <= 3

CREATE SOURCE T (
  category STRING,
  shopId INT,
  sellId INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW topn AS
SELECT category, shopId, avgSellId
FROM (
  SELECT category, shopId, avgSellId,
      ROW_NUMBER() OVER (PARTITION BY category ORDER BY avgSellId DESC) as rank_num
  FROM (
     SELECT category, shopId, AVG(sellId) as avgSellId
     FROM T
     GROUP BY category, shopId
  ))
WHERE rank_num <= 3;
