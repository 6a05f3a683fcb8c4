-- flink-window-join-inner-tumble-5s-tvf  [window_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowJoinITCase.scala :: WindowJoinITCase.testInnerJoinOnWTF (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-window-join-inner-tumble-5s-tvf.sql --events flink-window-join-inner-tumble-5s-tvf.events.jsonl
-- compare: append
-- original query:
--   SELECT
--     TO_TIMESTAMP(L.`ts`),
--     L.`int`,
--     L.`double`,
--     L.`float`,
--     L.`bigdec`,
--     L.`string`,
--     L.`name`,
--     CAST(L.`rowtime` AS STRING),
--     L.window_start,
--     L.window_end,
--     L.window_time,
--     R.`int`,
--     R.`string`,
--     R.`name`
--   FROM (
--   SELECT *
--   FROM TABLE(
--      TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
--   ) L
--   JOIN (
--   SELECT *
--   FROM TABLE(
--      TUMBLE(TABLE T2, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
--   ) R
--   ON L.window_start = R.window_start AND L.window_end = R.window_end AND
--   L.`name` = R.`name`

CREATE SOURCE T1 (
  `int` INT,
  `double` DOUBLE,
  `float` FLOAT,
  `bigdec` DECIMAL(10, 2),
  `string` STRING,
  `name` STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' SECOND
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  `int` INT,
  `double` DOUBLE,
  `float` FLOAT,
  `bigdec` DECIMAL(10, 2),
  `string` STRING,
  `name` STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW window_join_tvf AS
SELECT
  L.rowtime AS ts,
  L.`int`,
  L.`double`,
  L.`float`,
  L.`bigdec`,
  L.`string`,
  L.`name`,
  CAST(L.rowtime AS STRING) AS rowtime_str,
  L.window_start,
  L.window_end,
  L.window_time,
  R.`int` AS r_int,
  R.`string` AS r_string,
  R.`name` AS r_name
FROM (
SELECT *
FROM TABLE(
   TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
) L
JOIN (
SELECT *
FROM TABLE(
   TUMBLE(TABLE T2, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
) R
ON L.window_start = R.window_start AND L.window_end = R.window_end AND
L.`name` = R.`name`;
