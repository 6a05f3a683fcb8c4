-- rw-dynamic-filter-max-after-second-insert  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/dynamic_filter.slt :: mv1 (query after after second insert) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-dynamic-filter-max-after-second-insert.sql --events rw-dynamic-filter-max-after-second-insert.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv1 as with max_v2 as (select max(v2) max from t2) select v1 from t1, max_v2 where v1 > max;

CREATE SOURCE t1 (
  v1 INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t2 (
  v2 INT,
  PRIMARY KEY (v2) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv1 AS WITH max_v2 AS (SELECT max(v2) `max` FROM t2) SELECT v1 FROM t1, max_v2 WHERE v1 > `max`;
