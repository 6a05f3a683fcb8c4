-- rw-regular-join-time-ge-comma  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/join/interval_join.slt.part :: interval_join_mv (Test 1) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-regular-join-time-ge-comma.sql --events rw-regular-join-time-ge-comma.events.jsonl
-- compare: final_table
-- original query:
--   CREATE MATERIALIZED VIEW interval_join_mv AS
--   SELECT l.id as l_id, r.id as r_id, l.ts as l_ts, r.ts as r_ts
--   FROM left_table l, right_table r
--   WHERE l.id = r.id AND l.ts >= r.ts;

CREATE SOURCE left_table (
  id INT,
  ts TIMESTAMP(3),
  val INT,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'file', format = 'json');

CREATE SOURCE right_table (
  id INT,
  ts TIMESTAMP(3),
  val INT,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW interval_join_mv AS
SELECT l.id AS l_id, r.id AS r_id, l.ts AS l_ts, r.ts AS r_ts
FROM left_table l, right_table r
WHERE l.id = r.id AND l.ts >= r.ts;
