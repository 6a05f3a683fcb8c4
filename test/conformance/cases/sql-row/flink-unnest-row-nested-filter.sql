-- flink-unnest-row-nested-filter  [unnest]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/UnnestITCase.scala :: UnnestITCase.testUnnestWithNestedFilter (commit 040d69e506e1)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-unnest-row-nested-filter.sql --events flink-unnest-row-nested-filter.events.jsonl
-- compare: append
-- original query:
--   SELECT * FROM (SELECT a, b1, b2 FROM (SELECT a, b FROM MyTable) T CROSS JOIN UNNEST(T.b) as S(b1, b2) WHERE S.b1 >= 12) tmp WHERE b2 <> '42.6'
-- notes: The tuples are ROW<_1 INT, _2 STRING>.

CREATE SOURCE MyTable (
  a INT,
  b ARRAY<ROW<_1 INT, _2 STRING>>
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT * FROM (
   SELECT a, b1, b2 FROM
       (SELECT a, b FROM MyTable) T
       CROSS JOIN
       UNNEST(T.b) AS S(b1, b2)
       WHERE S.b1 >= 12
   ) tmp
WHERE b2 <> '42.6';
