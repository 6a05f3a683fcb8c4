-- rw-regular-join-full-non-equi  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/join/join.slt.part :: mv_full_outer_cond (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-regular-join-full-non-equi.sql --events rw-regular-join-full-non-equi.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv_full_outer_cond as select t9.v1, t9.v2, t9.v3, t10.v1 as v10, t10.v2 as v20, t10.v3 as v30 from t9 FULL JOIN t10 ON t9.v1=t10.v1 and t9.v2 > t10.v2;

CREATE SOURCE t9 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t10 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv_full_outer_cond AS
SELECT t9.v1, t9.v2, t9.v3, t10.v1 AS v10, t10.v2 AS v20, t10.v3 AS v30
FROM t9 FULL JOIN t10 ON t9.v1=t10.v1 and t9.v2 > t10.v2;
