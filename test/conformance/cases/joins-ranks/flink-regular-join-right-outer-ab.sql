-- flink-regular-join-right-outer-ab  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testRightOuterJoin (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-right-outer-ab.sql --events flink-regular-join-right-outer-ab.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a3, b4 FROM A RIGHT OUTER JOIN B ON a2 = b2

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
SELECT a3, b4 FROM A RIGHT OUTER JOIN B ON a2 = b2;
