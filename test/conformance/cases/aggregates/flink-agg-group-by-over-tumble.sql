-- flink-agg-group-by-over-tumble  [window_then_group]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testWindowWithUnboundedAgg (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-group-by-over-tumble.sql --events flink-agg-group-by-over-tumble.events.jsonl
-- compare: final_table
-- original query:
--   SELECT c, MAX(a), COUNT(DISTINCT d) FROM (
--   SELECT a,
--      SUM(DISTINCT e) b,
--      MIN(DISTINCT e) c,
--      COUNT(DISTINCT e) d
--   FROM MyTable
--   GROUP BY a, TUMBLE(rowtime, INTERVAL '0.005' SECOND)
--   ) GROUP BY c

CREATE SOURCE MyTable (
  rowtime TIMESTAMP(3),
  a INT,
  c INT,
  d STRING,
  e BIGINT,
  WATERMARK FOR rowtime AS rowtime - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW group_over_tumble AS
SELECT c, MAX(a) AS mx, COUNT(DISTINCT d) AS cd FROM (
  SELECT a,
    SUM(DISTINCT e) AS b,
    MIN(DISTINCT e) AS c,
    COUNT(DISTINCT e) AS d
  FROM MyTable
  GROUP BY a, TUMBLE(rowtime, INTERVAL '0.005' SECOND))
GROUP BY c;
