-- flink-temporal-join-left-dedup-last-view-residual  [temporal_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/TemporalJoinITCase.scala :: TemporalJoinITCase.testEventTimeLeftTemporalJoinWithView (commit 47a02f63da29)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-temporal-join-left-dedup-last-view-residual.sql --events flink-temporal-join-left-dedup-last-view-residual.events.jsonl
-- compare: final_table by order_id
-- original query:
--   CREATE VIEW currency_deduplicated_last_row AS
--   SELECT currency, currency_no, rate, currency_time FROM
--       (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY currency_time DESC)
--        AS rowNum FROM currency_history) T
--    WHERE rowNum = 1;
--
--   INSERT INTO rowtime_default_sink  SELECT o.order_id, o.currency, o.amount, o.order_time, r.rate, r.currency_time  FROM orders_rowtime AS o  LEFT JOIN currency_deduplicated_last_row  FOR SYSTEM_TIME AS OF o.order_time as r  ON o.currency = r.currency AND substr(o.currency, 1, 2) = 'US' ON CONFLICT DO DEDUPLICATE

CREATE SOURCE orders_rowtime (
  order_id BIGINT,
  currency STRING,
  currency_no STRING,
  amount BIGINT,
  order_time TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '2' DAY,
  PRIMARY KEY (order_id) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE SOURCE currency_history (
  currency STRING,
  currency_no STRING,
  rate BIGINT,
  currency_time TIMESTAMP(3),
  WATERMARK FOR currency_time AS currency_time - INTERVAL '0.001' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW currency_deduplicated_last_row AS
SELECT
  currency,
  currency_no,
  rate,
  currency_time FROM
      (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY currency_time DESC)
       AS rowNum FROM currency_history) T
 WHERE rowNum = 1;

CREATE VIEW rowtime_default_sink AS
SELECT o.order_id AS order_id, o.currency AS currency, o.amount AS amount, o.order_time AS order_time,
  r.rate AS rate, r.currency_time AS currency_time
FROM orders_rowtime AS o LEFT JOIN currency_deduplicated_last_row FOR SYSTEM_TIME AS OF o.order_time AS r
ON o.currency = r.currency AND SUBSTR(o.currency, 1, 2) = 'US';
