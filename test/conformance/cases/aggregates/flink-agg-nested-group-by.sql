-- flink-agg-nested-group-by  [group_agg_retract]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testNestedGroupByAgg (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-nested-group-by.sql --events flink-agg-nested-group-by.events.jsonl
-- compare: final_table
-- original query:
--   SELECT sum(b), count(a), max(a), min(a), c
--   FROM (
--    SELECT b, count(c) as c, sum(a) as a
--    FROM T
--    GROUP BY b)
--   GROUP BY c

CREATE SOURCE T (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW nested_group_by AS
SELECT SUM(b) AS sb, COUNT(a) AS ca, MAX(a) AS mx, MIN(a) AS mn, c
FROM (
  SELECT b, COUNT(c) AS c, SUM(a) AS a
  FROM T
  GROUP BY b)
GROUP BY c;
