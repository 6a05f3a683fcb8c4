-- flink-unnest-cross-join-map  [unnest]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/UnnestITCase.scala :: UnnestITCase.testCrossWithUnnestForMap (commit 040d69e506e1)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-unnest-cross-join-map.sql --events flink-unnest-cross-join-map.events.jsonl
-- compare: append
-- original query:
--   SELECT a, b, v FROM T CROSS JOIN UNNEST(c) as f (k, v)

CREATE SOURCE T (
  a INT,
  b BIGINT,
  c MAP<STRING, STRING>
) WITH (connector = 'file', format = 'json');

CREATE VIEW MySink AS
SELECT a, b, v FROM T CROSS JOIN UNNEST(c) AS f (k, v);
