-- flink-over-range-1s-non-partitioned  [over_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testRowTimeBoundedNonPartitionedRangeOver (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-range-1s-non-partitioned.sql --events flink-over-range-1s-non-partitioned.events.jsonl
-- compare: append
-- original query:
--   SELECT   c, b,   COUNT(a)     OVER (ORDER BY rowtime RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW),   SUM(a)     OVER (ORDER BY rowtime RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW)  FROM T1

CREATE SOURCE T1 (
  a BIGINT,
  b INT,
  c STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' DAY
) WITH (connector = 'file', format = 'json');

CREATE VIEW over_range AS
SELECT c, b,
  COUNT(a) OVER (ORDER BY rowtime RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW) AS cnt,
  SUM(a) OVER (ORDER BY rowtime RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW) AS sum_a
FROM T1;
