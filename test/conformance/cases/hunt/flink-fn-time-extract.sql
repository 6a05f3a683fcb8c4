-- flink-fn-time-extract  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/TimeFunctionsITCase.java :: TimeFunctionsITCase.extractTestCases (commit 08203cb37bac)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-time-extract.sql --events flink-fn-time-extract.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   EXTRACT(NANOSECOND FROM f2)  ->  null
--   EXTRACT(NANOSECOND FROM f4)  ->  12000000
--   EXTRACT(MICROSECOND FROM f2)  ->  null
--   EXTRACT(MILLISECOND FROM f0)  ->  123
--   EXTRACT(MILLISECOND FROM f1)  ->  987
--   EXTRACT(MILLISECOND FROM f2)  ->  null
--   EXTRACT(MILLISECOND FROM f4)  ->  12
--   EXTRACT(SECOND FROM f0)  ->  33
--   EXTRACT(SECOND FROM f1)  ->  59
--   EXTRACT(SECOND FROM f2)  ->  null
--   EXTRACT(MINUTE FROM f0)  ->  22
--   EXTRACT(MINUTE FROM f1)  ->  56
--   EXTRACT(MINUTE FROM f2)  ->  null
--   EXTRACT(HOUR FROM f0)  ->  11
--   EXTRACT(HOUR FROM f1)  ->  1
--   EXTRACT(HOUR FROM f2)  ->  null
--   EXTRACT(DAY FROM f0)  ->  31
--   EXTRACT(DAY FROM f1)  ->  29
--   EXTRACT(DAY FROM f2)  ->  null
--   EXTRACT(DAY FROM f3)  ->  14
--   EXTRACT(WEEK FROM f0)  ->  5
--   EXTRACT(WEEK FROM f1)  ->  9
--   EXTRACT(WEEK FROM f2)  ->  null
--   EXTRACT(MONTH FROM f0)  ->  1
--   EXTRACT(MONTH FROM f1)  ->  2
--   EXTRACT(MONTH FROM f2)  ->  null
--   EXTRACT(QUARTER FROM f0)  ->  1
--   EXTRACT(QUARTER FROM f1)  ->  1
--   EXTRACT(QUARTER FROM f2)  ->  null
--   EXTRACT(YEAR FROM f0)  ->  2000
--   EXTRACT(YEAR FROM f1)  ->  2020
--   EXTRACT(YEAR FROM f2)  ->  null
--   EXTRACT(DECADE FROM f0)  ->  200
--   EXTRACT(DECADE FROM f1)  ->  202
--   EXTRACT(DECADE FROM f2)  ->  null
--   EXTRACT(CENTURY FROM f0)  ->  20
--   EXTRACT(CENTURY FROM f1)  ->  21
--   EXTRACT(CENTURY FROM f2)  ->  null
--   EXTRACT(MILLENNIUM FROM f0)  ->  2
--   EXTRACT(MILLENNIUM FROM f1)  ->  3
--   EXTRACT(MILLENNIUM FROM f2)  ->  null
--   EXTRACT(DOW FROM f0)  ->  2
--   EXTRACT(DOW FROM f1)  ->  7
--   EXTRACT(DOW FROM f2)  ->  null
--   EXTRACT(ISODOW FROM f0)  ->  1
--   EXTRACT(ISODOW FROM f1)  ->  6
--   EXTRACT(ISODOW FROM f2)  ->  null
--   EXTRACT(DOY FROM f0)  ->  31
--   EXTRACT(DOY FROM f1)  ->  60
--   EXTRACT(DOY FROM f2)  ->  null
--   EXTRACT(ISOYEAR FROM f0)  ->  2000
--   EXTRACT(ISOYEAR FROM f1)  ->  2020
--   EXTRACT(ISOYEAR FROM f2)  ->  null
--   EXTRACT(EPOCH FROM f0)  ->  949317753
--   EXTRACT(EPOCH FROM f1)  ->  1582941419
--   EXTRACT(EPOCH FROM f2)  ->  null
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out. The data timestamps carry nanoseconds (TIMESTAMP(6)/(9) in the test); tumbleql holds TIMESTAMP(3), so the input is read to the millisecond and the MICROSECOND/NANOSECOND assertions on f0 and f1 (123456, 987654, 123456000, 987654000), which need the sub-millisecond digits, are left out. f4 (TIMESTAMP_LTZ(3), epoch 100000012 ms) is read as that instant. The Table API-only validation errors are left out.

