-- flink-semi-join-in-right-agg  [regular_semi_anti_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SemiAntiJoinStreamITCase.scala :: SemiAntiJoinStreamITCase.testSemiJoinWithOneSideRetraction (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-semi-join-in-right-agg.sql --events flink-semi-join-in-right-agg.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a FROM ds1 WHERE a in (SELECT sum(c) from ds2 GROUP BY d)

CREATE SOURCE ds1 (
  a INT,
  b STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE ds2 (
  c INT,
  d STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW semi_anti AS
SELECT a FROM ds1 WHERE a in (SELECT sum(c) from ds2 GROUP BY d);
