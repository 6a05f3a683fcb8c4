-- rw-window-join-full-tumble-5m-tvf  [window_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/time_window_join.slt :: mv_window_join (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-window-join-full-tumble-5m-tvf.sql --events rw-window-join-full-tumble-5m-tvf.events.jsonl
-- compare: append
-- original query:
--   CREATE MATERIALIZED VIEW mv_window_join AS
--   SELECT L.num AS L_Num, L.id AS L_Id, R.num AS R_Num, R.id AS R_Id,
--       COALESCE(L.window_start, R.window_start) AS window_start,
--       COALESCE(L.window_end, R.window_end) AS window_end
--   FROM TUMBLE(LeftTable, row_time, interval '5' minute) AS L
--   FULL JOIN
--   TUMBLE(RightTable, row_time, interval '5' minute) AS R
--   ON L.num = R.num AND L.window_start = R.window_start AND L.window_end = R.window_end;

CREATE SOURCE LeftTable (
  row_time TIMESTAMP(3),
  num INT,
  id STRING,
  WATERMARK FOR row_time AS row_time - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE SOURCE RightTable (
  row_time TIMESTAMP(3),
  num INT,
  id STRING,
  WATERMARK FOR row_time AS row_time - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv_window_join AS
SELECT L.num AS L_Num, L.id AS L_Id, R.num AS R_Num, R.id AS R_Id,
    COALESCE(L.window_start, R.window_start) AS window_start,
    COALESCE(L.window_end, R.window_end) AS window_end
FROM TABLE(TUMBLE(TABLE LeftTable, DESCRIPTOR(row_time), INTERVAL '5' MINUTE)) AS L
FULL JOIN
TABLE(TUMBLE(TABLE RightTable, DESCRIPTOR(row_time), INTERVAL '5' MINUTE)) AS R
ON L.num = R.num AND L.window_start = R.window_start AND L.window_end = R.window_end;
