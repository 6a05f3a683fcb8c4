-- flink-program-over-order-by-value-append-two-aggs  [over_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/OverWindowTestPrograms.java :: OverWindowTestPrograms.OVER_AGGREGATE_NON_TIME_UNBOUNDED_APPEND_MODE_MULTIPLE_AGGS (commit 07d57de7e113)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-over-order-by-value-append-two-aggs.sql --events flink-program-over-order-by-value-append-two-aggs.events.jsonl
-- compare: final_table
-- original query:
--   INSERT INTO sink_t SELECT key, val, ts, SUM(val) OVER (PARTITION BY key ORDER BY val RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sum_val, COUNT(key) OVER (PARTITION BY key ORDER BY val RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cnt_key FROM source_t

CREATE SOURCE source_t (
  `key` STRING,
  val BIGINT,
  ts BIGINT
) WITH (connector = 'file', format = 'json');

CREATE VIEW sink_t AS
SELECT `key`, val, ts,
  SUM(val) OVER (PARTITION BY `key` ORDER BY val RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sum_val,
  COUNT(`key`) OVER (PARTITION BY `key` ORDER BY val RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cnt_key
FROM source_t;
