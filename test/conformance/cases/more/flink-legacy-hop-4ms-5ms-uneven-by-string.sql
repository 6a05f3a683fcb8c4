-- flink-legacy-hop-4ms-5ms-uneven-by-string  [legacy_hop]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/GroupWindowITCase.scala :: GroupWindowITCase.testEventTimeSlidingWindow (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-legacy-hop-4ms-5ms-uneven-by-string.sql --events flink-legacy-hop-4ms-5ms-uneven-by-string.events.jsonl
-- compare: append
-- original query:
--   SELECT
--     `string`,
--     HOP_START(rowtime, INTERVAL '0.004' SECOND, INTERVAL '0.005' SECOND),
--     HOP_ROWTIME(rowtime, INTERVAL '0.004' SECOND, INTERVAL '0.005' SECOND),
--     COUNT(1),
--     SUM(1),
--     COUNT(`int`),
--     COUNT(DISTINCT `float`),
--     concat_distinct_agg(name)
--   FROM testTable
--   GROUP BY `string`, HOP(rowtime, INTERVAL '0.004' SECOND, INTERVAL '0.005' SECOND)

CREATE SOURCE testTable (
  `int` INT,
  `double` DOUBLE,
  `float` FLOAT,
  `bigdec` DECIMAL(10, 2),
  `string` STRING,
  `name` STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '10' MILLISECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW sliding_by_string AS
SELECT
  `string`,
  HOP_START(rowtime, INTERVAL '0.004' SECOND, INTERVAL '0.005' SECOND) AS w_start,
  HOP_ROWTIME(rowtime, INTERVAL '0.004' SECOND, INTERVAL '0.005' SECOND) AS w_rowtime,
  COUNT(1) AS cnt,
  SUM(1) AS sum_one,
  COUNT(`int`) AS cnt_int,
  COUNT(DISTINCT `float`) AS cnt_distinct_float
FROM testTable
GROUP BY `string`, HOP(rowtime, INTERVAL '0.004' SECOND, INTERVAL '0.005' SECOND);
