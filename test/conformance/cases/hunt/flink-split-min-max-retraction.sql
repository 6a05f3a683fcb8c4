-- flink-split-min-max-retraction  [distinct_agg_retract]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SplitAggregateITCase.scala :: SplitAggregateITCase.testMinMaxWithRetraction (commit 36da81aa605a)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-split-min-max-retraction.sql --events flink-split-min-max-retraction.events.jsonl
-- compare: final_table
-- original query:
--   SELECT c, MIN(b), MAX(b), COUNT(DISTINCT a)
--   FROM(SELECT a, COUNT(DISTINCT b) as b, MAX(b) as c FROM T GROUP BY a) GROUP BY c
-- notes: T is the test's 16 rows (a BIGINT, b INT, c STRING) in order; unnamed result columns are given aliases; the test's failing source (fails once and replays) is a plain source; the split-distinct-aggregate optimisation it toggles does not change the rows.

CREATE SOURCE T (
  a BIGINT,
  b INT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT c, MIN(b) AS mn, MAX(b) AS mx, COUNT(DISTINCT a) AS ca FROM (SELECT a, COUNT(DISTINCT b) AS b, MAX(b) AS c FROM T GROUP BY a) GROUP BY c;
