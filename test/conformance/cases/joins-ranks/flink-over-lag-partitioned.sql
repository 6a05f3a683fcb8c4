-- flink-over-lag-partitioned  [over_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testLagFunction (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-lag-partitioned.sql --events flink-over-lag-partitioned.events.jsonl
-- compare: append
-- original query:
--   SELECT a, b, c,   LAG(b) OVER(PARTITION BY a ORDER BY rowtime),  LAG(b, 2) OVER(PARTITION BY a ORDER BY rowtime),  LAG(b, 2, CAST(10086 AS BIGINT)) OVER(PARTITION BY a ORDER BY rowtime)FROM T1

CREATE SOURCE T1 (
  a INT,
  b BIGINT,
  c STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' DAY
) WITH (connector = 'file', format = 'json');

CREATE VIEW over_lag AS
SELECT a, b, c,
  LAG(b) OVER (PARTITION BY a ORDER BY rowtime) AS lag1,
  LAG(b, 2) OVER (PARTITION BY a ORDER BY rowtime) AS lag2,
  LAG(b, 2, CAST(10086 AS BIGINT)) OVER (PARTITION BY a ORDER BY rowtime) AS lag2_default
FROM T1;
