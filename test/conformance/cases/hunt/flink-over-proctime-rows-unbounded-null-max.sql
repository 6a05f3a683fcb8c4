-- flink-over-proctime-rows-unbounded-null-max  [over_proctime]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testProcTimeUnboundedPartitionedRowsOver (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-proctime-rows-unbounded-null-max.sql --events flink-over-proctime-rows-unbounded-null-max.events.jsonl
-- compare: append
-- original query:
--   SELECT c, sum1, maxnull FROM (
--   SELECT c, max(cast(null as varchar)) OVER (PARTITION BY c ORDER BY proctime ROWS BETWEEN UNBOUNDED preceding AND CURRENT ROW) as maxnull,
--   sum(1) OVER (PARTITION BY c ORDER BY proctime ROWS BETWEEN UNBOUNDED preceding AND CURRENT ROW) as sum1
--   FROM T1)
-- notes: T1 is the test's 9 rows (a BIGINT, b INT, c STRING) in list order with a declared `proctime AS PROCTIME()` column; unnamed result columns are given aliases.

CREATE SOURCE T1 (
  a BIGINT,
  b INT,
  c STRING,
  proctime AS PROCTIME()
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT c, sum1, maxnull FROM (
  SELECT c,
    MAX(CAST(NULL AS VARCHAR)) OVER (PARTITION BY c ORDER BY proctime ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS maxnull,
    SUM(1) OVER (PARTITION BY c ORDER BY proctime ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sum1
  FROM T1
);
