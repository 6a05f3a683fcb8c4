-- rw-regular-join-right-empty-left  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/join/join.slt.part :: mv3 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-regular-join-right-empty-left.sql --events rw-regular-join-right-empty-left.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv3 as select t5.v1, t5.v2, t5.v3, t6.v1 as v10, t6.v2 as v20, t6.v3 as v30 from t5 RIGHT JOIN t6 ON t5.v1=t6.v1;

CREATE SOURCE t5 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t6 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv3 AS
SELECT t5.v1, t5.v2, t5.v3, t6.v1 AS v10, t6.v2 AS v20, t6.v3 AS v30
FROM t5 RIGHT JOIN t6 ON t5.v1=t6.v1;
