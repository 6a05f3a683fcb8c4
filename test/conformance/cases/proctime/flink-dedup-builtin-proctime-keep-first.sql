-- flink-dedup-builtin-proctime-keep-first  [dedup]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/DeduplicateITCase.scala :: DeduplicateITCase.testFirstRowOnBuiltinProctime (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-dedup-builtin-proctime-keep-first.sql --events flink-dedup-builtin-proctime-keep-first.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a, b, c
--   FROM (
--     SELECT *,
--       ROW_NUMBER() OVER (PARTITION BY b ORDER BY proctime()) as rowNum
--     FROM T
--   )
--   WHERE rowNum = 1

CREATE SOURCE T (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW proctime_dedup AS
SELECT a, b, c
FROM (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY b ORDER BY proctime()) as rowNum
  FROM T
)
WHERE rowNum = 1;
