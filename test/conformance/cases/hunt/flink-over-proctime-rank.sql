-- flink-over-proctime-rank  [over_proctime]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/OverAggregateITCase.scala :: OverAggregateITCase.testRankOnOver (commit 19808b1375ed)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-over-proctime-rank.sql --events flink-over-proctime-rank.events.jsonl
-- compare: append
-- original query:
--   SELECT a, RANK() OVER (PARTITION BY a ORDER BY proctime) FROM MyTable
-- notes: MyTable is TestData.tupleData5 (15 rows) in list order, with a declared `proctime AS PROCTIME()` column as the test's 'proctime.proctime field; unnamed result columns are given aliases.

CREATE SOURCE MyTable (
  a INT,
  b BIGINT,
  c INT,
  d STRING,
  e BIGINT,
  proctime AS PROCTIME()
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT a, RANK() OVER (PARTITION BY a ORDER BY proctime) AS r FROM MyTable;