CREATE SOURCE t (
  f0 TIMESTAMP(3),
  f1 TIMESTAMP(3),
  f2 TIMESTAMP(3),
  f3 DATE,
  f4 TIMESTAMP_LTZ(3),
  f5 BOOLEAN
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  EXTRACT(NANOSECOND FROM f2) AS c01,
  EXTRACT(NANOSECOND FROM f4) AS c02,
  EXTRACT(MICROSECOND FROM f2) AS c03,
  EXTRACT(MILLISECOND FROM f0) AS c04,
  EXTRACT(MILLISECOND FROM f1) AS c05,
  EXTRACT(MILLISECOND FROM f2) AS c06,
  EXTRACT(MILLISECOND FROM f4) AS c07,
  EXTRACT(SECOND FROM f0) AS c08,
  EXTRACT(SECOND FROM f1) AS c09,
  EXTRACT(SECOND FROM f2) AS c10,
  EXTRACT(MINUTE FROM f0) AS c11,
  EXTRACT(MINUTE FROM f1) AS c12,
  EXTRACT(MINUTE FROM f2) AS c13,
  EXTRACT(HOUR FROM f0) AS c14,
  EXTRACT(HOUR FROM f1) AS c15,
  EXTRACT(HOUR FROM f2) AS c16,
  EXTRACT(DAY FROM f0) AS c17,
  EXTRACT(DAY FROM f1) AS c18,
  EXTRACT(DAY FROM f2) AS c19,
  EXTRACT(DAY FROM f3) AS c20,
  EXTRACT(WEEK FROM f0) AS c21,
  EXTRACT(WEEK FROM f1) AS c22,
  EXTRACT(WEEK FROM f2) AS c23,
  EXTRACT(MONTH FROM f0) AS c24,
  EXTRACT(MONTH FROM f1) AS c25,
  EXTRACT(MONTH FROM f2) AS c26,
  EXTRACT(QUARTER FROM f0) AS c27,
  EXTRACT(QUARTER FROM f1) AS c28,
  EXTRACT(QUARTER FROM f2) AS c29,
  EXTRACT(YEAR FROM f0) AS c30,
  EXTRACT(YEAR FROM f1) AS c31,
  EXTRACT(YEAR FROM f2) AS c32,
  EXTRACT(DECADE FROM f0) AS c33,
  EXTRACT(DECADE FROM f1) AS c34,
  EXTRACT(DECADE FROM f2) AS c35,
  EXTRACT(CENTURY FROM f0) AS c36,
  EXTRACT(CENTURY FROM f1) AS c37,
  EXTRACT(CENTURY FROM f2) AS c38,
  EXTRACT(MILLENNIUM FROM f0) AS c39,
  EXTRACT(MILLENNIUM FROM f1) AS c40,
  EXTRACT(MILLENNIUM FROM f2) AS c41,
  EXTRACT(DOW FROM f0) AS c42,
  EXTRACT(DOW FROM f1) AS c43,
  EXTRACT(DOW FROM f2) AS c44,
  EXTRACT(ISODOW FROM f0) AS c45,
  EXTRACT(ISODOW FROM f1) AS c46,
  EXTRACT(ISODOW FROM f2) AS c47,
  EXTRACT(DOY FROM f0) AS c48,
  EXTRACT(DOY FROM f1) AS c49,
  EXTRACT(DOY FROM f2) AS c50,
  EXTRACT(ISOYEAR FROM f0) AS c51,
  EXTRACT(ISOYEAR FROM f1) AS c52,
  EXTRACT(ISOYEAR FROM f2) AS c53,
  EXTRACT(EPOCH FROM f0) AS c54,
  EXTRACT(EPOCH FROM f1) AS c55,
  EXTRACT(EPOCH FROM f2) AS c56
FROM t;
