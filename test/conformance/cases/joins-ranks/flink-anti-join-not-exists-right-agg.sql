-- flink-anti-join-not-exists-right-agg  [regular_semi_anti_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SemiAntiJoinStreamITCase.scala :: SemiAntiJoinStreamITCase.testAntiJoinWithOneSideRetraction (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-anti-join-not-exists-right-agg.sql --events flink-anti-join-not-exists-right-agg.events.jsonl
-- compare: final_table
-- original query:
--   ds3: SELECT SUM(c) as c FROM ds2 GROUP BY d
--   SELECT * FROM ds1 WHERE NOT EXISTS (SELECT c from ds3 WHERE a = c)

CREATE SOURCE ds1 (
  a INT,
  b STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE ds2 (
  c INT,
  d STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW ds3 AS SELECT SUM(c) as c FROM ds2 GROUP BY d;

CREATE VIEW semi_anti AS
SELECT * FROM ds1 WHERE NOT EXISTS (SELECT c from ds3 WHERE a = c);
