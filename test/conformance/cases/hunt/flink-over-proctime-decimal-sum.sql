-- flink-over-proctime-decimal-sum  [over_proctime]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testDecimalSum0 (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-proctime-decimal-sum.sql --events flink-over-proctime-decimal-sum.events.jsonl
-- compare: append
-- original query:
--   select sum(d) over (ORDER BY proctime rows between unbounded preceding and current row) from T
-- notes: T is the test's four DECIMAL(38, 18) rows (BigDecimal(1.11) ... as their decimal text) with a declared `proctime AS PROCTIME()` column; the unnamed result is given an alias.

CREATE SOURCE T (
  d DECIMAL(38, 18),
  proctime AS PROCTIME()
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT SUM(d) OVER (ORDER BY proctime ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s FROM T;
