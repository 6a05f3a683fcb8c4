-- flink-unnest-primitive-array  [unnest]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/UnnestITCase.scala :: UnnestITCase.testUnnestPrimitiveArrayFromTable (commit 040d69e506e1)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-unnest-primitive-array.sql --events flink-unnest-primitive-array.events.jsonl
-- compare: append
-- original query:
--   SELECT a, b, s FROM T, UNNEST(T.b) AS A (s)

CREATE SOURCE T (
  a INT,
  b ARRAY<INT>,
  c ARRAY<ARRAY<INT>>
) WITH (connector = 'file', format = 'json');

CREATE VIEW unnested AS
SELECT a, b, s FROM T, UNNEST(T.b) AS A (s);
