-- flink-array-agg-keyless-changelog  [array_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/ArrayAggFunctionITCase.java :: ArrayAggFunctionITCase.getTestCaseSpecs ("ARRAY changelog stream aggregation") (commit 96c5c2c2b7b7)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-array-agg-keyless-changelog.sql --events flink-array-agg-keyless-changelog.events.jsonl
-- compare: final_table
-- original query:
--   SELECT f0, array_agg(f1) FROM source GROUP BY f0

-- A changelog without a key: its -U/-D rows retract an equal earlier row (Flink's Row.ofKind source).
CREATE TABLE src (
  f0 STRING,
  f1 INT
) WITH (connector = 'file', format = 'changelog-json');

CREATE VIEW agg AS
SELECT f0, ARRAY_AGG(f1) AS arr FROM src GROUP BY f0;
