-- flink-unnest-array-of-array  [unnest]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/UnnestITCase.scala :: UnnestITCase.testUnnestArrayOfArrayFromTable (commit 040d69e506e1)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-unnest-array-of-array.sql --events flink-unnest-array-of-array.events.jsonl
-- compare: append
-- original query:
--   SELECT a, s FROM T, UNNEST(T.c) AS A (s)

CREATE SOURCE T (
  a INT,
  b ARRAY<INT>,
  c ARRAY<ARRAY<INT>>
) WITH (connector = 'file', format = 'json');

CREATE VIEW unnested AS
SELECT a, s FROM T, UNNEST(T.c) AS A (s);
