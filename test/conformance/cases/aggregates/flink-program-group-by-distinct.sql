-- flink-program-group-by-distinct  [distinct_filter]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/GroupAggregateTestPrograms.java :: GroupAggregateTestPrograms.GROUP_BY_DISTINCT (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-group-by-distinct.sql --events flink-program-group-by-distinct.events.jsonl
-- compare: final_table by e
-- original query:
--   INSERT INTO sink_t SELECT e, COUNT(DISTINCT a) FILTER (WHERE b > 10) AS cnt_a1, COUNT(DISTINCT a) AS cnt_a2, SUM(DISTINCT a) AS sum_a, SUM(DISTINCT b) AS sum_b, AVG(b) AS avg_b, COUNT(DISTINCT d) AS concat_d FROM source_t GROUP BY e

CREATE SOURCE source_t (
  a INT,
  b BIGINT,
  c INT,
  d VARCHAR,
  e BIGINT
) WITH (connector = 'file', format = 'json');

CREATE VIEW sink_t AS
SELECT e,
  COUNT(DISTINCT a) FILTER (WHERE b > 10) AS cnt_a1,
  COUNT(DISTINCT a) AS cnt_a2,
  SUM(DISTINCT a) AS sum_a,
  SUM(DISTINCT b) AS sum_b,
  AVG(b) AS avg_b,
  COUNT(DISTINCT d) AS cnt_d
FROM source_t GROUP BY e;
