-- rw-grouping-sets-empty-twice  [grouping_sets]
-- from: risingwavelabs/risingwave e2e_test/streaming/grouping_sets/grouping_sets.slt :: v_flag_only (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-grouping-sets-empty-twice.sql --events rw-grouping-sets-empty-twice.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view v_flag_only as SELECT count(*) FROM items_sold GROUP BY GROUPING SETS ((), ());
-- notes: RisingWave's table becomes a source; the sqllogictest's query rows are the expected rows (rowsort only orders the check); the insert's '5' is the INT 5; unnamed columns are given aliases.

CREATE SOURCE items_sold (
  brand VARCHAR,
  size VARCHAR,
  sales INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW v_flag_only AS SELECT COUNT(*) AS c FROM items_sold GROUP BY GROUPING SETS ((), ());
