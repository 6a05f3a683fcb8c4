-- flink-program-interval-join-bounds-in-where  [interval_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/IntervalJoinTestPrograms.java :: IntervalJoinTestPrograms.INTERVAL_JOIN_EVENT_TIME (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-interval-join-bounds-in-where.sql --events flink-program-interval-join-bounds-in-where.events.jsonl
-- compare: append
-- original query:
--   INSERT INTO sink_t SELECT
--        o.id AS order_id,
--        o.order_ts_str,
--        s.shipment_ts_str
--    FROM orders_t o
--    JOIN shipments_t s ON o.id = s.order_id
--    WHERE o.order_ts BETWEEN s.shipment_ts - INTERVAL '5' SECOND AND s.shipment_ts + INTERVAL '5' SECOND

CREATE SOURCE orders_t (
  id INT,
  order_ts_str STRING,
  order_ts TIMESTAMP(3),
  WATERMARK FOR order_ts AS order_ts - INTERVAL '1' SECOND
) WITH (connector = 'file', format = 'json');

CREATE SOURCE shipments_t (
  id INT,
  order_id INT,
  shipment_ts_str STRING,
  shipment_ts TIMESTAMP(3),
  WATERMARK FOR shipment_ts AS shipment_ts - INTERVAL '1' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW sink_t AS
SELECT
     o.id AS order_id,
     o.order_ts_str,
     s.shipment_ts_str
 FROM orders_t o
 JOIN shipments_t s ON o.id = s.order_id
 WHERE o.order_ts BETWEEN s.shipment_ts - INTERVAL '5' SECOND AND s.shipment_ts + INTERVAL '5' SECOND;
