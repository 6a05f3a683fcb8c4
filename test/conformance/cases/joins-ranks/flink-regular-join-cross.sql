-- flink-regular-join-cross  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/JoinTestPrograms.java :: JoinTestPrograms.CROSS_JOIN (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-cross.sql --events flink-regular-join-cross.events.jsonl
-- compare: final_table
-- original query:
--   insert into MySink SELECT name, department_name FROM EMPLOYEE, DEPARTMENT

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
SELECT name, department_name FROM EMPLOYEE, DEPARTMENT;
