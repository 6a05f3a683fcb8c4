-- flink-regular-join-500-then-count-distinct  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testBigDataOfJoin (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-500-then-count-distinct.sql --events flink-regular-join-500-then-count-distinct.events.jsonl
-- compare: final_table
-- original query:
--   SELECT COUNT(DISTINCT b) FROM (SELECT b FROM T1, T2 WHERE b = e)

CREATE SOURCE T1 (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  d INT,
  e BIGINT,
  f STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW joined AS
SELECT COUNT(DISTINCT b) AS cnt FROM (SELECT b FROM T1, T2 WHERE b = e);
