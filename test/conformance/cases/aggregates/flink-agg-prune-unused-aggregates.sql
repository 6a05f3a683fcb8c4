-- flink-agg-prune-unused-aggregates  [group_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testPruneUselessAggCall (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-prune-unused-aggregates.sql --events flink-agg-prune-unused-aggregates.events.jsonl
-- compare: final_table
-- original query:
--   select a from (select b, max(a) as a, count(*), max(c) as c from T group by b) T1

CREATE SOURCE T (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW prune_agg AS
SELECT a FROM (SELECT b, MAX(a) AS a, COUNT(*) AS cnt, MAX(c) AS c FROM T GROUP BY b) T1;
