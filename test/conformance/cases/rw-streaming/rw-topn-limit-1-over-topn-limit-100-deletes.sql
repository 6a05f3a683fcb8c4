-- rw-topn-limit-1-over-topn-limit-100-deletes  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/bug_fixes/issue_8570.slt :: mv (TopN cache invalidation) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-topn-limit-1-over-topn-limit-100-deletes.sql --events rw-topn-limit-1-over-topn-limit-100-deletes.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view t_singleton as select * from t order by x limit 100;
--   create materialized view mv as select * from t_singleton order by x limit 1;

CREATE SOURCE t (
  x INT,
  PRIMARY KEY (x) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE VIEW t_singleton AS SELECT * FROM t ORDER BY x LIMIT 100;

CREATE VIEW mv AS SELECT * FROM t_singleton ORDER BY x LIMIT 1;
