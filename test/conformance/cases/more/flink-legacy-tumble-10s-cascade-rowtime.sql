-- flink-legacy-tumble-10s-cascade-rowtime  [cascade]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/GroupWindowITCase.scala :: GroupWindowITCase.testCascadingTumbleWindow (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-legacy-tumble-10s-cascade-rowtime.sql --events flink-legacy-tumble-10s-cascade-rowtime.events.jsonl
-- compare: append
-- original query:
--   SELECT SUM(cnt)
--   FROM (
--     SELECT COUNT(1) AS cnt, TUMBLE_ROWTIME(rowtime, INTERVAL '10' SECOND) AS ts
--     FROM testTable
--     GROUP BY `int`, `string`, TUMBLE(rowtime, INTERVAL '10' SECOND)
--   )
--   GROUP BY TUMBLE(ts, INTERVAL '10' SECOND)

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

CREATE VIEW cascade_sum AS
SELECT SUM(cnt) AS total
FROM (
  SELECT COUNT(1) AS cnt, TUMBLE_ROWTIME(rowtime, INTERVAL '10' SECOND) AS ts
  FROM testTable
  GROUP BY `int`, `string`, TUMBLE(rowtime, INTERVAL '10' SECOND)
)
GROUP BY TUMBLE(ts, INTERVAL '10' SECOND);
