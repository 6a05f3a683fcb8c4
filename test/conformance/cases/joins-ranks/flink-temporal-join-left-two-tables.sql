-- flink-temporal-join-left-two-tables  [temporal_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/TemporalJoinITCase.scala :: TemporalJoinITCase.testEventTimeMultiTemporalJoin (commit 47a02f63da29)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-temporal-join-left-two-tables.sql --events flink-temporal-join-left-two-tables.events.jsonl
-- compare: final_table by order_id
-- original query:
--   INSERT INTO rowtime_sink1  SELECT o.order_id, o.currency, o.amount, o.order_time, r.rate, r.currency_time, r1.rate, r1.currency_time FROM orders_rowtime AS o  LEFT JOIN versioned_currency_with_multi_key  FOR SYSTEM_TIME AS OF o.order_time as r  ON o.currency = r.currency and o.currency_no = r.currency_no  LEFT JOIN versioned_currency_with_single_key  FOR SYSTEM_TIME AS OF o.order_time as r1  ON o.currency = r1.currency ON CONFLICT DO DEDUPLICATE

CREATE SOURCE orders_rowtime (
  order_id BIGINT,
  currency STRING,
  currency_no STRING,
  amount BIGINT,
  order_time TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '2' DAY,
  PRIMARY KEY (order_id) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE SOURCE versioned_currency_with_multi_key (
  currency STRING,
  currency_no STRING,
  rate BIGINT,
  currency_time TIMESTAMP(3),
  WATERMARK FOR currency_time AS currency_time - INTERVAL '10' SECOND,
  PRIMARY KEY (currency, currency_no) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE SOURCE versioned_currency_with_single_key (
  currency STRING,
  currency_no STRING,
  rate BIGINT,
  currency_time TIMESTAMP(3),
  WATERMARK FOR currency_time AS currency_time - INTERVAL '10' SECOND,
  PRIMARY KEY (currency) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE VIEW rowtime_sink1 AS
SELECT o.order_id AS order_id, o.currency AS currency, o.amount AS amount, o.order_time AS order_time,
  r.rate AS rate, r.currency_time AS currency_time,
  r1.rate AS r1_rate, r1.currency_time AS r1_time
FROM orders_rowtime AS o
LEFT JOIN versioned_currency_with_multi_key FOR SYSTEM_TIME AS OF o.order_time AS r
ON o.currency = r.currency AND o.currency_no = r.currency_no
LEFT JOIN versioned_currency_with_single_key FOR SYSTEM_TIME AS OF o.order_time AS r1
ON o.currency = r1.currency;
