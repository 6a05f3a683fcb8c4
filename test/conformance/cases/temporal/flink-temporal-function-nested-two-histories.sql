-- flink-temporal-function-nested-two-histories  [temporal_join]
-- from: apache/flink flink-table/flink-table-planner-blink/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/TemporalJoinITCase.scala :: TemporalJoinITCase.testNestedTemporalJoin (commit 19e2bf924466)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-temporal-function-nested-two-histories.sql --events flink-temporal-function-nested-two-histories.events.jsonl
-- compare: append
-- original query (Rates, Prices: temporal table functions on RatesHistory by currency and PricesHistory by productId, time rowtime):
--   SELECT o.amount, r.rate, p.price FROM Orders AS o, LATERAL TABLE (Rates(o.rowtime)) AS r, LATERAL TABLE (Prices(o.rowtime)) AS p
--   WHERE r.currency = o.currency AND p.productId = o.productId

CREATE SOURCE Orders (
  amount BIGINT,
  productId STRING,
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

CREATE SOURCE PricesHistory (
  productId STRING,
  price DOUBLE,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '10' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW Rates AS
SELECT currency, rate, rowtime FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY rowtime DESC) AS rn FROM RatesHistory) T
WHERE rn = 1;

CREATE VIEW Prices AS
SELECT productId, price, rowtime FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY productId ORDER BY rowtime DESC) AS rn FROM PricesHistory) T
WHERE rn = 1;

CREATE VIEW TemporalJoinResult AS
SELECT o.amount AS amount, r.rate AS rate, p.price AS price
FROM Orders AS o
JOIN Rates FOR SYSTEM_TIME AS OF o.rowtime AS r ON r.currency = o.currency
JOIN Prices FOR SYSTEM_TIME AS OF o.rowtime AS p ON p.productId = o.productId;
