-- flink-program-rank-over-group-count  [topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/RankTestPrograms.java :: RankTestPrograms.RANK_TEST_UPDATE_FAST_STRATEGY (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-rank-over-group-count.sql --events flink-program-rank-over-group-count.events.jsonl
-- compare: final_table
-- original query:
--   INSERT INTO sink_t SELECT * FROM (SELECT a, b, count_c, ROW_NUMBER()    OVER (PARTITION BY b ORDER BY count_c DESC, a ASC) AS row_num   FROM (       SELECT a, b, COUNT(*) AS count_c       FROM MyTable       GROUP BY a, b   )) WHERE row_num <= 10

CREATE SOURCE MyTable (
  a INT,
  b VARCHAR,
  c INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW sink_t AS
SELECT * FROM (SELECT a, b, count_c, ROW_NUMBER()    OVER (PARTITION BY b ORDER BY count_c DESC, a ASC) AS row_num   FROM (       SELECT a, b, COUNT(*) AS count_c       FROM MyTable       GROUP BY a, b   )) WHERE row_num <= 10;
