-- flink-regular-join-inner-dup-rows  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testInnerJoin2 (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-inner-dup-rows.sql --events flink-regular-join-inner-dup-rows.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a1, b1 FROM A JOIN B ON a1 = b1

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
SELECT a1, b1 FROM A JOIN B ON a1 = b1;
