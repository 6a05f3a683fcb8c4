-- flink-semi-join-two-exists-one-non-equi  [regular_semi_anti_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SemiAntiJoinStreamITCase.scala :: SemiAntiJoinStreamITCase.testStreamExistsWithoutEqual (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-semi-join-two-exists-one-non-equi.sql --events flink-semi-join-two-exists-one-non-equi.events.jsonl
-- compare: final_table
-- original query:
--   select *
--   from scott_dept as d
--   where exists (select 1 from scott_emp where empno > d.deptno)
--   and exists (select 0 from scott_emp where deptno = d.deptno and ename = 'SMITH')

CREATE SOURCE scott_dept (
  deptno INT,
  dname STRING,
  loc STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE scott_emp (
  empno INT,
  ename STRING,
  deptno INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW semi_anti AS
select *
from scott_dept as d
where exists (select 1 from scott_emp where empno > d.deptno)
and exists (select 0 from scott_emp where deptno = d.deptno and ename = 'SMITH');
