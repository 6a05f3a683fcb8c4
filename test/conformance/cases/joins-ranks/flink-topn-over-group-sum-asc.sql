-- flink-topn-over-group-sum-asc  [topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/RankITCase.scala :: RankITCase.testTopNWithUnary (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-topn-over-group-sum-asc.sql --events flink-topn-over-group-sum-asc.events.jsonl
-- compare: final_table by category, rank_num
-- original query:
--   SELECT *
--   FROM (
--     SELECT category, shopId, num,
--         ROW_NUMBER() OVER (PARTITION BY category ORDER BY num ASC) as rank_num
--     FROM (
--        SELECT category, shopId, sum(num) as num
--        FROM T
--        GROUP BY category, shopId
--     ))
--   WHERE rank_num <= 3

CREATE SOURCE T (
  category STRING,
  shopId INT,
  num INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW topn AS
SELECT *
FROM (
  SELECT category, shopId, num,
      ROW_NUMBER() OVER (PARTITION BY category ORDER BY num ASC) as rank_num
  FROM (
     SELECT category, shopId, sum(num) as num
     FROM T
     GROUP BY category, shopId
  ))
WHERE rank_num <= 3;
