-- flink-agg-count-distinct-types  [distinct_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testCountDistinct (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-count-distinct-types.sql --events flink-agg-count-distinct-types.events.jsonl
-- compare: final_table
-- original query:
--   SELECT
--    id,
--    count(distinct a),
--    count(distinct b),
--    count(distinct c),
--    count(distinct d),
--    count(distinct e),
--    count(distinct f),
--    count(distinct g)
--   FROM T GROUP BY id

CREATE SOURCE T (
  id INT,
  a TIMESTAMP(3),
  b DATE,
  c TIME,
  d DECIMAL(38, 18),
  e INT,
  f BIGINT,
  g STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW count_distinct_types AS
SELECT
  id,
  COUNT(DISTINCT a) AS cd_a,
  COUNT(DISTINCT b) AS cd_b,
  COUNT(DISTINCT c) AS cd_c,
  COUNT(DISTINCT d) AS cd_d,
  COUNT(DISTINCT e) AS cd_e,
  COUNT(DISTINCT f) AS cd_f,
  COUNT(DISTINCT g) AS cd_g
FROM T GROUP BY id;
