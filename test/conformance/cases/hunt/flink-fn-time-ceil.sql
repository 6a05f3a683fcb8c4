-- flink-fn-time-ceil  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/TimeFunctionsITCase.java :: TimeFunctionsITCase.ceilTestCases (commit 08203cb37bac)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-time-ceil.sql --events flink-fn-time-ceil.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   CEIL(f0 TO MILLISECOND)  ->  11:22:33
--   CEIL(f1 TO MILLISECOND)  ->  1990-10-14
--   CEIL(f0 TO SECOND)  ->  11:22:33
--   CEIL(f1 TO SECOND)  ->  1990-10-14
--   CEIL(f2 TO SECOND)  ->  2020-02-29 01:57:00
--   CEIL(f0 TO MINUTE)  ->  11:23:00
--   CEIL(f1 TO MINUTE)  ->  1990-10-14
--   CEIL(f2 TO MINUTE)  ->  2020-02-29 01:57:00
--   CEIL(f0 TO HOUR)  ->  12:00:00
--   CEIL(f1 TO HOUR)  ->  1990-10-14
--   CEIL(f2 TO HOUR)  ->  2020-02-29 02:00:00
--   CEIL(f1 TO DAY)  ->  1990-10-15
--   CEIL(f2 TO DAY)  ->  2020-03-01 00:00:00
--   CEIL(f1 TO WEEK)  ->  1990-10-14
--   CEIL(f2 TO WEEK)  ->  2020-03-01 00:00:00
--   CEIL(f1 TO MONTH)  ->  1990-11-01
--   CEIL(f2 TO MONTH)  ->  2020-03-01 00:00:00
--   CEIL(f1 TO QUARTER)  ->  1991-01-01
--   CEIL(f2 TO QUARTER)  ->  2020-04-01 00:00:00
--   CEIL(f1 TO YEAR)  ->  1991-01-01
--   CEIL(f2 TO YEAR)  ->  2021-01-01 00:00:00
--   CEIL(f1 TO DECADE)  ->  2000-01-01
--   CEIL(f2 TO DECADE)  ->  2030-01-01 00:00:00
--   CEIL(f1 TO CENTURY)  ->  2001-01-01
--   CEIL(f2 TO CENTURY)  ->  2101-01-01 00:00:00
--   CEIL(f1 TO MILLENNIUM)  ->  2001-01-01
--   CEIL(f2 TO MILLENNIUM)  ->  3001-01-01 00:00:00
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out. f2 is TIMESTAMP(9) 2020-02-29 01:56:59.987654321 in the test, read here to the millisecond (.987): CEIL(f2 TO MILLISECOND), .988 in the test, needs the dropped digits and is left out.

CREATE SOURCE t (
  f0 TIME,
  f1 DATE,
  f2 TIMESTAMP(3)
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  CEIL(f0 TO MILLISECOND) AS c01,
  CEIL(f1 TO MILLISECOND) AS c02,
  CEIL(f0 TO SECOND) AS c03,
  CEIL(f1 TO SECOND) AS c04,
  CEIL(f2 TO SECOND) AS c05,
  CEIL(f0 TO MINUTE) AS c06,
  CEIL(f1 TO MINUTE) AS c07,
  CEIL(f2 TO MINUTE) AS c08,
  CEIL(f0 TO HOUR) AS c09,
  CEIL(f1 TO HOUR) AS c10,
  CEIL(f2 TO HOUR) AS c11,
  CEIL(f1 TO DAY) AS c12,
  CEIL(f2 TO DAY) AS c13,
  CEIL(f1 TO WEEK) AS c14,
  CEIL(f2 TO WEEK) AS c15,
  CEIL(f1 TO MONTH) AS c16,
  CEIL(f2 TO MONTH) AS c17,
  CEIL(f1 TO QUARTER) AS c18,
  CEIL(f2 TO QUARTER) AS c19,
  CEIL(f1 TO YEAR) AS c20,
  CEIL(f2 TO YEAR) AS c21,
  CEIL(f1 TO DECADE) AS c22,
  CEIL(f2 TO DECADE) AS c23,
  CEIL(f1 TO CENTURY) AS c24,
  CEIL(f2 TO CENTURY) AS c25,
  CEIL(f1 TO MILLENNIUM) AS c26,
  CEIL(f2 TO MILLENNIUM) AS c27
FROM t;
