-- rw-temporal-join-proctime-inner-residual  [temporal_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/temporal_join/append_only/temporal_join_non_loopup_cond.slt :: v (inner join, commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-temporal-join-proctime-inner-residual.sql --events rw-temporal-join-proctime-inner-residual.events.jsonl
-- compare: append
-- original query:
--   create materialized view v as select id1, a1, id2, a2 from stream join version FOR SYSTEM_TIME AS OF PROCTIME() on id1 = id2 and a1 > a2;

CREATE SOURCE stream (
  id1 INT,
  a1 INT,
  b1 INT
) WITH (connector = 'file', format = 'json');

CREATE TABLE version (
  id2 INT,
  a2 INT,
  b2 INT,
  PRIMARY KEY (id2) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT id1, a1, id2, a2 FROM stream JOIN version FOR SYSTEM_TIME AS OF PROCTIME() ON id1 = id2 AND a1 > a2;
