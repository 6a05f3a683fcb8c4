-- flink-fn-time-floor  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/TimeFunctionsITCase.java :: TimeFunctionsITCase.floorTestCases (commit 08203cb37bac)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-time-floor.sql --events flink-fn-time-floor.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   FLOOR(f0 TO MILLISECOND)  ->  11:22:33
--   FLOOR(f1 TO MILLISECOND)  ->  1990-10-14
--   FLOOR(f2 TO MILLISECOND)  ->  2020-02-29 01:56:59.987
--   FLOOR(f0 TO SECOND)  ->  11:22:33
--   FLOOR(f1 TO SECOND)  ->  1990-10-14
--   FLOOR(f2 TO SECOND)  ->  2020-02-29 01:56:59
--   FLOOR(f0 TO MINUTE)  ->  11:22:00
--   FLOOR(f1 TO MINUTE)  ->  1990-10-14
--   FLOOR(f2 TO MINUTE)  ->  2020-02-29 01:56:00
--   FLOOR(f0 TO HOUR)  ->  11:00:00
--   FLOOR(f1 TO HOUR)  ->  1990-10-14
--   FLOOR(f2 TO HOUR)  ->  2020-02-29 01:00:00
--   FLOOR(f1 TO DAY)  ->  1990-10-14
--   FLOOR(f2 TO DAY)  ->  2020-02-29 00:00:00
--   FLOOR(f1 TO WEEK)  ->  1990-10-14
--   FLOOR(f2 TO WEEK)  ->  2020-02-23 00:00:00
--   FLOOR(f1 TO MONTH)  ->  1990-10-01
--   FLOOR(f2 TO MONTH)  ->  2020-02-01 00:00:00
--   FLOOR(f1 TO QUARTER)  ->  1990-10-01
--   FLOOR(f2 TO QUARTER)  ->  2020-01-01 00:00:00
--   FLOOR(f1 TO YEAR)  ->  1990-01-01
--   FLOOR(f2 TO YEAR)  ->  2020-01-01 00:00:00
--   FLOOR(f1 TO DECADE)  ->  1990-01-01
--   FLOOR(f2 TO DECADE)  ->  2020-01-01 00:00:00
--   FLOOR(f1 TO CENTURY)  ->  1901-01-01
--   FLOOR(f2 TO CENTURY)  ->  2001-01-01 00:00:00
--   FLOOR(f1 TO MILLENNIUM)  ->  1001-01-01
--   FLOOR(f2 TO MILLENNIUM)  ->  2001-01-01 00:00:00
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out. f2 is TIMESTAMP(9) 2020-02-29 01:56:59.987654321 in the test, read here to the millisecond; FLOOR to MILLISECOND gives .987 either way.

CREATE SOURCE t (
  f0 TIME,
  f1 DATE,
  f2 TIMESTAMP(3)
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  FLOOR(f0 TO MILLISECOND) AS c01,
  FLOOR(f1 TO MILLISECOND) AS c02,
  FLOOR(f2 TO MILLISECOND) AS c03,
  FLOOR(f0 TO SECOND) AS c04,
  FLOOR(f1 TO SECOND) AS c05,
  FLOOR(f2 TO SECOND) AS c06,
  FLOOR(f0 TO MINUTE) AS c07,
  FLOOR(f1 TO MINUTE) AS c08,
  FLOOR(f2 TO MINUTE) AS c09,
  FLOOR(f0 TO HOUR) AS c10,
  FLOOR(f1 TO HOUR) AS c11,
  FLOOR(f2 TO HOUR) AS c12,
  FLOOR(f1 TO DAY) AS c13,
  FLOOR(f2 TO DAY) AS c14,
  FLOOR(f1 TO WEEK) AS c15,
  FLOOR(f2 TO WEEK) AS c16,
  FLOOR(f1 TO MONTH) AS c17,
  FLOOR(f2 TO MONTH) AS c18,
  FLOOR(f1 TO QUARTER) AS c19,
  FLOOR(f2 TO QUARTER) AS c20,
  FLOOR(f1 TO YEAR) AS c21,
  FLOOR(f2 TO YEAR) AS c22,
  FLOOR(f1 TO DECADE) AS c23,
  FLOOR(f2 TO DECADE) AS c24,
  FLOOR(f1 TO CENTURY) AS c25,
  FLOOR(f2 TO CENTURY) AS c26,
  FLOOR(f1 TO MILLENNIUM) AS c27,
  FLOOR(f2 TO MILLENNIUM) AS c28
FROM t;
