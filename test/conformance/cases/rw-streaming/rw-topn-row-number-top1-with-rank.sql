-- rw-topn-row-number-top1-with-rank  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/group_top_n/group_top_1.slt :: mv (issue 12282) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-topn-row-number-top1-with-rank.sql --events rw-topn-row-number-top1-with-rank.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv as SELECT * FROM (
--       SELECT
--           *,
--           row_number() OVER (PARTITION BY a ORDER BY b) AS rank
--           FROM t
--   ) WHERE rank <= 1;

CREATE SOURCE t (
  a INT,
  b INT,
  c INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv AS SELECT * FROM (
  SELECT
    *,
    row_number() OVER (PARTITION BY a ORDER BY b) AS rank
  FROM t
) WHERE rank <= 1;
