-- flink-regular-join-three-aggs  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testThreeWayMultiJoinWithoutPk (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-three-aggs.sql --events flink-regular-join-three-aggs.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a1, b1, c1 FROM (SELECT SUM(a2) AS a2, a1 FROM Atable group by a1) JOIN (SELECT SUM(b2) AS b2, b1 FROM Btable group by b1) ON a1 = b1 JOIN (SELECT SUM(c2) AS c2, c1 FROM Ctable group by c1) ON c2 = b2

CREATE SOURCE Atable (
  a1 INT,
  a2 BIGINT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE Btable (
  b1 INT,
  b2 BIGINT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE Ctable (
  c1 INT,
  c2 BIGINT
) WITH (connector = 'file', format = 'json');

CREATE VIEW joined AS
SELECT a1, b1, c1 FROM (SELECT SUM(a2) AS a2, a1 FROM Atable group by a1) JOIN (SELECT SUM(b2) AS b2, b1 FROM Btable group by b1) ON a1 = b1 JOIN (SELECT SUM(c2) AS c2, c1 FROM Ctable group by c1) ON c2 = b2;
