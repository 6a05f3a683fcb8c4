-- flink-over-range-unbounded-partitioned  [over_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testRowTimeUnBoundedPartitionedRangeOver (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-range-unbounded-partitioned.sql --events flink-over-range-unbounded-partitioned.events.jsonl
-- compare: append
-- original query:
--   SELECT a, b, c,   LTCNT(b, CAST('4' AS BIGINT)) OVER(    PARTITION BY a ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),   SUM(b) OVER (    PARTITION BY a ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),   COUNT(b) OVER (    PARTITION BY a ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),   AVG(b) OVER (    PARTITION BY a ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),   MAX(b) OVER (    PARTITION BY a ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),   MIN(b) OVER (    PARTITION BY a ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM T1

CREATE SOURCE T1 (
  a INT,
  b BIGINT,
  c STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' DAY
) WITH (connector = 'file', format = 'json');

CREATE VIEW over_unbounded AS
SELECT a, b, c,
  SUM(b) OVER (PARTITION BY a ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sum_b,
  COUNT(b) OVER (PARTITION BY a ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS count_b,
  AVG(b) OVER (PARTITION BY a ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS avg_b,
  MAX(b) OVER (PARTITION BY a ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS max_b,
  MIN(b) OVER (PARTITION BY a ORDER BY rowtime RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS min_b
FROM T1;
