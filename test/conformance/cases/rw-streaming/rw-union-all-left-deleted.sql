-- rw-union-all-left-deleted  [union]
-- from: risingwavelabs/risingwave e2e_test/streaming/union.slt :: v (query after left deleted) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-union-all-left-deleted.sql --events rw-union-all-left-deleted.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view v as select * from t1 union all select * from t2;

CREATE SOURCE t1 (
  v1 INT,
  v2 INT,
  v4 INT,
  PRIMARY KEY (v1) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t2 (
  v1 INT,
  v3 INT,
  v4 INT,
  PRIMARY KEY (v1) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT * FROM t1 UNION ALL SELECT * FROM t2;
