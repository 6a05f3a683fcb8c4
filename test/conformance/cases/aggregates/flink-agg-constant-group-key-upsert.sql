-- flink-agg-constant-group-key-upsert  [group_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testConstantGroupKeyWithUpsertSink (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-constant-group-key-upsert.sql --events flink-agg-constant-group-key-upsert.events.jsonl
-- compare: final_table by c
-- original query:
--   insert into testSink
--   select c, max(b) from
--    (select b, c, true as f from MyTable) t
--   group by c, f

CREATE SOURCE MyTable (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW constant_key AS
SELECT c, MAX(b) AS bMax FROM
  (SELECT b, c, TRUE AS f FROM MyTable) t
GROUP BY c, f;
