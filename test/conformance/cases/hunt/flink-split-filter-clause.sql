-- flink-split-filter-clause  [distinct_filter]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SplitAggregateITCase.scala :: SplitAggregateITCase.testAggWithFilterClause (commit 36da81aa605a)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-split-filter-clause.sql --events flink-split-filter-clause.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a, COUNT(DISTINCT b) filter (where not b = 2), MAX(b) filter (where not b = 5), MIN(b) filter (where not b = 2)
--   FROM T GROUP BY a
-- notes: T is the test's 16 rows (a BIGINT, b INT, c STRING) in order; unnamed result columns are given aliases; the test's failing source (fails once and replays) is a plain source; the split-distinct-aggregate optimisation it toggles does not change the rows.

CREATE SOURCE T (
  a BIGINT,
  b INT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT a, COUNT(DISTINCT b) FILTER (WHERE NOT b = 2) AS cb, MAX(b) FILTER (WHERE NOT b = 5) AS mx, MIN(b) FILTER (WHERE NOT b = 2) AS mn FROM T GROUP BY a;
