-- rw-intersect-left-deleted  [set_op]
-- from: risingwavelabs/risingwave e2e_test/streaming/intersect.slt :: v (query after left deleted) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-intersect-left-deleted.sql --events rw-intersect-left-deleted.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view v as select * from t1 intersect select * from t2;

CREATE SOURCE t1 (
  rid INT,
  v1 INT,
  v2 INT,
  PRIMARY KEY (rid) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t2 (
  rid INT,
  v1 INT,
  v3 INT,
  PRIMARY KEY (rid) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT v1, v2 FROM t1 INTERSECT SELECT v1, v3 FROM t2;
