-- flink-agg-avg-decimal-precision  [decimal]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testPrecisionForAvgAggregationOnDecimal (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-avg-decimal-precision.sql --events flink-agg-avg-decimal-precision.events.jsonl
-- compare: final_table
-- original query:
--   select avg(cast(a as decimal(32, 8))) from T

CREATE SOURCE T (
  a DOUBLE
) WITH (connector = 'file', format = 'json');

CREATE VIEW avg_decimal AS
SELECT AVG(CAST(a AS DECIMAL(32, 8))) AS av FROM T;
