-- flink-anti-join-not-exists-aggs-non-equi  [regular_semi_anti_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SemiAntiJoinStreamITCase.scala :: SemiAntiJoinStreamITCase.testAntiJoinWithEqualPkNonEqui (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-anti-join-not-exists-aggs-non-equi.sql --events flink-anti-join-not-exists-aggs-non-equi.events.jsonl
-- compare: final_table
-- original query:
--   SELECT * FROM (SELECT SUM(a2) AS a2, a1 FROM A group by a1) WHERE NOT EXISTS (SELECT b1 from (SELECT SUM(b2) AS b2, b1 FROM B group by b1) WHERE a1 = b1 AND a2 < b2)

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
SELECT * FROM (SELECT SUM(a2) AS a2, a1 FROM A group by a1) WHERE NOT EXISTS (SELECT b1 from (SELECT SUM(b2) AS b2, b1 FROM B group by b1) WHERE a1 = b1 AND a2 < b2);
