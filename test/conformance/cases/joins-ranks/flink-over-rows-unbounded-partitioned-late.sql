-- flink-over-rows-unbounded-partitioned-late  [over_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testRowTimeUnBoundedPartitionedRowsOver2 (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-rows-unbounded-partitioned-late.sql --events flink-over-rows-unbounded-partitioned-late.events.jsonl
-- compare: append
-- original query:
--   SELECT a, b, c,   SUM(b) OVER (    partition by a ORDER BY rowtime rows between unbounded preceding and current row),   COUNT(b) OVER (    partition by a ORDER BY rowtime rows between unbounded preceding and current row),   AVG(b) OVER (    partition by a ORDER BY rowtime rows between unbounded preceding and current row),   MAX(b) OVER (    partition by a ORDER BY rowtime rows between unbounded preceding and current row),   MIN(b) OVER (    partition by a ORDER BY rowtime rows between unbounded preceding and current row) FROM T1

CREATE SOURCE T1 (
  a INT,
  b BIGINT,
  c STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' DAY
) WITH (connector = 'file', format = 'json');

CREATE VIEW over_unbounded AS
SELECT a, b, c,
  SUM(b) OVER (PARTITION BY a ORDER BY rowtime ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sum_b,
  COUNT(b) OVER (PARTITION BY a ORDER BY rowtime ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS count_b,
  AVG(b) OVER (PARTITION BY a ORDER BY rowtime ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS avg_b,
  MAX(b) OVER (PARTITION BY a ORDER BY rowtime ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS max_b,
  MIN(b) OVER (PARTITION BY a ORDER BY rowtime ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS min_b
FROM T1;
