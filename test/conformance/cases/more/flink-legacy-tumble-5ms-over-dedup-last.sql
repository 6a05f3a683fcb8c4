-- flink-legacy-tumble-5ms-over-dedup-last  [window_over_changelog]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/GroupWindowITCase.scala :: GroupWindowITCase.testWindowAggregateOnRetractStream (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-legacy-tumble-5ms-over-dedup-last.sql --events flink-legacy-tumble-5ms-over-dedup-last.events.jsonl
-- compare: append
-- original query:
--   SELECT
--   `string`,
--   TUMBLE_START(rowtime, INTERVAL '0.005' SECOND) as w_start,
--   TUMBLE_END(rowtime, INTERVAL '0.005' SECOND) as w_end,
--   COUNT(1) AS cnt
--   FROM
--    (
--    SELECT `string`, rowtime
--    FROM (
--     SELECT *,
--     ROW_NUMBER() OVER (PARTITION BY `string` ORDER BY rowtime DESC) as rowNum
--      FROM testTable
--    )
--    WHERE rowNum = 1
--   )
--   GROUP BY `string`, TUMBLE(rowtime, INTERVAL '0.005' SECOND)

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

CREATE VIEW last_per_string AS
SELECT
  `string`,
  TUMBLE_START(rowtime, INTERVAL '0.005' SECOND) AS w_start,
  TUMBLE_END(rowtime, INTERVAL '0.005' SECOND) AS w_end,
  COUNT(1) AS cnt
FROM (
  SELECT `string`, rowtime
  FROM (
    SELECT *,
      ROW_NUMBER() OVER (PARTITION BY `string` ORDER BY rowtime DESC) AS rowNum
    FROM testTable
  )
  WHERE rowNum = 1
)
GROUP BY `string`, TUMBLE(rowtime, INTERVAL '0.005' SECOND);
