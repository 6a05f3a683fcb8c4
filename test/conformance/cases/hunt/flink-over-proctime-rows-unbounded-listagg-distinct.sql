-- flink-over-proctime-rows-unbounded-listagg-distinct  [over_proctime]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testProcTimeUnboundedNonPartitionedRowsOver (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-proctime-rows-unbounded-listagg-distinct.sql --events flink-over-proctime-rows-unbounded-listagg-distinct.events.jsonl
-- compare: append
-- original query:
--   SELECT listagg(distinct c, '|') OVER (ORDER BY proctime ROWS BETWEEN UNBOUNDED preceding AND CURRENT ROW), count(a) OVER (ORDER BY proctime ROWS BETWEEN UNBOUNDED preceding AND CURRENT ROW) from T1
-- notes: T1 is the test's 9 rows (a BIGINT, b INT, c STRING) in list order with a declared `proctime AS PROCTIME()` column; unnamed result columns are given aliases.

CREATE SOURCE T1 (
  a BIGINT,
  b INT,
  c STRING,
  proctime AS PROCTIME()
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT LISTAGG(DISTINCT c, '|') OVER (ORDER BY proctime ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS la, COUNT(a) OVER (ORDER BY proctime ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cnt FROM T1;
