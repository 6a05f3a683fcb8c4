-- flink-agg-var-pop-int  [statistics]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testVAR_POP (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-var-pop-int.sql --events flink-agg-var-pop-int.events.jsonl
-- compare: final_table
-- original query:
--   SELECT VAR_POP(a) FROM MyTable GROUP BY c

CREATE SOURCE MyTable (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW var_pop AS
SELECT VAR_POP(a) AS vp FROM MyTable GROUP BY c;
