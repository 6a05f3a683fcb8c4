-- flink-split-count-distinct-union-all  [distinct_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SplitAggregateITCase.scala :: SplitAggregateITCase.testCountDistinctWithBinaryRowSource (commit 36da81aa605a)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-split-count-distinct-union-all.sql --events flink-split-count-distinct-union-all.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a, b, COUNT(distinct c) as uv
--   FROM (SELECT a, b, c, d FROM src where b <> '' UNION ALL SELECT a, 'ALL' as b, c, d FROM src where b <> '') t
--   GROUP BY a, b
-- notes: src is the test's 100 rows ('1', '1', i % 50, '1').

CREATE SOURCE src (
  a STRING,
  b STRING,
  c STRING,
  d STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT a, b, COUNT(DISTINCT c) AS uv FROM (SELECT a, b, c, d FROM src WHERE b <> '' UNION ALL SELECT a, 'ALL' AS b, c, d FROM src WHERE b <> '') t GROUP BY a, b;
