-- flink-window-semi-join-exists-tumble-5s-agg  [window_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowJoinITCase.scala :: WindowJoinITCase.testSemiJoinExists (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-window-semi-join-exists-tumble-5s-agg.sql --events flink-window-semi-join-exists-tumble-5s-agg.events.jsonl
-- compare: append
-- original query:
--   SELECT * FROM (
--     SELECT
--       `name`,
--       window_start,
--       window_end,
--       COUNT(DISTINCT `string`) AS uv1
--     FROM TABLE(
--       TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
--     GROUP BY `name`, window_start, window_end
--   ) L WHERE EXISTS (
--   SELECT * FROM (
--     SELECT
--       `name`,
--       window_start,
--       window_end,
--       COUNT(DISTINCT `string`) AS uv2
--     FROM TABLE(
--       TUMBLE(TABLE T2, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
--     GROUP BY `name`, window_start, window_end
--   ) R
--     WHERE L.window_start = R.window_start AND L.window_end = R.window_end
--           AND L.`name` = R.`name`)

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

CREATE VIEW window_semi AS
SELECT * FROM (
  SELECT
    `name`,
    window_start,
    window_end,
    COUNT(DISTINCT `string`) AS uv1
  FROM TABLE(
    TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
  GROUP BY `name`, window_start, window_end
) L WHERE EXISTS (
SELECT * FROM (
  SELECT
    `name`,
    window_start,
    window_end,
    COUNT(DISTINCT `string`) AS uv2
  FROM TABLE(
    TUMBLE(TABLE T2, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
  GROUP BY `name`, window_start, window_end
) R
  WHERE L.window_start = R.window_start AND L.window_end = R.window_end
        AND L.`name` = R.`name`);
