-- flink-computed-rowtime-cast-tumble  [computed_column]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/TimeAttributeITCase.scala :: TimeAttributeITCase.testWindowAggregateOnComputedRowtime (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-computed-rowtime-cast-tumble.sql --events flink-computed-rowtime-cast-tumble.events.jsonl
-- compare: append
-- original query:
--   CREATE TABLE src (log_ts STRING, ts TIMESTAMP(3), a INT, b DOUBLE,
--     rowtime AS CAST(log_ts AS TIMESTAMP(3)), WATERMARK FOR rowtime AS rowtime - INTERVAL '0.001' SECOND)
--   SELECT TUMBLE_END(rowtime, INTERVAL '0.003' SECOND), COUNT(ts), SUM(b)
--   FROM src GROUP BY TUMBLE(rowtime, INTERVAL '0.003' SECOND)

CREATE TABLE src (
  log_ts STRING,
  ts TIMESTAMP(3),
  a INT,
  b DOUBLE,
  rowtime AS CAST(log_ts AS TIMESTAMP(3)),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '0.001' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW sink AS
SELECT TUMBLE_END(rowtime, INTERVAL '0.003' SECOND) AS w_end, COUNT(ts) AS cnt, SUM(b) AS s
FROM src
GROUP BY TUMBLE(rowtime, INTERVAL '0.003' SECOND);
