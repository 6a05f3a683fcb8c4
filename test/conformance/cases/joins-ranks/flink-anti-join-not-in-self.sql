-- flink-anti-join-not-in-self  [regular_semi_anti_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SemiAntiJoinStreamITCase.scala :: SemiAntiJoinStreamITCase.testStreamNotInWithoutEqual (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-anti-join-not-in-self.sql --events flink-anti-join-not-in-self.events.jsonl
-- compare: final_table
-- original query:
--   SELECT pk FROM ds1 WHERE pk not in
--   (SELECT pk FROM ds1 WHERE pk > 3)

CREATE SOURCE ds1 (
  pk INT,
  a INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW semi_anti AS
SELECT pk FROM ds1 WHERE pk not in
(SELECT pk FROM ds1 WHERE pk > 3);
