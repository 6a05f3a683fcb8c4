-- flink-split-uv-with-retraction  [distinct_agg_retract]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SplitAggregateITCase.scala :: SplitAggregateITCase.testUvWithRetraction (commit 36da81aa605a)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-split-uv-with-retraction.sql --events flink-split-uv-with-retraction.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a, COUNT(distinct b) as uv
--   FROM (SELECT a, b, last_value(c) FROM src GROUP BY a, b) t
--   GROUP BY a
-- notes: src is the test's 1000 rows (i % 10, i % 100, i as text); the inner LAST_VALUE column is given an alias.

CREATE SOURCE src (
  a STRING,
  b STRING,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT a, COUNT(DISTINCT b) AS uv FROM (SELECT a, b, LAST_VALUE(c) AS lc FROM src GROUP BY a, b) t GROUP BY a;
