-- flink-agg-count-star  [group_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testCountStar (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-count-star.sql --events flink-agg-count-star.events.jsonl
-- compare: final_table
-- original query:
--   select count(*) from src

CREATE SOURCE src (
  id BIGINT,
  len INT,
  content STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW count_star AS
SELECT COUNT(*) AS cnt FROM src;
