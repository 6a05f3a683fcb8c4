-- rw-demo-ecommerce-round-sum-avg-double  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/demo/ecommerce.slt :: order_details (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-demo-ecommerce-round-sum-avg-double.sql --events rw-demo-ecommerce-round-sum-avg-double.events.jsonl
-- compare: final_table
-- original query:
--   CREATE MATERIALIZED VIEW order_details AS
--   SELECT
--       order_id,
--       ROUND(SUM(item_price)::NUMERIC, 2) AS total_price,
--       ROUND(AVG(item_price)::NUMERIC, 2) AS avg_price
--   FROM order_events
--   GROUP BY order_id;

CREATE SOURCE order_events (
  order_id STRING,
  item_id STRING,
  item_price DOUBLE,
  event_timestamp TIMESTAMP(3)
) WITH (connector = 'file', format = 'json');

CREATE VIEW order_details AS
SELECT
  order_id,
  ROUND(CAST(SUM(item_price) AS DECIMAL(20, 6)), 2) AS total_price,
  ROUND(CAST(AVG(item_price) AS DECIMAL(20, 6)), 2) AS avg_price
FROM order_events
GROUP BY order_id;
