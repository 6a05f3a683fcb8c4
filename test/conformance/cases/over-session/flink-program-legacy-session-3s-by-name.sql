-- flink-program-legacy-session-3s-by-name  [legacy_session]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/GroupWindowAggregateTestPrograms.java :: GroupWindowAggregateTestPrograms.GROUP_SESSION_WINDOW_EVENT_TIME (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-legacy-session-3s-by-name.sql --events flink-program-legacy-session-3s-by-name.events.jsonl
-- compare: append
-- original query:
--   INSERT INTO sink_t SELECT name, COUNT(*) FROM source_t GROUP BY name, SESSION(rowtime, INTERVAL '3' SECOND)

CREATE SOURCE source_t (
  a_int INT,
  b_double DOUBLE,
  c_float FLOAT,
  d_bigdec DECIMAL(10, 2),
  `comment` STRING,
  `name` STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW sink_t AS
SELECT `name`, COUNT(*) AS cnt
FROM source_t
GROUP BY `name`, SESSION(rowtime, INTERVAL '3' SECOND);
