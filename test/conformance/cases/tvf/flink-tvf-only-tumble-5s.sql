-- flink-tvf-only-tumble-5s  [window_tvf]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowTableFunctionITCase.scala :: WindowTableFunctionITCase.testTumbleWindow (commit 040d69e506e1); input TestData.windowDataWithTimestamp
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-tvf-only-tumble-5s.sql --events flink-tvf-only-tumble-5s.events.jsonl
-- compare: append
-- original query:
--   SELECT TO_TIMESTAMP(`ts`), `int`, `double`, `float`, `bigdec`, `string`, `name`,
--     CAST(`rowtime` AS STRING), window_start, window_end, window_time
--   FROM TABLE(TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
-- rewritten: the STRING `ts` and its computed `rowtime AS TO_TIMESTAMP(ts)` are one TIMESTAMP(3) column
-- `rowtime` in each row, so TO_TIMESTAMP(`ts`) is `rowtime`; output columns are named.

CREATE SOURCE T1 (
  `int` INT,
  `double` DOUBLE,
  `float` FLOAT,
  `bigdec` DECIMAL(10, 2),
  `string` STRING,
  `name` STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW tvf_tumble_5s AS
SELECT
  rowtime AS ts_ts,
  `int`,
  `double`,
  `float`,
  `bigdec`,
  `string`,
  `name`,
  CAST(rowtime AS STRING) AS rowtime_text,
  window_start,
  window_end,
  window_time
FROM TABLE(
  TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND));
