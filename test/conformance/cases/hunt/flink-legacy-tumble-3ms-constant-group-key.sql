-- flink-legacy-tumble-3ms-constant-group-key  [legacy_group_window]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/GroupWindowITCase.scala :: GroupWindowITCase.testWindowAggregateOnConstantValue (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-legacy-tumble-3ms-constant-group-key.sql --events flink-legacy-tumble-3ms-constant-group-key.events.jsonl
-- compare: append
-- original query:
--   SELECT TUMBLE_END(rowtime, INTERVAL '0.003' SECOND), COUNT(name)
--   FROM testTable
--   GROUP BY 'a', TUMBLE(rowtime, INTERVAL '0.003' SECOND)
-- notes: testTable is TestData.timestampData (9 rows, epoch 1..32 ms) in list order; the computed `rowtime AS TO_TIMESTAMP(ts)` is carried as a TIMESTAMP(3) column and the test's `proctime` column is left out (unread); unnamed result columns are given aliases.

CREATE SOURCE testTable (
  `int` INT,
  `double` DOUBLE,
  `float` FLOAT,
  `bigdec` DECIMAL(10, 2),
  `string` STRING,
  `name` STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '0.01' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT TUMBLE_END(rowtime, INTERVAL '0.003' SECOND) AS w_end, COUNT(name) AS cnt
FROM testTable
GROUP BY 'a', TUMBLE(rowtime, INTERVAL '0.003' SECOND);
