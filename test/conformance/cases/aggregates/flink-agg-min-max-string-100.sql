-- flink-agg-min-max-string-100  [group_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testBigDataOfMinMaxWithBinaryString (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-min-max-string-100.sql --events flink-agg-min-max-string-100.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a, min(b), max(c), min(c) FROM T GROUP BY a

CREATE SOURCE T (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW min_max_string_100 AS
SELECT a, MIN(b) AS mnb, MAX(c) AS mxc, MIN(c) AS mnc FROM T GROUP BY a;
