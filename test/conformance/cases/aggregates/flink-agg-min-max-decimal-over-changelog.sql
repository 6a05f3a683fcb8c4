-- flink-agg-min-max-decimal-over-changelog  [decimal]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testMinMaxWithDecimal (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-min-max-decimal-over-changelog.sql --events flink-agg-min-max-decimal-over-changelog.events.jsonl
-- compare: final_table
-- original query:
--   select cnt, min(a), max(a) from (
--     select a, count(a) as cnt from T group by a
--   ) group by cnt

CREATE SOURCE T (
  a DECIMAL(7, 2)
) WITH (connector = 'file', format = 'json');

CREATE VIEW min_max_decimal AS
SELECT cnt, MIN(a) AS mn, MAX(a) AS mx FROM (
  SELECT a, COUNT(a) AS cnt FROM T GROUP BY a
) GROUP BY cnt;
