-- flink-topn-nested-global-top4  [topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/RankITCase.scala :: RankITCase.testNestedTopN (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-topn-nested-global-top4.sql --events flink-topn-nested-global-top4.events.jsonl
-- compare: final_table by rank_num
-- original query:
--   SELECT rank_num, cate, shopId, sells, cnt
--   FROM (
--     SELECT cate, shopId, sells, cnt,
--        ROW_NUMBER() OVER (ORDER BY sells DESC) as rank_num
--     FROM (SELECT rank_num, cate, shopId, sells, cnt
--   FROM (
--     SELECT *,
--         ROW_NUMBER() OVER (PARTITION BY cate ORDER BY sells DESC) as rank_num
--     FROM (
--        SELECT cate, shopId, count(*) as cnt, max(sells) as sells
--        FROM T
--        GROUP BY cate, shopId
--     ))
--   WHERE rank_num <= 4)
--   )
--   WHERE rank_num <= 4

CREATE SOURCE T (
  cate STRING,
  shopId STRING,
  sells INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW topn AS
SELECT rank_num, cate, shopId, sells, cnt
FROM (
  SELECT cate, shopId, sells, cnt,
     ROW_NUMBER() OVER (ORDER BY sells DESC) as rank_num
  FROM (SELECT rank_num, cate, shopId, sells, cnt
FROM (
  SELECT *,
      ROW_NUMBER() OVER (PARTITION BY cate ORDER BY sells DESC) as rank_num
  FROM (
     SELECT cate, shopId, count(*) as cnt, max(sells) as sells
     FROM T
     GROUP BY cate, shopId
  ))
WHERE rank_num <= 4)
)
WHERE rank_num <= 4;
