-- flink-regular-join-inner-append  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testInnerJoin (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-inner-append.sql --events flink-regular-join-inner-append.events.jsonl
-- compare: append
-- original query:
--   SELECT b, c, e, g FROM ds1 JOIN ds2 ON b = e

CREATE SOURCE ds1 (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE ds2 (
  d INT,
  e BIGINT,
  f INT,
  g STRING,
  h BIGINT
) WITH (connector = 'file', format = 'json');

CREATE VIEW joined AS
SELECT b, c, e, g FROM ds1 JOIN ds2 ON b = e;
