-- flink-split-distinct-and-nondistinct  [distinct_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SplitAggregateITCase.scala :: SplitAggregateITCase.testSingleDistinctAggAndOneOrMultiNonDistinctAgg (commit 36da81aa605a)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-split-distinct-and-nondistinct.sql --events flink-split-distinct-and-nondistinct.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a, SUM(b), COUNT(DISTINCT c), avg(b) FROM T GROUP BY a
-- notes: T is the test's 16 rows (a BIGINT, b INT, c STRING) in order; unnamed result columns are given aliases; the test's failing source (fails once and replays) is a plain source; the split-distinct-aggregate optimisation it toggles does not change the rows.

CREATE SOURCE T (
  a BIGINT,
  b INT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT a, SUM(b) AS sb, COUNT(DISTINCT c) AS cc, AVG(b) AS ab FROM T GROUP BY a;
