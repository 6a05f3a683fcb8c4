-- flink-program-temporal-join-rates  [temporal_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/TemporalJoinTestPrograms.java :: TemporalJoinTestPrograms.TEMPORAL_JOIN_TABLE_JOIN (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-temporal-join-rates.sql --events flink-program-temporal-join-rates.events.jsonl
-- compare: append
-- original query:
--   INSERT INTO MySink SELECT amount * r.rate FROM Orders AS o JOIN RatesHistory FOR SYSTEM_TIME AS OF o.rowtime AS r ON o.currency = r.currency

CREATE SOURCE Orders (
  amount BIGINT,
  currency STRING,
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
FROM Orders AS o
JOIN RatesHistory FOR SYSTEM_TIME AS OF o.rowtime AS r
ON o.currency = r.currency;
