-- rw-agg-min-string-sum-min-by-v1  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/aggregate/two_phase_agg.slt :: m1 (group by v1) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-agg-min-string-sum-min-by-v1.sql --events rw-agg-min-string-sum-min-by-v1.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view m1 as
--   select
--       min(v3) as c1,
--       sum(v1) as c2,
--       min(v1) as c3
--   from t group by v1;

CREATE SOURCE t (
  v1 INT,
  v2 SMALLINT,
  v3 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW m1 AS
SELECT
  min(v3) AS c1,
  sum(v1) AS c2,
  min(v1) AS c3
FROM t GROUP BY v1;
