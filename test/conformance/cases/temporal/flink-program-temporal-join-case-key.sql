-- flink-program-temporal-join-case-key  [temporal_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/TemporalJoinTestPrograms.java :: TemporalJoinTestPrograms.TEMPORAL_JOIN_TABLE_JOIN_NESTED_KEY (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-temporal-join-case-key.sql --events flink-program-temporal-join-case-key.events.jsonl
-- compare: append
-- original query:
--   INSERT INTO MySink SELECT amount * r.rate FROM OrdersNestedId AS o JOIN RatesHistory FOR SYSTEM_TIME AS OF o.rowtime AS r ON (case when o.nested_row.currency = 'usd' then upper(o.nested_row.currency) ELSE o.nested_row.currency END) = r.currency

CREATE SOURCE OrdersNestedId (
  amount BIGINT,
  nested_currency STRING,
  order_time STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime
) WITH (connector = 'file', format = 'json');

CREATE SOURCE RatesHistory (
  currency STRING,
  rate BIGINT,
  rate_time STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime,
  PRIMARY KEY (currency) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE VIEW MySink AS
SELECT amount * r.rate AS amount
FROM OrdersNestedId AS o
JOIN RatesHistory FOR SYSTEM_TIME AS OF o.rowtime AS r
ON (CASE WHEN o.nested_currency = 'usd' THEN UPPER(o.nested_currency) ELSE o.nested_currency END) = r.currency;
