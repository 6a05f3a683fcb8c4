-- flink-semi-join-in-filtered  [regular_semi_anti_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SemiAntiJoinStreamITCase.scala :: SemiAntiJoinStreamITCase.testGenericSemiJoin (commit 1a0227f86d34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-semi-join-in-filtered.sql --events flink-semi-join-in-filtered.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a, b, c FROM ds1 WHERE a in (SELECT d from ds2 WHERE d < 3)

CREATE SOURCE ds1 (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE ds2 (
  d INT,
  e BIGINT,
  f INT,
  g STRING,
  h BIGINT
) WITH (connector = 'file', format = 'json');

CREATE VIEW semi_anti AS
SELECT a, b, c FROM ds1 WHERE a in (SELECT d from ds2 WHERE d < 3);
