-- rw-regular-join-full-no-match  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/join/join.slt.part :: mv4 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-regular-join-full-no-match.sql --events rw-regular-join-full-no-match.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv4 as select t7.v1, t7.v2, t7.v3, t8.v1 as v10, t8.v2 as v20, t8.v3 as v30 from t7 FULL JOIN t8 ON t7.v1=t8.v1;

CREATE SOURCE t7 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t8 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv4 AS
SELECT t7.v1, t7.v2, t7.v3, t8.v1 AS v10, t8.v2 AS v20, t8.v3 AS v30
FROM t7 FULL JOIN t8 ON t7.v1=t8.v1;
