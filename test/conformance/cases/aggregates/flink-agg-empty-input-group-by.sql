-- flink-agg-empty-input-group-by  [group_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testEmptyInputAggregation (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-empty-input-group-by.sql --events flink-agg-empty-input-group-by.events.jsonl
-- compare: final_table
-- original query:
--   select sum(a), avg(a), min(a), count(a), count(1) from T where a > 9999 group by b

CREATE SOURCE T (
  a INT,
  b INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW empty_input AS
SELECT SUM(a) AS s, AVG(a) AS av, MIN(a) AS mn, COUNT(a) AS ca, COUNT(1) AS c1 FROM T WHERE a > 9999 GROUP BY b;
