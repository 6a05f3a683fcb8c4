-- flink-fn-coalesce-promotion  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/CoalesceFunctionITCase.java :: CoalesceFunctionITCase.typePromotion (commit 3e6467ffd1d4)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-coalesce-promotion.sql --events flink-fn-coalesce-promotion.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   COALESCE(f0, f1, f2)  ->  1
--   COALESCE(f3, f4, f5)  ->  7
--   COALESCE(f6, f7, f8)  ->  1.23
--   COALESCE(f6, f7, f9)  ->  1.2300
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out. The test's four type-promotion specs (INT and BIGINT, TINYINT and INT, DECIMAL(5,2) and DECIMAL(10,2), DECIMAL(5,2) and DECIMAL(10,4)) share one row here, each over its own fields. The TIMESTAMP(0) and INTERVAL specs are left out (tumbleql has TIMESTAMP(3) only and no INTERVAL columns).

CREATE SOURCE t (
  f0 INT,
  f1 INT,
  f2 BIGINT NOT NULL,
  f3 TINYINT,
  f4 TINYINT,
  f5 INT NOT NULL,
  f6 DECIMAL(5, 2),
  f7 DECIMAL(5, 2),
  f8 DECIMAL(10, 2) NOT NULL,
  f9 DECIMAL(10, 4) NOT NULL
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  COALESCE(f0, f1, f2) AS c01,
  COALESCE(f3, f4, f5) AS c02,
  COALESCE(f6, f7, f8) AS c03,
  COALESCE(f6, f7, f9) AS c04
FROM t;
