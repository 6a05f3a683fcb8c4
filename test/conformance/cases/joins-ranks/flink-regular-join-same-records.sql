-- flink-regular-join-same-records  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testStreamJoinWithSameRecord (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-same-records.sql --events flink-regular-join-same-records.events.jsonl
-- compare: final_table
-- original query:
--   SELECT
--     ds1.pk as leftPk,
--     ds1.a as leftA,
--     ds2.pk as rightPk,
--     ds2.a as rightA
--   FROM ds1 JOIN ds2 ON ds1.pk = ds2.pk

CREATE SOURCE ds1 (
  pk INT,
  a INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE ds2 (
  pk INT,
  a INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW joined AS
SELECT
  ds1.pk as leftPk,
  ds1.a as leftA,
  ds2.pk as rightPk,
  ds2.a as rightA
FROM ds1 JOIN ds2 ON ds1.pk = ds2.pk;
