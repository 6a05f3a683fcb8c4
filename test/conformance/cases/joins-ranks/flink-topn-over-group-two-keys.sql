-- flink-topn-over-group-two-keys  [topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/RankITCase.scala :: RankITCase.testTopNWithGroupByAndRetract (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-topn-over-group-two-keys.sql --events flink-topn-over-group-two-keys.events.jsonl
-- compare: final_table
-- original query:
--   SELECT *
--   FROM (
--     SELECT category, shopId, num, cnt,
--         ROW_NUMBER() OVER (PARTITION BY category ORDER BY num DESC, cnt ASC) as rank_num
--     FROM (
--        SELECT category, shopId, sum(num) as num, count(num) as cnt
--        FROM T
--        GROUP BY category, shopId
--     ))
--   WHERE rank_num <= 2

CREATE SOURCE T (
  category STRING,
  shopId INT,
  num INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW topn AS
SELECT *
FROM (
  SELECT category, shopId, num, cnt,
      ROW_NUMBER() OVER (PARTITION BY category ORDER BY num DESC, cnt ASC) as rank_num
  FROM (
     SELECT category, shopId, sum(num) as num, count(num) as cnt
     FROM T
     GROUP BY category, shopId
  ))
WHERE rank_num <= 2;
