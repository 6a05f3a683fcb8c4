-- flink-over-count-distinct-unbounded-range-nulls-ltz  [over_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testTimestampLtzRowTimeDistinctUnboundedPartitionedRangeOverWithNullValues (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-count-distinct-unbounded-range-nulls-ltz.sql --events flink-over-count-distinct-unbounded-range-nulls-ltz.events.jsonl
-- compare: append
-- original query:
--   SELECT   c,   b,   COUNT(DISTINCT c)     OVER (PARTITION BY b ORDER BY rowtime RANGE UNBOUNDED preceding),   CntNullNonNull(DISTINCT c)     OVER (PARTITION BY b ORDER BY rowtime RANGE UNBOUNDED preceding)FROM   MyTable

CREATE SOURCE MyTable (
  rowtime TIMESTAMP_LTZ(3),
  b INT,
  c STRING,
  WATERMARK FOR rowtime AS rowtime
) WITH (connector = 'file', format = 'json');

CREATE VIEW over_distinct AS
SELECT c, b,
  COUNT(DISTINCT c) OVER (PARTITION BY b ORDER BY rowtime RANGE UNBOUNDED PRECEDING) AS cnt_distinct_c
FROM MyTable;
