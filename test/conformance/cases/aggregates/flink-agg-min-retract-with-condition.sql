-- flink-agg-min-retract-with-condition  [group_agg_retract]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testMinAggRetractWithCondition (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-min-retract-with-condition.sql --events flink-agg-min-retract-with-condition.events.jsonl
-- compare: final_table
-- original query:
--   SELECT MIN(price) FROM(
--      SELECT id, count(*) as c, price FROM T GROUP BY id, price)
--   WHERE c < 2

CREATE SOURCE T (
  id INT,
  price INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW min_retract AS
SELECT MIN(price) AS min_price FROM (
  SELECT id, COUNT(*) AS c, price FROM T GROUP BY id, price)
WHERE c < 2;
