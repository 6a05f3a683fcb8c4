-- rw-except-right-inserted  [set_op]
-- from: risingwavelabs/risingwave e2e_test/streaming/except.slt :: v (query after right inserted) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-except-right-inserted.sql --events rw-except-right-inserted.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view v as select * from t1 except select * from t2;

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

CREATE VIEW v AS SELECT v1, v2 FROM t1 EXCEPT SELECT v1, v3 FROM t2;
