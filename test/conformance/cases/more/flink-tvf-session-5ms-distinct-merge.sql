-- flink-tvf-session-5ms-distinct-merge  [session]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowAggregateITCase.scala :: WindowAggregateITCase.testDistinctAggWithMergeOnEventTimeSessionWindow (commit bf63127aaa34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-tvf-session-5ms-distinct-merge.sql --events flink-tvf-session-5ms-distinct-merge.events.jsonl
-- compare: append
-- original query:
--   SELECT c,
--      COUNT(DISTINCT b),
--      window_end
--   FROM TABLE(
--     SESSION(TABLE MyTable PARTITION BY c, DESCRIPTOR(rowtime), INTERVAL '0.005' SECOND))
--   GROUP BY c, window_start, window_end

CREATE SOURCE MyTable (
  a BIGINT,
  b INT,
  c STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '10' MILLISECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW session_distinct AS
SELECT c,
  COUNT(DISTINCT b) AS cnt_distinct_b,
  window_end
FROM TABLE(
  SESSION(TABLE MyTable PARTITION BY c, DESCRIPTOR(rowtime), INTERVAL '0.005' SECOND))
GROUP BY c, window_start, window_end;
