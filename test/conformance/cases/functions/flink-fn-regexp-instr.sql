-- flink-fn-regexp-instr  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/RegexpFunctionsITCase.java :: RegexpFunctionsITCase.regexpInstrTestCases (commit 0d53a4798b33)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-regexp-instr.sql --events flink-fn-regexp-instr.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   REGEXP_INSTR(f0, f1)  ->  null
--   REGEXP_INSTR(f1, f0)  ->  null
--   REGEXP_INSTR(f1, '(')  ->  null
--   REGEXP_INSTR(f2, '[a-z]')  ->  0
--   REGEXP_INSTR('Helloworld! Hello everyone!', '\bHello\b')  ->  13
--   REGEXP_INSTR('Helloworld!  Hello everyone!', '\bHello\b')  ->  14
--   REGEXP_INSTR('hello world! Hello everyone!', 'Hello')  ->  14
--   REGEXP_INSTR('a.b.c.d', '\.')  ->  2
--   REGEXP_INSTR('abc123xyz456', '\d')  ->  4
--   REGEXP_INSTR(f2, '(\d+)-(\d+)')  ->  1
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. Java string escapes are undone.

CREATE SOURCE t (
  f0 STRING,
  f1 STRING,
  f2 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  REGEXP_INSTR(f0, f1) AS c01,
  REGEXP_INSTR(f1, f0) AS c02,
  REGEXP_INSTR(f1, '(') AS c03,
  REGEXP_INSTR(f2, '[a-z]') AS c04,
  REGEXP_INSTR('Helloworld! Hello everyone!', '\bHello\b') AS c05,
  REGEXP_INSTR('Helloworld!  Hello everyone!', '\bHello\b') AS c06,
  REGEXP_INSTR('hello world! Hello everyone!', 'Hello') AS c07,
  REGEXP_INSTR('a.b.c.d', '\.') AS c08,
  REGEXP_INSTR('abc123xyz456', '\d') AS c09,
  REGEXP_INSTR(f2, '(\d+)-(\d+)') AS c10
FROM t;
