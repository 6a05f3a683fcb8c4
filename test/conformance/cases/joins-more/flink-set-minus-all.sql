-- flink-set-minus-all  [set_operation]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SetOperatorsITCase.scala :: SetOperatorsITCase.testMinusAll (commit bf194de0b3a2)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-set-minus-all.sql --events flink-set-minus-all.events.jsonl
-- compare: final_table
-- original query:
--   SELECT c FROM ((SELECT * FROM tableA UNION ALL SELECT * FROM tableA UNION ALL SELECT * FROM tableA) EXCEPT ALL SELECT * FROM tableB)

CREATE SOURCE tableA (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE tableB (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW minus_all AS
SELECT c FROM ((SELECT * FROM tableA UNION ALL SELECT * FROM tableA UNION ALL SELECT * FROM tableA) EXCEPT ALL SELECT * FROM tableB);
