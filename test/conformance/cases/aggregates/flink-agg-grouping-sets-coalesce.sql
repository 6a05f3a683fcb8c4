-- flink-agg-grouping-sets-coalesce  [grouping_sets]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testCoalesceOnGroupingSets (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-grouping-sets-coalesce.sql --events flink-agg-grouping-sets-coalesce.events.jsonl
-- compare: final_table
-- original query:
--   select
--     gender, city, coalesce(deptno, -1), count(*) as cnt
--   from emps group by grouping sets ((gender, city), (gender, city, deptno))

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

CREATE VIEW coalesce_grouping_sets AS
SELECT
  gender, city, COALESCE(deptno, -1) AS dept, COUNT(*) AS cnt
FROM emps GROUP BY GROUPING SETS ((gender, city), (gender, city, deptno));
