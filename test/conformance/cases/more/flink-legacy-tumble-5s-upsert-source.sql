-- flink-legacy-tumble-5s-upsert-source  [window_over_changelog]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/GroupWindowITCase.scala :: GroupWindowITCase.testWindowAggregateOnUpsertSource (commit 0b86caf9b9e3)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-legacy-tumble-5s-upsert-source.sql --events flink-legacy-tumble-5s-upsert-source.events.jsonl
-- compare: append
-- original query:
--   SELECT
--   currency,
--   COUNT(1) AS cnt,
--   MAX(rate),
--   TUMBLE_START(currency_time, INTERVAL '5' SECOND) as w_start,
--   TUMBLE_END(currency_time, INTERVAL '5' SECOND) as w_end
--   FROM upsert_currency
--   GROUP BY currency, TUMBLE(currency_time, INTERVAL '5' SECOND)

CREATE SOURCE upsert_currency (
  currency STRING,
  currency_no STRING,
  rate BIGINT,
  currency_time TIMESTAMP(3),
  WATERMARK FOR currency_time AS currency_time - INTERVAL '5' SECOND,
  PRIMARY KEY (currency) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE VIEW currency_windows AS
SELECT
  currency,
  COUNT(1) AS cnt,
  MAX(rate) AS max_rate,
  TUMBLE_START(currency_time, INTERVAL '5' SECOND) AS w_start,
  TUMBLE_END(currency_time, INTERVAL '5' SECOND) AS w_end
FROM upsert_currency
GROUP BY currency, TUMBLE(currency_time, INTERVAL '5' SECOND);
