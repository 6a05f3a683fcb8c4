-- flink-regular-join-comma-alias-quoted  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testJoinWithAlias (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-comma-alias-quoted.sql --events flink-regular-join-comma-alias-quoted.events.jsonl
-- compare: final_table
-- original query:
--   SELECT B.b5, T.`1-_./Ü` FROM (SELECT a1, a2, a3 AS `1-_./Ü` FROM A) AS T, B WHERE a1 = b1 AND a1 < 4

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
SELECT B.b5, T.`1-_./Ü` FROM (SELECT a1, a2, a3 AS `1-_./Ü` FROM A) AS T, B WHERE a1 = b1 AND a1 < 4;
