-- flink-topn-over-group-count-ties  [topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/RankITCase.scala :: RankITCase.testMultipleUpdateTopNAfterAgg (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-topn-over-group-count-ties.sql --events flink-topn-over-group-count-ties.events.jsonl
-- compare: final_table
-- original query:
--   SELECT *
--   FROM (
--     SELECT category, shopId, cnt_num,
--         ROW_NUMBER() OVER (PARTITION BY category ORDER BY cnt_num DESC) as rank_num
--     FROM MyView)
--   WHERE rank_num <= 2

CREATE SOURCE T (
  category STRING,
  shopId INT,
  num INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW MyView AS
SELECT category, shopId, COUNT(num) as cnt_num, MAX(num) as max_num
FROM T
GROUP BY category, shopId;

CREATE VIEW topn AS
SELECT *
FROM (
  SELECT category, shopId, cnt_num,
      ROW_NUMBER() OVER (PARTITION BY category ORDER BY cnt_num DESC) as rank_num
  FROM MyView)
WHERE rank_num <= 2;
