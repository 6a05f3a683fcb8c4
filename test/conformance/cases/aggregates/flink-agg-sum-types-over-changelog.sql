-- flink-agg-sum-types-over-changelog  [group_agg_retract]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testDifferentTypesSumWithRetract (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-sum-types-over-changelog.sql --events flink-agg-sum-types-over-changelog.events.jsonl
-- compare: final_table
-- original query:
--   SELECT sum(a), sum(b), sum(c), sum(d), sum(e), sum(f) FROM T GROUP BY g   -- T: 'changelog-mode' = 'I,D'

CREATE SOURCE T (
  a TINYINT,
  b SMALLINT,
  c INT,
  d BIGINT,
  e FLOAT,
  f DOUBLE,
  g STRING,
  PRIMARY KEY (c, g) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE VIEW sum_types_retract AS
SELECT SUM(a) AS sa, SUM(b) AS sb, SUM(c) AS sc, SUM(d) AS sd, SUM(e) AS se, SUM(f) AS sf FROM T GROUP BY g;
