-- flink-over-proctime-distinct-unbounded-partitioned  [over_proctime]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testProcTimeDistinctUnboundedPartitionedRowsOver (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-proctime-distinct-unbounded-partitioned.sql --events flink-over-proctime-distinct-unbounded-partitioned.events.jsonl
-- compare: append
-- original query:
--   SELECT a, COUNT(e) OVER (PARTITION BY a ORDER BY proctime RANGE UNBOUNDED preceding), SUM(DISTINCT e) OVER (...), MIN(DISTINCT e) OVER (...) FROM MyTable
-- notes: MyTable is TestData.tupleData5 (15 rows) in list order, with a declared `proctime AS PROCTIME()` column as the test's 'proctime.proctime field; `tumbleql replay` stamps the n-th row with n ms, so the arrival order is the list order (the test's collection source with parallelism 1). Unnamed result columns are given aliases.

CREATE SOURCE MyTable (
  a INT,
  b BIGINT,
  c INT,
  d STRING,
  e BIGINT,
  proctime AS PROCTIME()
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT a,
  COUNT(e) OVER (PARTITION BY a ORDER BY proctime RANGE UNBOUNDED PRECEDING) AS cnt,
  SUM(DISTINCT e) OVER (PARTITION BY a ORDER BY proctime RANGE UNBOUNDED PRECEDING) AS sd,
  MIN(DISTINCT e) OVER (PARTITION BY a ORDER BY proctime RANGE UNBOUNDED PRECEDING) AS md
FROM MyTable;
