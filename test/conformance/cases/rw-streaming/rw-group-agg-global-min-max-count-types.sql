-- rw-group-agg-global-min-max-count-types  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/extreme_null.slt :: mv1, mv2, mv3 (max, min, count of timestamp, varchar, date) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-group-agg-global-min-max-count-types.sql --events rw-group-agg-global-min-max-count-types.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv1 as select max(v1) as a1, max(v2) as a2, max(v3) as a3, max(v4) as a4 from t;
--   create materialized view mv2 as select min(v1) as a1, min(v2) as a2, min(v3) as a3, min(v4) as a4 from t;
--   create materialized view mv3 as select count(v1) as a1, count(v2) as a2, count(v3) as a3, count(v4) as a4 from t;

CREATE SOURCE t (
  v2 TIMESTAMP(3),
  v3 STRING,
  v4 DATE
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv1 AS SELECT max(v2) AS a2, max(v3) AS a3, max(v4) AS a4 FROM t;
CREATE VIEW mv2 AS SELECT min(v2) AS a2, min(v3) AS a3, min(v4) AS a4 FROM t;
CREATE VIEW mv3 AS SELECT count(v2) AS a2, count(v3) AS a3, count(v4) AS a4 FROM t;
