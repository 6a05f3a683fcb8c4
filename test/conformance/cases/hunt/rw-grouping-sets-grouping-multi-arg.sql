-- rw-grouping-sets-grouping-multi-arg  [grouping_sets]
-- from: risingwavelabs/risingwave e2e_test/streaming/grouping_sets/grouping_sets.slt :: v (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-grouping-sets-grouping-multi-arg.sql --events rw-grouping-sets-grouping-multi-arg.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view v as SELECT brand, size, sum(sales), grouping(brand) g1, grouping(size) g2, grouping(brand,size) g3, count(distinct sales) FROM items_sold GROUP BY GROUPING SETS ((brand), (size), ());
-- notes: RisingWave's table becomes a source; the sqllogictest's query rows are the expected rows (rowsort only orders the check); the insert's '5' is the INT 5; unnamed columns are given aliases.

CREATE SOURCE items_sold (
  brand VARCHAR,
  size VARCHAR,
  sales INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT brand, size, SUM(sales) AS s, GROUPING(brand) g1, GROUPING(size) g2, GROUPING(brand, size) g3, COUNT(DISTINCT sales) AS c FROM items_sold GROUP BY GROUPING SETS ((brand), (size), ());
