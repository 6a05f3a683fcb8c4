-- flink-unnest-row-array-filter  [unnest]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/UnnestITCase.scala :: UnnestITCase.testUnnestObjectArrayFromTableWithFilter (commit 040d69e506e1)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-unnest-row-array-filter.sql --events flink-unnest-row-array-filter.events.jsonl
-- compare: append
-- original query:
--   SELECT a, b, s, t FROM T, UNNEST(T.b) AS A (s, t) WHERE s > 13

CREATE SOURCE T (
  a INT,
  b ARRAY<ROW<f0 INT, f1 STRING>>
) WITH (connector = 'file', format = 'json');

CREATE VIEW unnested AS
SELECT a, s, t FROM T, UNNEST(T.b) AS A (s, t) WHERE s > 13;
