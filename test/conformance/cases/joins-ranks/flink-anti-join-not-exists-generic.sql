-- flink-anti-join-not-exists-generic  [regular_semi_anti_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SemiAntiJoinStreamITCase.scala :: SemiAntiJoinStreamITCase.testGenericAntiJoin (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-anti-join-not-exists-generic.sql --events flink-anti-join-not-exists-generic.events.jsonl
-- compare: final_table
-- original query:
--   SELECT c FROM ds1 WHERE NOT EXISTS (SELECT * from ds2 WHERE b = g)

CREATE SOURCE ds1 (
  a INT,
  b BIGINT,
  c INT,
  d STRING,
  e BIGINT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE ds2 (
  f INT,
  g BIGINT,
  h STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW semi_anti AS
SELECT c FROM ds1 WHERE NOT EXISTS (SELECT * from ds2 WHERE b = g);
