-- flink-agg-unbounded-group-by  [group_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testUnboundedGroupBy (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-unbounded-group-by.sql --events flink-agg-unbounded-group-by.events.jsonl
-- compare: final_table
-- original query:
--   SELECT b, COUNT(a) FROM MyTable GROUP BY b

CREATE SOURCE MyTable (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW unbounded_group_by AS
SELECT b, COUNT(a) AS ca FROM MyTable GROUP BY b;
