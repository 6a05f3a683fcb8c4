-- flink-topn-top2-asc-upsert  [topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/RankITCase.scala :: RankITCase.testTopNWithUpsertSink (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-topn-top2-asc-upsert.sql --events flink-topn-top2-asc-upsert.events.jsonl
-- compare: final_table by category, rank_num
-- original query:
--   SELECT *
--   FROM (
--     SELECT category, shopId, num,
--         ROW_NUMBER() OVER (PARTITION BY category ORDER BY num ASC) as rank_num
--     FROM T)
--   WHERE rank_num <= 2

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
  FROM T)
WHERE rank_num <= 2;
