-- flink-agg-stddev  [statistics]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testSTDDEV (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-stddev.sql --events flink-agg-stddev.events.jsonl
-- compare: final_table
-- original query:
--   SELECT STDDEV_SAMP(a), STDDEV_POP(a) FROM MyTable GROUP BY c

CREATE SOURCE MyTable (
  a DOUBLE,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW stddev AS
SELECT STDDEV_SAMP(a) AS ss, STDDEV_POP(a) AS sp FROM MyTable GROUP BY c;
