-- flink-unnest-row-array-no-alias  [unnest]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/UnnestITCase.scala :: UnnestITCase.testUnnestObjectArrayWithoutAlias (commit 040d69e506e1)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-unnest-row-array-no-alias.sql --events flink-unnest-row-array-no-alias.events.jsonl
-- compare: append
-- original query:
--   SELECT a, b, A._1, A._2 FROM T, UNNEST(T.b) AS A where A._1 > 13
-- notes: The tuples are ROW<_1 INT, _2 STRING>; the array column b is left out of the view's columns.

CREATE SOURCE T (
  a INT,
  b ARRAY<ROW<_1 INT, _2 STRING>>
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT a, A._1, A._2 FROM T, UNNEST(T.b) AS A WHERE A._1 > 13;
