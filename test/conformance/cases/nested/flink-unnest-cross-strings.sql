-- flink-unnest-cross-strings  [unnest]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/UnnestITCase.scala :: UnnestITCase.testCrossWithUnnest (commit 040d69e506e1)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-unnest-cross-strings.sql --events flink-unnest-cross-strings.events.jsonl
-- compare: append
-- original query:
--   SELECT a, s FROM T, UNNEST(T.c) as A (s)

CREATE SOURCE T (
  a INT,
  b BIGINT,
  c ARRAY<STRING>
) WITH (connector = 'file', format = 'json');

CREATE VIEW unnested AS
SELECT a, s FROM T, UNNEST(T.c) AS A (s);
