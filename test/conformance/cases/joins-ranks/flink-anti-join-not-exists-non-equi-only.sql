-- flink-anti-join-not-exists-non-equi-only  [regular_semi_anti_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SemiAntiJoinStreamITCase.scala :: SemiAntiJoinStreamITCase.testStreamNotExistsWithoutEqual (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-anti-join-not-exists-non-equi-only.sql --events flink-anti-join-not-exists-non-equi-only.events.jsonl
-- compare: final_table
-- original query:
--   SELECT pk FROM ds1 WHERE NOT EXISTS
--   (SELECT 1 FROM ds2 WHERE ds2.pk < ds1.pk)

CREATE SOURCE ds1 (
  pk INT,
  a INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE ds2 (
  pk INT,
  a INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW semi_anti AS
SELECT pk FROM ds1 WHERE NOT EXISTS
(SELECT 1 FROM ds2 WHERE ds2.pk < ds1.pk);
