-- flink-regular-join-comma-eq-filter  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testJoinWithFilter (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-comma-eq-filter.sql --events flink-regular-join-comma-eq-filter.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a3, b4 FROM A, B WHERE a2 = b2 AND a2 < 2

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
SELECT a3, b4 FROM A, B WHERE a2 = b2 AND a2 < 2;
