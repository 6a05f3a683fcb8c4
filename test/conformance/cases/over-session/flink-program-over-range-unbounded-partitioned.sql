-- flink-program-over-range-unbounded-partitioned  [over_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/OverAggregateTestPrograms.java :: OverAggregateTestPrograms.OVER_AGGREGATE_UNBOUNDED_PARTITIONED_ROWS (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-over-range-unbounded-partitioned.sql --events flink-program-over-range-unbounded-partitioned.events.jsonl
-- compare: append
-- original query:
--   insert into MySink SELECT   c, ts, rowtime, b,  LTCNT(a, CAST('4' AS BIGINT)) OVER w,  COUNT(a) OVER w,  SUM(a) OVER w FROM MyTable WINDOW w as (PARTITION BY c ORDER BY rowtime RANGE UNBOUNDED PRECEDING)

CREATE SOURCE MyTable (
  ts BIGINT,
  a BIGINT,
  b INT,
  c STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime
) WITH (connector = 'file', format = 'json');

-- LTCNT(a, CAST('4' AS BIGINT)) (the test's LargerThanCount UDAF: how many rows of the frame have
-- a > 4) is written with the built-in COUNT(CASE WHEN a > 4 THEN 1 END); `a` is never NULL here.
CREATE VIEW MySink AS
SELECT c AS a, ts, rowtime, b,
  COUNT(CASE WHEN a > CAST('4' AS BIGINT) THEN 1 END) OVER w AS c,
  COUNT(a) OVER w AS d,
  SUM(a) OVER w AS e
FROM MyTable
WINDOW w AS (PARTITION BY c ORDER BY rowtime RANGE UNBOUNDED PRECEDING);
