-- flink-agg-sum-decimal-precision  [decimal]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testPrecisionForSumAggregationOnDecimal (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-sum-decimal-precision.sql --events flink-agg-sum-decimal-precision.events.jsonl
-- compare: final_table
-- original query:
--   select sum(cast(a as decimal(32, 8))) from T

CREATE SOURCE T (
  a DOUBLE
) WITH (connector = 'file', format = 'json');

CREATE VIEW sum_decimal AS
SELECT SUM(CAST(a AS DECIMAL(32, 8))) AS s FROM T;
