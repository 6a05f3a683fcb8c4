-- flink-topn-rank-eq-1  [topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/RankITCase.scala :: RankITCase.testTop1 (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-topn-rank-eq-1.sql --events flink-topn-rank-eq-1.events.jsonl
-- compare: final_table
-- original query:
--   SELECT *
--   FROM (
--     SELECT category, shopId, num,
--         ROW_NUMBER() OVER (PARTITION BY category ORDER BY num DESC) as rank_num
--     FROM T)
--   WHERE rank_num = 1

CREATE SOURCE T (
  category STRING,
  shopId INT,
  num INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW topn AS
SELECT *
FROM (
  SELECT category, shopId, num,
      ROW_NUMBER() OVER (PARTITION BY category ORDER BY num DESC) as rank_num
  FROM T)
WHERE rank_num = 1;
