-- flink-temporal-join-inner-constant-on-key  [temporal_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/TemporalJoinITCase.scala :: TemporalJoinITCase.testEventTimeTemporalJoinEqualConditionOnKey (commit 47a02f63da29)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-temporal-join-inner-constant-on-key.sql --events flink-temporal-join-inner-constant-on-key.events.jsonl
-- compare: final_table by order_id
-- original query:
--   INSERT INTO rowtime_default_sink  SELECT o.order_id, o.currency, o.amount, o.order_time, r.rate, r.currency_time  FROM orders_rowtime AS o JOIN currency_using_update_before_time  FOR SYSTEM_TIME AS OF o.order_time as r  ON o.currency = r.currency and o.currency_no = r.currency_no  and o.currency = 'Euro' and r.rate > 102 ON CONFLICT DO DEDUPLICATE

CREATE SOURCE orders_rowtime (
  order_id BIGINT,
  currency STRING,
  currency_no STRING,
  amount BIGINT,
  order_time TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '2' DAY,
  PRIMARY KEY (order_id) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE SOURCE currency_using_update_before_time (
  currency STRING,
  currency_no STRING,
  rate BIGINT,
  currency_time TIMESTAMP(3),
  WATERMARK FOR currency_time AS currency_time - INTERVAL '2' DAY,
  PRIMARY KEY (currency) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE VIEW rowtime_default_sink AS
SELECT o.order_id AS order_id, o.currency AS currency, o.amount AS amount, o.order_time AS order_time,
  r.rate AS rate, r.currency_time AS currency_time
FROM orders_rowtime AS o JOIN currency_using_update_before_time FOR SYSTEM_TIME AS OF o.order_time AS r
ON o.currency = r.currency AND o.currency_no = r.currency_no
  AND o.currency = 'Euro' AND r.rate > 102;
