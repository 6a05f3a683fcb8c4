-- flink-agg-after-union-all  [union_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testAggAfterUnion (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-after-union-all.sql --events flink-agg-after-union-all.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a, sum(b), count(distinct c)
--   FROM (
--     SELECT * FROM T1
--     UNION ALL
--     SELECT * FROM T2
--   ) GROUP BY a

CREATE SOURCE T1 (
  a BIGINT,
  b INT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  a BIGINT,
  b INT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW after_union AS
SELECT a, SUM(b) AS sb, COUNT(DISTINCT c) AS cd
FROM (
  SELECT * FROM T1
  UNION ALL
  SELECT * FROM T2
) GROUP BY a;
