-- rw-regular-join-left-pk-delete-right  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/outer_join.slt :: v (after delete from t2) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-regular-join-left-pk-delete-right.sql --events rw-regular-join-left-pk-delete-right.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view v as select t1.id t1_id, t2.id t2_id from t1 left join t2 on t1.id = t2.id;

CREATE SOURCE t1 (
  id INT,
  b INT,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t2 (
  id INT,
  b INT,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT t1.id t1_id, t2.id t2_id FROM t1 LEFT JOIN t2 ON t1.id = t2.id;
