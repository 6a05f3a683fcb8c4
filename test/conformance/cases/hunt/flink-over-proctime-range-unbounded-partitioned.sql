-- flink-over-proctime-range-unbounded-partitioned  [over_proctime]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testProcTimeUnboundedPartitionedRangeOver (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-proctime-range-unbounded-partitioned.sql --events flink-over-proctime-range-unbounded-partitioned.events.jsonl
-- compare: append
-- original query:
--   SELECT c, first_value(b) OVER (PARTITION BY c ORDER BY proctime RANGE UNBOUNDED preceding), last_value(b) OVER (...), count(a) OVER (...), sum(a) OVER (...) from T1
-- notes: T1 is the test's 9 rows (a BIGINT, b INT, c STRING) in list order with a declared `proctime AS PROCTIME()` column; unnamed result columns are given aliases.

CREATE SOURCE T1 (
  a BIGINT,
  b INT,
  c STRING,
  proctime AS PROCTIME()
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT c,
  FIRST_VALUE(b) OVER (PARTITION BY c ORDER BY proctime RANGE UNBOUNDED PRECEDING) AS fv,
  LAST_VALUE(b) OVER (PARTITION BY c ORDER BY proctime RANGE UNBOUNDED PRECEDING) AS lv,
  COUNT(a) OVER (PARTITION BY c ORDER BY proctime RANGE UNBOUNDED PRECEDING) AS cnt,
  SUM(a) OVER (PARTITION BY c ORDER BY proctime RANGE UNBOUNDED PRECEDING) AS s
FROM T1;
