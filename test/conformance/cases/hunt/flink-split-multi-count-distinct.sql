-- flink-split-multi-count-distinct  [distinct_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SplitAggregateITCase.scala :: SplitAggregateITCase.testMultiCountDistinctAgg (commit 36da81aa605a)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-split-multi-count-distinct.sql --events flink-split-multi-count-distinct.events.jsonl
-- compare: final_table
-- original query:
--   SELECT COUNT(DISTINCT b), COUNT(DISTINCT c) FROM T
-- notes: T is the test's 16 rows (a BIGINT, b INT, c STRING) in order; unnamed result columns are given aliases; the test's failing source (fails once and replays) is a plain source; the split-distinct-aggregate optimisation it toggles does not change the rows.

CREATE SOURCE T (
  a BIGINT,
  b INT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT COUNT(DISTINCT b) AS cb, COUNT(DISTINCT c) AS cc FROM T;
