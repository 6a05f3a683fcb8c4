-- flink-regular-join-inner-equal-pk-multi-join  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testInnerMultiJoinWithEqualPk (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-inner-equal-pk-multi-join.sql --events flink-regular-join-inner-equal-pk-multi-join.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a1, b1 FROM (SELECT SUM(a2) AS a2, a1 FROM A group by a1) JOIN (SELECT SUM(b2) AS b2, b1 FROM B group by b1) ON a1 = b1

CREATE SOURCE A (
  a1 INT,
  a2 BIGINT,
  a3 STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE B (
  b1 INT,
  b2 BIGINT,
  b3 INT,
  b4 STRING,
  b5 BIGINT
) WITH (connector = 'file', format = 'json');

CREATE VIEW joined AS
SELECT a1, b1 FROM (SELECT SUM(a2) AS a2, a1 FROM A GROUP BY a1) JOIN (SELECT SUM(b2) AS b2, b1 FROM B GROUP BY b1) ON a1 = b1;
