-- flink-agg-decimal-sum-nested  [decimal]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testDecimalSum (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-decimal-sum-nested.sql --events flink-agg-decimal-sum-nested.events.jsonl
-- compare: final_table
-- original query:
--   select c, sum(d) from (
--     select d, count(d) c from T group by d
--   ) group by c

CREATE SOURCE T (
  d DECIMAL(7, 2)
) WITH (connector = 'file', format = 'json');

CREATE VIEW decimal_sum AS
SELECT c, SUM(d) AS s FROM (
  SELECT d, COUNT(d) AS c FROM T GROUP BY d
) GROUP BY c;
