-- flink-over-rows-2-preceding-non-partitioned  [over_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testRowTimeBoundedNonPartitionedRowsOver (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-rows-2-preceding-non-partitioned.sql --events flink-over-rows-2-preceding-non-partitioned.events.jsonl
-- compare: append
-- original query:
--   SELECT c, a,   COUNT(a) OVER (ORDER BY rowtime ROWS BETWEEN 2 preceding AND CURRENT ROW),   SUM(a) OVER (ORDER BY rowtime ROWS BETWEEN 2 preceding AND CURRENT ROW) FROM T1

CREATE SOURCE T1 (
  a BIGINT,
  b INT,
  c STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' DAY
) WITH (connector = 'file', format = 'json');

CREATE VIEW over_rows AS
SELECT c, a,
  COUNT(a) OVER (ORDER BY rowtime ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS cnt,
  SUM(a) OVER (ORDER BY rowtime ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS sum_a
FROM T1;
