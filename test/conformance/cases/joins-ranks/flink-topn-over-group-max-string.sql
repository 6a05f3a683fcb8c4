-- flink-topn-over-group-max-string  [topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/RankITCase.scala :: RankITCase.testUnarySortTopNOnString (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-topn-over-group-max-string.sql --events flink-topn-over-group-max-string.events.jsonl
-- compare: final_table by category, rank_num
-- original query:
--   SELECT *
--   FROM (
--     SELECT category, shopId, max_price,
--         ROW_NUMBER() OVER (PARTITION BY category ORDER BY max_price ASC) as rank_num
--     FROM (
--        SELECT category, shopId, max(price) as max_price
--        FROM T
--        GROUP BY category, shopId
--     ))
--   WHERE rank_num <= 3

CREATE SOURCE T (
  category STRING,
  shopId INT,
  price STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW topn AS
SELECT *
FROM (
  SELECT category, shopId, max_price,
      ROW_NUMBER() OVER (PARTITION BY category ORDER BY max_price ASC) as rank_num
  FROM (
     SELECT category, shopId, max(price) as max_price
     FROM T
     GROUP BY category, shopId
  ))
WHERE rank_num <= 3;
