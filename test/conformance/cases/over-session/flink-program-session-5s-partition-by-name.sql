-- flink-program-session-5s-partition-by-name  [session]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/WindowAggregateTestPrograms.java :: WindowAggregateTestPrograms.SESSION_WINDOW_PARTITION_EVENT_TIME (commit bf63127aaa34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-session-5s-partition-by-name.sql --events flink-program-session-5s-partition-by-name.events.jsonl
-- compare: append
-- original query:
--   INSERT INTO window_sink_t SELECT name, window_start, window_end, COUNT(*), SUM(a_int), COUNT(DISTINCT `comment`) FROM TABLE(SESSION(TABLE window_source_t PARTITION BY name, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
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
  SESSION(TABLE window_source_t PARTITION BY name, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
GROUP BY `name`, window_start, window_end;
