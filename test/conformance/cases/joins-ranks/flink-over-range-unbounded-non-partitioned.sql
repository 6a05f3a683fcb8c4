-- flink-over-range-unbounded-non-partitioned  [over_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testRowTimeUnBoundedNonPartitionedRangeOver (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-range-unbounded-non-partitioned.sql --events flink-over-range-unbounded-non-partitioned.events.jsonl
-- compare: append
-- original query:
--   SELECT a, b, c,   SUM(b) OVER (    ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),   COUNT(b) OVER (    ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),   AVG(b) OVER (    ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),   MAX(b) OVER (    ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),   MIN(b) OVER (    ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM T1

CREATE SOURCE T1 (
  a INT,
  b BIGINT,
  c STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' DAY
) WITH (connector = 'file', format = 'json');

CREATE VIEW over_unbounded AS
SELECT a, b, c,
  SUM(b) OVER (ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sum_b,
  COUNT(b) OVER (ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS count_b,
  AVG(b) OVER (ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS avg_b,
  MAX(b) OVER (ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS max_b,
  MIN(b) OVER (ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS min_b
FROM T1;
