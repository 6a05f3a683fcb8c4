-- flink-regular-join-inner-non-equi  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/JoinTestPrograms.java :: JoinTestPrograms.INNER_JOIN_WITH_NON_EQUI_JOIN (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-inner-non-equi.sql --events flink-regular-join-inner-non-equi.events.jsonl
-- compare: final_table
-- original query:
--   insert into MySink SELECT name, department_name FROM EMPLOYEE JOIN DEPARTMENT ON deptno = department_num AND salary > b2

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
SELECT name, department_name FROM EMPLOYEE JOIN DEPARTMENT ON deptno = department_num AND salary > b2;
