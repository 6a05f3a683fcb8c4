-- flink-split-count-distinct-types  [distinct_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SplitAggregateITCase.scala :: SplitAggregateITCase.testCountDistinct (commit 36da81aa605a)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-split-count-distinct-types.sql --events flink-split-count-distinct-types.events.jsonl
-- compare: final_table
-- original query:
--   SELECT id, count(distinct a), count(distinct b), count(distinct c), count(distinct d), count(distinct e), count(distinct f), count(distinct g)
--   FROM MyTable GROUP BY id
-- notes: MyTable's 15 rows (TIMESTAMP, DATE, TIME, DECIMAL, INT, BIGINT, STRING columns, NULLs in each) in reversed order (the test shuffles them); Types.DECIMAL is DECIMAL(38, 18); unnamed columns aliased.

CREATE SOURCE MyTable (
  id INT,
  a TIMESTAMP(3),
  b DATE,
  c TIME,
  d DECIMAL(38, 18),
  e INT,
  f BIGINT,
  g STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT id, COUNT(DISTINCT a) AS ca, COUNT(DISTINCT b) AS cb, COUNT(DISTINCT c) AS cc, COUNT(DISTINCT d) AS cd, COUNT(DISTINCT e) AS ce, COUNT(DISTINCT f) AS cf, COUNT(DISTINCT g) AS cg FROM MyTable GROUP BY id;
