-- rw-grouping-sets-cube  [grouping_sets]
-- from: risingwavelabs/risingwave e2e_test/streaming/grouping_sets/cube.slt :: v (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-grouping-sets-cube.sql --events rw-grouping-sets-cube.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view v as SELECT brand, size, sum(sales) FROM items_sold GROUP BY CUBE (brand, size);
-- notes: RisingWave's table becomes a source; the sqllogictest's query rows are the expected rows (rowsort only orders the check); the insert's '5' is the INT 5; unnamed columns are given aliases.

CREATE SOURCE items_sold (
  brand VARCHAR,
  size VARCHAR,
  sales INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT brand, size, SUM(sales) AS s FROM items_sold GROUP BY CUBE (brand, size);
