-- flink-legacy-tumble-10s-min-max-rowtime-then-group  [window_then_group]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/GroupWindowITCase.scala :: GroupWindowITCase.testMinMaxWithTumblingWindow (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-legacy-tumble-10s-min-max-rowtime-then-group.sql --events flink-legacy-tumble-10s-min-max-rowtime-then-group.events.jsonl
-- compare: final_table
-- original query:
--   SELECT
--    MAX(max_ts),
--    MIN(min_ts),
--    `string`
--   FROM(
--    SELECT
--    `string`,
--    `int`,
--    MAX(rowtime) as max_ts,
--    MIN(rowtime) as min_ts
--    FROM testTable
--    GROUP BY `string`, `int`, TUMBLE(rowtime, INTERVAL '10' SECOND))
--   GROUP BY `string`

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

CREATE VIEW min_max_by_string AS
SELECT
  MAX(max_ts) AS max_ts,
  MIN(min_ts) AS min_ts,
  `string`
FROM (
  SELECT
    `string`,
    `int`,
    MAX(rowtime) AS max_ts,
    MIN(rowtime) AS min_ts
  FROM testTable
  GROUP BY `string`, `int`, TUMBLE(rowtime, INTERVAL '10' SECOND))
GROUP BY `string`;
