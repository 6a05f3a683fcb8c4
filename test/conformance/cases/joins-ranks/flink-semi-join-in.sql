-- flink-semi-join-in  [regular_semi_anti_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SemiAntiJoinStreamITCase.scala :: SemiAntiJoinStreamITCase.testSemiJoin (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-semi-join-in.sql --events flink-semi-join-in.events.jsonl
-- compare: final_table
-- original query:
--   SELECT * FROM A WHERE a1 in (SELECT b1 from B)

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

CREATE VIEW semi_anti AS
SELECT * FROM A WHERE a1 in (SELECT b1 from B);
