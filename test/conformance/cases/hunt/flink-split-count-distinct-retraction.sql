-- flink-split-count-distinct-retraction  [distinct_agg_retract]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SplitAggregateITCase.scala :: SplitAggregateITCase.testCountWithSingleDistinctAndRetraction (commit 36da81aa605a)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-split-count-distinct-retraction.sql --events flink-split-count-distinct-retraction.events.jsonl
-- compare: final_table
-- original query:
--   SELECT b, COUNT(DISTINCT b1), COUNT(1)
--   FROM(SELECT a, COUNT(b) as b, MAX(b) as b1 FROM T GROUP BY a) GROUP BY b
-- notes: T is the test's 16 rows (a BIGINT, b INT, c STRING) in order; unnamed result columns are given aliases; the test's failing source (fails once and replays) is a plain source; the split-distinct-aggregate optimisation it toggles does not change the rows.

CREATE SOURCE T (
  a BIGINT,
  b INT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT b, COUNT(DISTINCT b1) AS cd, COUNT(1) AS c1 FROM (SELECT a, COUNT(b) AS b, MAX(b) AS b1 FROM T GROUP BY a) GROUP BY b;
