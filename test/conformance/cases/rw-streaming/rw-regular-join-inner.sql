-- rw-regular-join-inner  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/join/join.slt.part :: mv1 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-regular-join-inner.sql --events rw-regular-join-inner.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv1 as select t1.v1, t1.v2, t1.v3, t2.v1 as v10, t2.v2 as v20, t2.v3 as v30 from t1 INNER JOIN t2 ON t1.v1=t2.v1;

CREATE SOURCE t1 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t2 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv1 AS
SELECT t1.v1, t1.v2, t1.v3, t2.v1 AS v10, t2.v2 AS v20, t2.v3 AS v30
FROM t1 INNER JOIN t2 ON t1.v1=t2.v1;
