-- flink-regular-join-then-count  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testDataStreamJoinWithAggregation (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-then-count.sql --events flink-regular-join-then-count.events.jsonl
-- compare: final_table
-- original query:
--   SELECT COUNT(b4) AS cnt_b4, COUNT(a2) AS cnt_a2 FROM A, B WHERE a1 = b1

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
SELECT COUNT(b4) AS cnt_b4, COUNT(a2) AS cnt_a2 FROM A, B WHERE a1 = b1;
