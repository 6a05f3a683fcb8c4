-- flink-program-over-lag-map  [over_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/OverWindowTestPrograms.java :: OverWindowTestPrograms.LAG_OVER_FUNCTION (commit 07d57de7e113)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-over-lag-map.sql --events flink-program-over-lag-map.events.jsonl
-- compare: append
-- original query:
--   INSERT INTO sink_t SELECT ts, LAG(b, 1) over (order by r_time) AS bLag FROM t

CREATE SOURCE t (
  ts STRING,
  b MAP<DOUBLE, DOUBLE>,
  r_time TIMESTAMP(3),
  WATERMARK FOR r_time AS r_time
) WITH (connector = 'file', format = 'json');

CREATE VIEW sink_t AS
SELECT ts, LAG(b, 1) OVER (ORDER BY r_time) AS b
FROM t;
