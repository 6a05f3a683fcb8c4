-- flink-agg-global-no-group-by  [group_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testAggregationWithoutWatermark (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-global-no-group-by.sql --events flink-agg-global-no-group-by.events.jsonl
-- compare: final_table
-- original query:
--   select sum(a), avg(a), min(a), count(a), count(1) from T

CREATE SOURCE T (
  a INT,
  b INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW global_agg AS
SELECT SUM(a) AS s, AVG(a) AS av, MIN(a) AS mn, COUNT(a) AS ca, COUNT(1) AS c1 FROM T;
