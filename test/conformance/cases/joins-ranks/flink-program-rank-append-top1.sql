-- flink-program-rank-append-top1  [topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/RankTestPrograms.java :: RankTestPrograms.RANK_TEST_APPEND_FAST_STRATEGY (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-rank-append-top1.sql --events flink-program-rank-append-top1.events.jsonl
-- compare: final_table
-- original query:
--   insert into `sink_t` select * from (select a, b, row_number() over(partition by b order by c) as c from MyTable) where c = 1

CREATE SOURCE MyTable (
  a INT,
  b VARCHAR,
  c INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW sink_t AS
select * from
(select a, b, row_number() over(partition by b order by c) as c from MyTable)
 where c = 1;
