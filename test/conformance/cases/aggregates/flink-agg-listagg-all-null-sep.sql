-- flink-agg-listagg-all-null-sep  [listagg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testListAggWithNullData (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-listagg-all-null-sep.sql --events flink-agg-listagg-all-null-sep.events.jsonl
-- compare: final_table
-- original query:
--   SELECT len, listagg(content, '#') FROM T GROUP BY len

CREATE SOURCE T (
  id INT,
  len INT,
  content STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW listagg_null_sep AS
SELECT len, LISTAGG(content, '#') AS l FROM T GROUP BY len;
