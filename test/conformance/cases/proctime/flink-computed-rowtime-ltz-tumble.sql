-- flink-computed-rowtime-ltz-tumble  [computed_column]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/TimeAttributeITCase.scala :: TimeAttributeITCase.testWindowAggregateOnTimestampLtzWatermark (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-computed-rowtime-ltz-tumble.sql --events flink-computed-rowtime-ltz-tumble.events.jsonl
-- compare: append
-- original query:
--   CREATE TABLE src1 (log_ts STRING, ts BIGINT, a INT, b DOUBLE,
--     ltz_ts AS TO_TIMESTAMP_LTZ(ts, 3), WATERMARK FOR ltz_ts AS ltz_ts - INTERVAL '0.001' SECOND)
--   SELECT TUMBLE_END(ltz_ts, INTERVAL '0.003' SECOND), COUNT(ts), SUM(b)
--   FROM src1 GROUP BY TUMBLE(ltz_ts, INTERVAL '0.003' SECOND)

CREATE TABLE src1 (
  log_ts STRING,
  ts BIGINT,
  a INT,
  b DOUBLE,
  ltz_ts AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR ltz_ts AS ltz_ts - INTERVAL '0.001' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW sink AS
SELECT TUMBLE_END(ltz_ts, INTERVAL '0.003' SECOND) AS w_end, COUNT(ts) AS cnt, SUM(b) AS s
FROM src1
GROUP BY TUMBLE(ltz_ts, INTERVAL '0.003' SECOND);
