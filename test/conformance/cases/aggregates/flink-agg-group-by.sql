-- flink-agg-group-by  [group_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testGroupByAgg (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-group-by.sql --events flink-agg-group-by.events.jsonl
-- compare: final_table
-- original query:
--   SELECT b, count(c), sum(a) FROM T GROUP BY b

CREATE SOURCE T (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW group_by AS
SELECT b, COUNT(c) AS cc, SUM(a) AS sa FROM T GROUP BY b;
