-- flink-dedup-rowtime-keep-last-then-count  [dedup]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/DeduplicateITCase.scala :: DeduplicateITCase.testLastRowOnRowTimeFollowedByUnboundedAgg (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-dedup-rowtime-keep-last-then-count.sql --events flink-dedup-rowtime-keep-last-then-count.events.jsonl
-- compare: final_table
-- original query:
--   INSERT INTO rowtime_sink
--   SELECT COUNT(b) FROM (
--    SELECT a, b, c, rowtime
--    FROM (
--      SELECT *,
--        ROW_NUMBER() OVER (PARTITION BY b ORDER BY rowtime DESC) as rowNum
--      FROM T
--    )
--    WHERE rowNum = 1
--    )

CREATE SOURCE T (
  a INT,
  b BIGINT,
  c STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '0.001' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW rowtime_sink AS
SELECT COUNT(b) AS cnt FROM (
 SELECT a, b, c, rowtime
 FROM (
   SELECT *,
     ROW_NUMBER() OVER (PARTITION BY b ORDER BY rowtime DESC) as rowNum
   FROM T
 )
 WHERE rowNum = 1
 );
