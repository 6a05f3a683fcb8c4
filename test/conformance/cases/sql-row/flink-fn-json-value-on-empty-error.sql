-- flink-fn-json-value-on-empty-error  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/JsonFunctionsITCase.java :: JsonFunctionsITCase.jsonValueSpec (commit 02f852263c85)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-json-value-on-empty-error.sql --events flink-fn-json-value-on-empty-error.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   JSON_VALUE(f0, 'lax $.invalid' NULL ON EMPTY ERROR ON ERROR)  ->  null
--   JSON_VALUE(f0, 'strict $.invalid' ERROR ON EMPTY NULL ON ERROR)  ->  null
--   JSON_VALUE(f0, 'strict $.invalid' RETURNING INTEGER NULL ON EMPTY DEFAULT 42 ON ERROR)  ->  42
--   JSON_VALUE(f0, '$.type' RETURNING INTEGER DEFAULT 42 ON ERROR)  ->  42
--   JSON_VALUE(f0, '$.longBalance' RETURNING DECIMAL(5, 2))  ->  null
--   JSON_VALUE(f0, '$.longBalance' RETURNING DECIMAL(5, 2) DEFAULT '0.00' ON ERROR)  ->  "0.00"
--   JSON_VALUE(f0, '$.longBalance' RETURNING DOUBLE)  ->  123456789.98765433
--   JSON_VALUE(f0, '$.balance' RETURNING FLOAT)  ->  13.37
--   JSON_VALUE(f0, '$.age' RETURNING SMALLINT)  ->  42
--   CAST(JSON_VALUE(f0, '$.balance' RETURNING DOUBLE) AS BIGINT)  ->  13
--   CAST(JSON_VALUE(f0, '$.age' RETURNING INTEGER) AS DOUBLE)  ->  42.0
--   CAST(JSON_VALUE(f0, '$.longBalance' RETURNING DOUBLE) AS BIGINT)  ->  123456789
--   JSON_VALUE('{"a": 99999, "b": 99999}', '$.a' RETURNING INT) = JSON_VALUE('{"a": 99999, "b": 99999}', '$.b' RETURNING INT)  ->  true
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. f0 is the test resource /json/json-value.json. The assertions that expect a runtime error (ERROR ON ERROR) are left out: tumbleql rejects the row instead of failing the job (README, Decisions; test/slt/json-clauses.slt).

CREATE SOURCE t (
  f0 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  JSON_VALUE(f0, 'lax $.invalid' NULL ON EMPTY ERROR ON ERROR) AS c01,
  JSON_VALUE(f0, 'strict $.invalid' ERROR ON EMPTY NULL ON ERROR) AS c02,
  JSON_VALUE(f0, 'strict $.invalid' RETURNING INTEGER NULL ON EMPTY DEFAULT 42 ON ERROR) AS c03,
  JSON_VALUE(f0, '$.type' RETURNING INTEGER DEFAULT 42 ON ERROR) AS c04,
  JSON_VALUE(f0, '$.longBalance' RETURNING DECIMAL(5, 2)) AS c05,
  JSON_VALUE(f0, '$.longBalance' RETURNING DECIMAL(5, 2) DEFAULT '0.00' ON ERROR) AS c06,
  JSON_VALUE(f0, '$.longBalance' RETURNING DOUBLE) AS c07,
  JSON_VALUE(f0, '$.balance' RETURNING FLOAT) AS c08,
  JSON_VALUE(f0, '$.age' RETURNING SMALLINT) AS c09,
  CAST(JSON_VALUE(f0, '$.balance' RETURNING DOUBLE) AS BIGINT) AS c10,
  CAST(JSON_VALUE(f0, '$.age' RETURNING INTEGER) AS DOUBLE) AS c11,
  CAST(JSON_VALUE(f0, '$.longBalance' RETURNING DOUBLE) AS BIGINT) AS c12,
  JSON_VALUE('{"a": 99999, "b": 99999}', '$.a' RETURNING INT) = JSON_VALUE('{"a": 99999, "b": 99999}', '$.b' RETURNING INT) AS c13
FROM t;
