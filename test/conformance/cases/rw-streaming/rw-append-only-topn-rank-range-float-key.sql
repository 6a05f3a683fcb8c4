-- rw-append-only-topn-rank-range-float-key  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/append_only.slt :: mv4_1 (Group TopN) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-append-only-topn-rank-range-float-key.sql --events rw-append-only-topn-rank-range-float-key.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv4_1 as
--   select v1, v3 from (
--       select *, ROW_NUMBER() OVER (PARTITION BY v3 ORDER BY v1) as rank from t4
--   )
--   where rank <= 2 AND rank > 1;

CREATE SOURCE t4 (
  v1 FLOAT,
  v2 INT,
  v3 FLOAT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv4_1 AS
SELECT v1, v3 FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY v3 ORDER BY v1) AS rank FROM t4
)
WHERE rank <= 2 AND rank > 1;
