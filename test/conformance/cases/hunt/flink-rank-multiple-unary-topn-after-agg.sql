-- flink-rank-multiple-unary-topn-after-agg  [topn_changelog]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/RankITCase.scala :: RankITCase.testMultipleUnaryTopNAfterAgg (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-rank-multiple-unary-topn-after-agg.sql --events flink-rank-multiple-unary-topn-after-agg.events.jsonl
-- compare: final_table by category, rank_num
-- original query:
--   MyView: SELECT category, shopId, SUM(num) as sum_num, MAX(num) as max_num FROM T GROUP BY category, shopId
--   SELECT * FROM (SELECT category, shopId, sum_num, ROW_NUMBER() OVER (PARTITION BY category ORDER BY sum_num DESC) as rank_num FROM MyView) WHERE rank_num <= 2
--   SELECT * FROM (SELECT category, shopId, max_num, ROW_NUMBER() OVER (PARTITION BY category ORDER BY max_num DESC) as rank_num FROM MyView) WHERE rank_num <= 2
-- notes: T is the test's 7 rows in order; MyView is a helper view; the two queries' upsert sinks (primary key category, rank_num) are two views compared as upsert tables by that key.

CREATE SOURCE T (
  category STRING,
  shopId INT,
  num INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW MyView AS SELECT category, shopId, SUM(num) AS sum_num, MAX(num) AS max_num FROM T GROUP BY category, shopId;

CREATE VIEW top_by_sum AS SELECT * FROM (SELECT category, shopId, sum_num, ROW_NUMBER() OVER (PARTITION BY category ORDER BY sum_num DESC) AS rank_num FROM MyView) WHERE rank_num <= 2;

CREATE VIEW top_by_max AS SELECT * FROM (SELECT category, shopId, max_num, ROW_NUMBER() OVER (PARTITION BY category ORDER BY max_num DESC) AS rank_num FROM MyView) WHERE rank_num <= 2;
