-- flink-agg-listagg-over-changelog  [listagg_retract]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testListAggWithRetraction (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-listagg-over-changelog.sql --events flink-agg-listagg-over-changelog.events.jsonl
-- compare: final_table
-- original query:
--   CREATE VIEW view1 AS
--   SELECT
--       x,
--       y,
--       CAST(COUNT(1) AS VARCHAR) AS ct
--   FROM T
--   GROUP BY
--       x, y
--   
--   select
--        x,
--        '[' || LISTAGG(CONCAT_WS('=', y, ct), ';') || ']' AS list1,
--        '[' || LISTAGG(CONCAT_WS('=', y, ct)) || ']' AS list2
--   FROM view1
--   GROUP BY x

CREATE SOURCE T (
  x STRING,
  y STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW view1 AS
SELECT
  x,
  y,
  CAST(COUNT(1) AS VARCHAR) AS ct
FROM T
GROUP BY
  x, y;

CREATE VIEW listagg_retract AS
SELECT
  x,
  '[' || LISTAGG(CONCAT_WS('=', y, ct), ';') || ']' AS list1,
  '[' || LISTAGG(CONCAT_WS('=', y, ct)) || ']' AS list2
FROM view1
GROUP BY x;
