-- flink-temporal-function-event-time-filtered-history  [temporal_join]
-- from: apache/flink flink-table/flink-table-planner-blink/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/TemporalJoinITCase.scala :: TemporalJoinITCase.testEventTimeInnerJoin (commit 19e2bf924466)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-temporal-function-event-time-filtered-history.sql --events flink-temporal-function-event-time-filtered-history.events.jsonl
-- compare: append
-- original query (Rates: a temporal table function on FilteredRatesHistory, time rowtime, key currency):
--   CREATE VIEW FilteredRatesHistory AS SELECT * FROM RatesHistory WHERE rate > 110  -- (registered through the Table API)
--   SELECT o.amount * r.rate AS amount FROM Orders AS o, LATERAL TABLE (Rates(o.rowtime)) AS r WHERE r.currency = o.currency

CREATE SOURCE Orders (
  amount BIGINT,
  currency STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '10' SECOND
) WITH (connector = 'file', format = 'json');

CREATE SOURCE RatesHistory (
  currency STRING,
  rate BIGINT,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '10' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW Rates AS
SELECT currency, rate, rowtime FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY rowtime DESC) AS rn FROM RatesHistory WHERE rate > 110) T
WHERE rn = 1;

CREATE VIEW TemporalJoinResult AS
SELECT o.amount * r.rate AS amount
FROM Orders AS o JOIN Rates FOR SYSTEM_TIME AS OF o.rowtime AS r
ON r.currency = o.currency;
