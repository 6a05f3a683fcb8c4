-- rw-regular-join-left-empty-right  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/join/join.slt.part :: mv2 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-regular-join-left-empty-right.sql --events rw-regular-join-left-empty-right.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv2 as select t3.v1, t3.v2, t3.v3, t4.v1 as v10, t4.v2 as v20, t4.v3 as v30 from t3 LEFT JOIN t4 ON t3.v1=t4.v1;

CREATE SOURCE t3 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t4 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv2 AS
SELECT t3.v1, t3.v2, t3.v3, t4.v1 AS v10, t4.v2 AS v20, t4.v3 AS v30
FROM t3 LEFT JOIN t4 ON t3.v1=t4.v1;
