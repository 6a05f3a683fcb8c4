-- flink-legacy-session-5ms-distinct-merge  [legacy_session]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/GroupWindowITCase.scala :: GroupWindowITCase.testDistinctAggWithMergeOnEventTimeSessionGroupWindow (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-legacy-session-5ms-distinct-merge.sql --events flink-legacy-session-5ms-distinct-merge.events.jsonl
-- compare: append
-- original query:
--   SELECT c,
--      COUNT(DISTINCT b),
--      SESSION_END(rowtime, INTERVAL '0.005' SECOND)
--   FROM MyTable
--   GROUP BY c, SESSION(rowtime, INTERVAL '0.005' SECOND)

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
  SESSION_END(rowtime, INTERVAL '0.005' SECOND) AS s_end
FROM MyTable
GROUP BY c, SESSION(rowtime, INTERVAL '0.005' SECOND);
