-- flink-wdistinct-cumulate-5s-15s-cube  [window_grouping_sets]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowDistinctAggregateITCase.scala :: WindowDistinctAggregateITCase.testCumulateWindow_Cube (commit 040d69e506e1)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-wdistinct-cumulate-5s-15s-cube.sql --events flink-wdistinct-cumulate-5s-15s-cube.events.jsonl
-- compare: append
-- original query:
--   SELECT GROUPING_ID(`name`), `name`, window_start, window_end, COUNT(*), SUM(`bigdec`), MAX(`double`), MIN(`float`), COUNT(DISTINCT `string`)
--   FROM TABLE(CUMULATE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND, INTERVAL '15' SECOND))
--   GROUP BY Cube(`name`), window_start, window_end
-- notes: T1 is TestData.windowDataWithTimestamp (11 rows, the late one included) in list order; the computed `rowtime AS TO_TIMESTAMP(ts)` is carried as a TIMESTAMP(3) column (the wall-clock values read as UTC); unnamed result columns are given aliases.

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

CREATE VIEW v AS SELECT GROUPING_ID(`name`) AS gid, `name`, window_start, window_end, COUNT(*) AS cnt, SUM(`bigdec`) AS sum_bigdec, MAX(`double`) AS max_double, MIN(`float`) AS min_float, COUNT(DISTINCT `string`) AS uv
FROM TABLE(CUMULATE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND, INTERVAL '15' SECOND))
GROUP BY Cube(`name`), window_start, window_end;
