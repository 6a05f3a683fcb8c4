-- rw-topn-row-number-eq-2  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/row_number_mv.slt :: mv_row_number_equals_two (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-topn-row-number-eq-2.sql --events rw-topn-row-number-eq-2.events.jsonl
-- compare: final_table
-- original query:
--   CREATE MATERIALIZED VIEW mv_row_number_equals_two AS
--   SELECT x, y, rank FROM (
--       SELECT *, ROW_NUMBER() OVER (PARTITION BY x ORDER BY y) AS rank FROM rn_mv_source
--   ) WHERE rank = 2;

CREATE SOURCE rn_mv_source (
  x INT,
  y INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv_row_number_equals_two AS
SELECT x, y, rank FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY x ORDER BY y) AS rank FROM rn_mv_source
) WHERE rank = 2;
