-- rw-cte-global-max-self-join  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/bug_fixes/issue_13094.slt :: m (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-cte-global-max-self-join.sql --events rw-cte-global-max-self-join.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view m as
--   with sub(v1) as (select max(v) as v1 from t)
--   select s1.v1 as sv1, s2.v1 as sv2
--   from sub as s1, sub as s2
--   where s1.v1 = s2.v1;

CREATE SOURCE t (
  v INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW m AS
WITH sub(v1) AS (SELECT max(v) AS v1 FROM t)
SELECT s1.v1 AS sv1, s2.v1 AS sv2
FROM sub AS s1, sub AS s2
WHERE s1.v1 = s2.v1;
