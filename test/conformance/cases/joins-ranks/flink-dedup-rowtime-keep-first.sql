-- flink-dedup-rowtime-keep-first  [dedup]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/DeduplicateITCase.scala :: DeduplicateITCase.testFirstRowOnRowtime (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-dedup-rowtime-keep-first.sql --events flink-dedup-rowtime-keep-first.events.jsonl
-- compare: final_table
-- original query:
--   INSERT INTO rowtime_sink
--    SELECT a, b, c, rowtime
--    FROM (
--      SELECT *,
--        ROW_NUMBER() OVER (PARTITION BY a ORDER BY rowtime) as rowNum
--      FROM T
--    )
--    WHERE rowNum = 1

CREATE SOURCE T (
  a INT,
  b BIGINT,
  c STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '0.001' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW rowtime_sink AS
SELECT a, b, c, rowtime
 FROM (
   SELECT *,
     ROW_NUMBER() OVER (PARTITION BY a ORDER BY rowtime) as rowNum
   FROM T
 )
 WHERE rowNum = 1;
