-- flink-regular-join-aggs-on-values  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/JoinTestPrograms.java :: JoinTestPrograms.INNER_JOIN_WITH_PK (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-aggs-on-values.sql --events flink-regular-join-aggs-on-values.events.jsonl
-- compare: final_table
-- original query:
--   insert into MySink SELECT deptno, department_num FROM (SELECT MIN(salary) AS salary, deptno FROM EMPLOYEE GROUP BY deptno) JOIN (SELECT MIN(b2) AS b2, department_num FROM DEPARTMENT GROUP BY department_num) ON salary = b2

CREATE SOURCE EMPLOYEE (
  deptno INT,
  salary BIGINT,
  `name` VARCHAR
) WITH (connector = 'file', format = 'json');

CREATE SOURCE DEPARTMENT (
  department_num INT,
  b2 BIGINT,
  b3 INT,
  department_name VARCHAR
) WITH (connector = 'file', format = 'json');

CREATE VIEW MySink AS
SELECT deptno, department_num FROM (SELECT MIN(salary) AS salary, deptno FROM EMPLOYEE GROUP BY deptno) JOIN (SELECT MIN(b2) AS b2, department_num FROM DEPARTMENT GROUP BY department_num) ON salary = b2;
