-- flink-regular-join-or-is-null  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testDependentConditionDerivationInnerJoinWithNull (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-or-is-null.sql --events flink-regular-join-or-is-null.events.jsonl
-- compare: final_table
-- original query:
--   SELECT * FROM a, b WHERE (a1 = 1 AND b1 = 3) OR (a1 = 2 AND b3 is null)

CREATE SOURCE a (
  a1 INT,
  a2 INT,
  a3 STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE b (
  b1 INT,
  b2 INT,
  b3 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW joined AS
SELECT * FROM a, b WHERE (a1 = 1 AND b1 = 3) OR (a1 = 2 AND b3 is null);
