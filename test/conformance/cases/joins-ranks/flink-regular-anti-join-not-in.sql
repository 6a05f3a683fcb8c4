-- flink-regular-anti-join-not-in  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/JoinTestPrograms.java :: JoinTestPrograms.ANTI_JOIN (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-anti-join-not-in.sql --events flink-regular-anti-join-not-in.events.jsonl
-- compare: final_table
-- original query:
--   insert into MySink SELECT name FROM EMPLOYEE WHERE deptno NOT IN (SELECT department_num FROM DEPARTMENT)

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
SELECT name FROM EMPLOYEE WHERE deptno NOT IN (SELECT department_num FROM DEPARTMENT);
