-- rw-semi-join-exists-left-join-correlated  [semi_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/null_safe_equal_join.slt :: v (exists over a left join) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-semi-join-exists-left-join-correlated.sql --events rw-semi-join-exists-left-join-correlated.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view v as select * from t1 where exists(select t2.x from t2 left join t3 on t2.x = t3.x and t1.y = t2.y and t1.y = t3.y where t1.x = t2.x);

CREATE SOURCE t1 (
  x INT,
  y INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t2 (
  x INT,
  y INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t3 (
  x INT,
  y INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT * FROM t1 WHERE EXISTS (SELECT t2.x FROM t2 LEFT JOIN t3 ON t2.x = t3.x AND t1.y = t2.y AND t1.y = t3.y WHERE t1.x = t2.x);
