-- flink-over-proctime-builtin-rows-4-preceding  [over_proctime]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testProcTimeBoundedPartitionedRowsOverWithBuiltinProctime (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-proctime-builtin-rows-4-preceding.sql --events flink-over-proctime-builtin-rows-4-preceding.events.jsonl
-- compare: append
-- original query:
--   SELECT a, SUM(c) OVER (PARTITION BY a ORDER BY proctime() ROWS BETWEEN 4 PRECEDING AND CURRENT ROW), MIN(c) OVER (PARTITION BY a ORDER BY proctime() ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) FROM MyTable
-- notes: MyTable is TestData.tupleData5 without a processing-time column: the OVER orders by the built-in PROCTIME() call.

CREATE SOURCE MyTable (
  a INT,
  b BIGINT,
  c INT,
  d STRING,
  e BIGINT
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT a, SUM(c) OVER (PARTITION BY a ORDER BY PROCTIME() ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS s, MIN(c) OVER (PARTITION BY a ORDER BY PROCTIME() ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS m FROM MyTable;
