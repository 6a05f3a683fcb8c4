-- flink-program-group-by-simple  [filter_clause]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/GroupAggregateTestPrograms.java :: GroupAggregateTestPrograms.GROUP_BY_SIMPLE (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-group-by-simple.sql --events flink-program-group-by-simple.events.jsonl
-- compare: final_table by b
-- original query:
--   INSERT INTO sink_t SELECT b, COUNT(*) AS cnt, AVG(a) FILTER (WHERE a > 1) AS avg_a, MIN(c) AS min_c FROM source_t GROUP BY b

CREATE SOURCE source_t (
  a INT,
  b BIGINT,
  c VARCHAR
) WITH (connector = 'file', format = 'json');

CREATE VIEW sink_t AS
SELECT b, COUNT(*) AS cnt, AVG(a) FILTER (WHERE a > 1) AS avg_a, MIN(c) AS min_c FROM source_t GROUP BY b;
