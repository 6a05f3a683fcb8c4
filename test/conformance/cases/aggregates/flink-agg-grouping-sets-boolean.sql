-- flink-agg-grouping-sets-boolean  [grouping_sets]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testBooleanColumnOnGroupingSets (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-grouping-sets-boolean.sql --events flink-agg-grouping-sets-boolean.events.jsonl
-- compare: final_table
-- original query:
--   select
--     gender, city, manager, count(*) as cnt
--   from emps group by grouping sets ((city), (gender, city, manager))

CREATE SOURCE emps (
  empno BIGINT,
  name STRING,
  deptno INT,
  gender STRING,
  city STRING,
  empid BIGINT,
  age INT,
  slacker BOOLEAN,
  manager BOOLEAN
) WITH (connector = 'file', format = 'json');

CREATE VIEW boolean_grouping_sets AS
SELECT
  gender, city, manager, COUNT(*) AS cnt
FROM emps GROUP BY GROUPING SETS ((city), (gender, city, manager));
