-- flink-split-agg-with-join  [distinct_agg_retract]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SplitAggregateITCase.scala :: SplitAggregateITCase.testAggWithJoin (commit 36da81aa605a)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-split-agg-with-join.sql --events flink-split-agg-with-join.events.jsonl
-- compare: final_table
-- original query:
--   SELECT * FROM(
--   SELECT c, MIN(b) as b, MAX(b) as d, COUNT(DISTINCT a) as a
--   FROM(SELECT a, COUNT(DISTINCT b) as b, MAX(b) as c FROM T GROUP BY a) GROUP BY c
--   ) as T1 JOIN T ON T1.b + 2 = T.a
-- notes: T is the test's 16 rows (a BIGINT, b INT, c STRING) in order; unnamed result columns are given aliases; the test's failing source (fails once and replays) is a plain source; the split-distinct-aggregate optimisation it toggles does not change the rows.

CREATE SOURCE T (
  a BIGINT,
  b INT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT T1.c AS c1, T1.b AS b1, T1.d AS d1, T1.a AS a1, T.a AS a, T.b AS b, T.c AS c FROM (
  SELECT c, MIN(b) AS b, MAX(b) AS d, COUNT(DISTINCT a) AS a
  FROM (SELECT a, COUNT(DISTINCT b) AS b, MAX(b) AS c FROM T GROUP BY a) GROUP BY c
) AS T1 JOIN T ON T1.b + 2 = T.a;
