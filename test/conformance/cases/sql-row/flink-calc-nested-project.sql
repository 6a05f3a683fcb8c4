-- flink-calc-nested-project  [row_field]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/CalcITCase.scala :: CalcITCase.testNestedProject (commit 02d6a52a9f66)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-calc-nested-project.sql --events flink-calc-nested-project.events.jsonl
-- compare: append
-- original query:
--   select id, deepNested.nested1.name AS nestedName, nested.`value` AS nestedValue, deepNested.nested2.flag AS nestedFlag, deepNested.nested2.num AS nestedNum from NestedTable
-- notes: The values source (TestValuesTableFactory, 'nested-projection-supported' = 'false') is a plain JSON source with the test's DDL; each row's nested rows are JSON objects.

CREATE SOURCE NestedTable (
  id INT,
  deepNested ROW<nested1 ROW<name STRING, `value` INT>,
                 nested2 ROW<num INT, flag BOOLEAN>>,
  nested ROW<name STRING, `value` INT>,
  name STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT id,
    deepNested.nested1.name AS nestedName,
    nested.`value` AS nestedValue,
    deepNested.nested2.flag AS nestedFlag,
    deepNested.nested2.num AS nestedNum
FROM NestedTable;
