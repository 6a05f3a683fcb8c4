-- flink-agg-max-retract-with-condition  [group_agg_retract]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testMaxAggRetractWithCondition (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-max-retract-with-condition.sql --events flink-agg-max-retract-with-condition.events.jsonl
-- compare: final_table
-- original query:
--   SELECT MAX(price) FROM(
--      SELECT id, count(*) as c, price FROM T GROUP BY id, price)
--   WHERE c > 0 and c < 3

CREATE SOURCE T (
  id INT,
  price INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW max_retract AS
SELECT MAX(price) AS max_price FROM (
  SELECT id, COUNT(*) AS c, price FROM T GROUP BY id, price)
WHERE c > 0 AND c < 3;
