-- flink-topn-over-group-count-rank-eq-3  [topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/RankITCase.scala :: RankITCase.testTop3WithGroupByCount (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-topn-over-group-count-rank-eq-3.sql --events flink-topn-over-group-count-rank-eq-3.events.jsonl
-- compare: final_table by category, rank_num
-- original query:
--   SELECT category, rank_num, sells, shopId
--   FROM (
--     SELECT category, shopId, sells,
--         ROW_NUMBER() OVER (PARTITION BY category ORDER BY sells DESC) as rank_num
--     FROM (
--        SELECT category, shopId, count(sellId) as sells
--        FROM T
--        GROUP BY category, shopId
--     ))
--   WHERE rank_num = 3

CREATE SOURCE T (
  category STRING,
  shopId INT,
  sellId INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW topn AS
SELECT category, rank_num, sells, shopId
FROM (
  SELECT category, shopId, sells,
      ROW_NUMBER() OVER (PARTITION BY category ORDER BY sells DESC) as rank_num
  FROM (
     SELECT category, shopId, count(sellId) as sells
     FROM T
     GROUP BY category, shopId
  ))
WHERE rank_num = 3;
