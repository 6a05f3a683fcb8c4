-- flink-program-cumulate-5s-15s-offset-1s-by-name  [cumulate_offset]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/WindowAggregateTestPrograms.java :: WindowAggregateTestPrograms.GROUP_CUMULATE_WINDOW_EVENT_TIME_WITH_OFFSET (commit 051eef8f41fb)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-cumulate-5s-15s-offset-1s-by-name.sql --events flink-program-cumulate-5s-15s-offset-1s-by-name.events.jsonl
-- compare: append
-- original query:
--   INSERT INTO window_sink_t SELECT name, window_start, window_end, COUNT(*), SUM(a_int), COUNT(DISTINCT `comment`) FROM TABLE(CUMULATE(TABLE window_source_t, DESCRIPTOR(rowtime), INTERVAL '5' SECOND, INTERVAL '15' SECOND, INTERVAL '1' SECOND))
--   GROUP BY name, window_start, window_end

CREATE SOURCE window_source_t (
  a_int INT,
  b_double DOUBLE,
  c_float FLOAT,
  d_bigdec DECIMAL(10, 2),
  `comment` STRING,
  `name` STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW window_sink_t AS
SELECT
  `name`,
  window_start,
  window_end,
  COUNT(*) AS cnt,
  SUM(a_int) AS sum_int,
  COUNT(DISTINCT `comment`) AS distinct_cnt
FROM TABLE(
  CUMULATE(TABLE window_source_t, DESCRIPTOR(rowtime), INTERVAL '5' SECOND, INTERVAL '15' SECOND, INTERVAL '1' SECOND))
GROUP BY `name`, window_start, window_end;
