-- flink-unnest-join-tuple  [unnest]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/UnnestITCase.scala :: UnnestITCase.testJoinWithUnnestOfTuple (commit 040d69e506e1)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-unnest-join-tuple.sql --events flink-unnest-join-tuple.events.jsonl
-- compare: append
-- original query:
--   SELECT a, b, x, y FROM (SELECT a, b FROM T WHERE a < 3) as tf, UNNEST(tf.b) as A (x, y) WHERE x > a
-- notes: The tuples of the test's collection are ROW<_1 INT, _2 STRING> (Scala tuple fields _1, _2); the array column b is left out of the view's columns (Flink prints it as [12,45.6, 2,45.612]).

CREATE SOURCE T (
  a INT,
  b ARRAY<ROW<_1 INT, _2 STRING>>
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT a, x, y FROM (SELECT a, b FROM T WHERE a < 3) AS tf, UNNEST(tf.b) AS A (x, y) WHERE x > a;
