-- flink-regular-join-left-aggs-values  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testLeftJoinWithPk (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-left-aggs-values.sql --events flink-regular-join-left-aggs-values.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a1, a2, b1, b2 FROM (SELECT SUM(a2) AS a2, a1 FROM A group by a1) LEFT JOIN (SELECT SUM(b2) AS b2, b1 FROM B group by b1) ON a2 = b2

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
SELECT a1, a2, b1, b2 FROM (SELECT SUM(a2) AS a2, a1 FROM A group by a1) LEFT JOIN (SELECT SUM(b2) AS b2, b1 FROM B group by b1) ON a2 = b2;
