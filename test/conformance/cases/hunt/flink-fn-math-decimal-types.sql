-- flink-fn-math-decimal-types  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/MathFunctionsITCase.java :: MathFunctionsITCase.getTestSetSpecs (PLUS, MINUS, DIVIDE, TIMES, MOD, ROUND, TRUNCATE) (commit 16ea0a2e327f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-math-decimal-types.sql --events flink-fn-math-decimal-types.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   f0 + 6  ->  1514356320006
--   f0 + f0  ->  3028712640000
--   f0 - 6  ->  1514356319994
--   f0 - f0  ->  0
--   f0 / 6  ->  252392720000.00000000000
--   f0 / f0  ->  1.0000000000000000000
--   f0 * 6  ->  9086137920000
--   f0 * f0  ->  2293275063923942400000000
--   MOD(f0, f0)  ->  0
--   MOD(f0, 6)  ->  0
--   MOD(f1, f2)  ->  2
--   ROUND(f3, 2)  ->  12345.12
--   TRUNCATE(f4, 2)  ->  123.45
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out. The seven specs with DECIMAL data share one row (f0 DECIMAL(19, 0), f1 BIGINT, f2 INT for MOD, f3 DECIMAL(10, 5) for ROUND, f4 DECIMAL(6, 3) for TRUNCATE); the two INTERVAL products (f1 * 3 and f2 * INTERVAL ...) are left out: tumbleql has no INTERVAL columns or results.

CREATE SOURCE t (
  f0 DECIMAL(19, 0) NOT NULL,
  f1 BIGINT,
  f2 INT,
  f3 DECIMAL(10, 5) NOT NULL,
  f4 DECIMAL(6, 3) NOT NULL
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  f0 + 6 AS c01,
  f0 + f0 AS c02,
  f0 - 6 AS c03,
  f0 - f0 AS c04,
  f0 / 6 AS c05,
  f0 / f0 AS c06,
  f0 * 6 AS c07,
  f0 * f0 AS c08,
  MOD(f0, f0) AS c09,
  MOD(f0, 6) AS c10,
  MOD(f1, f2) AS c11,
  ROUND(f3, 2) AS c12,
  TRUNCATE(f4, 2) AS c13
FROM t;
