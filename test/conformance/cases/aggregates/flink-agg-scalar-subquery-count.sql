-- flink-agg-scalar-subquery-count  [scalar_subquery]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testGroupBySingleValue (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-scalar-subquery-count.sql --events flink-agg-scalar-subquery-count.events.jsonl
-- compare: final_table
-- original query:
--   SELECT * FROM T2 WHERE T2.a < (SELECT count(*) * 0.3 FROM T1)

CREATE SOURCE T1 (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW single_value AS
SELECT * FROM T2 WHERE T2.a < (SELECT COUNT(*) * 0.3 FROM T1);
