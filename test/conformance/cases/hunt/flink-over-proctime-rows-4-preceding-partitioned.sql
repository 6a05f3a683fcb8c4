-- flink-over-proctime-rows-4-preceding-partitioned  [over_proctime]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testProcTimeBoundedPartitionedRowsOver (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-proctime-rows-4-preceding-partitioned.sql --events flink-over-proctime-rows-4-preceding-partitioned.events.jsonl
-- compare: append
-- original query:
--   SELECT a, SUM(c) OVER (PARTITION BY a ORDER BY proctime ROWS BETWEEN 4 PRECEDING AND CURRENT ROW), MIN(c) OVER (PARTITION BY a ORDER BY proctime ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) FROM MyTable
-- notes: MyTable is TestData.tupleData5 (15 rows) in list order, with a declared `proctime AS PROCTIME()` column as the test's 'proctime.proctime field; `tumbleql replay` stamps the n-th row with n ms, so the arrival order is the list order (the test's collection source with parallelism 1). Unnamed result columns are given aliases.

CREATE SOURCE MyTable (
  a INT,
  b BIGINT,
  c INT,
  d STRING,
  e BIGINT,
  proctime AS PROCTIME()
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT a, SUM(c) OVER (PARTITION BY a ORDER BY proctime ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS s, MIN(c) OVER (PARTITION BY a ORDER BY proctime ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS m FROM MyTable;
