-- flink-legacy-session-5ms-by-string  [legacy_session]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/GroupWindowITCase.scala :: GroupWindowITCase.testEventTimeSessionWindow (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-legacy-session-5ms-by-string.sql --events flink-legacy-session-5ms-by-string.events.jsonl
-- compare: append
-- original query:
--   SELECT
--     `string`,
--     SESSION_START(rowtime, INTERVAL '0.005' SECOND),
--     SESSION_ROWTIME(rowtime, INTERVAL '0.005' SECOND),
--     COUNT(1),
--     SUM(1),
--     COUNT(`int`),
--     SUM(`int`),
--     COUNT(DISTINCT name)
--   FROM T1
--   GROUP BY `string`, SESSION(rowtime, INTERVAL '0.005' SECOND)

CREATE SOURCE T1 (
  rowtime TIMESTAMP(3),
  `int` INT,
  `string` STRING,
  `name` STRING,
  WATERMARK FOR rowtime AS rowtime - INTERVAL '10' MILLISECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW session_by_string AS
SELECT
  `string`,
  SESSION_START(rowtime, INTERVAL '0.005' SECOND) AS s_start,
  SESSION_ROWTIME(rowtime, INTERVAL '0.005' SECOND) AS s_rowtime,
  COUNT(1) AS cnt,
  SUM(1) AS sum_one,
  COUNT(`int`) AS cnt_int,
  SUM(`int`) AS sum_int,
  COUNT(DISTINCT name) AS cnt_distinct_name
FROM T1
GROUP BY `string`, SESSION(rowtime, INTERVAL '0.005' SECOND);
