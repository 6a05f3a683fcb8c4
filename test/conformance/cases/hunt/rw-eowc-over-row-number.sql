-- rw-eowc-over-row-number  [over_rank]
-- from: risingwavelabs/risingwave e2e_test/streaming/eowc/eowc_over_window.slt :: mv3 (emit on window close, after the second insert) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-eowc-over-row-number.sql --events rw-eowc-over-row-number.events.jsonl --no-flush
-- compare: append
-- original query:
--   create materialized view mv3 as select *, row_number() over (partition by bar order by tm) as rn from t emit on window close;
-- notes: RisingWave's append-only table with its watermark becomes a source; `EMIT ON WINDOW CLOSE` is how an event-time OVER emits anyway (a row once the watermark passes it). The expected rows are the test's query on mv3 after the second insert, so the input's end does not move the watermark (--no-flush): the rows at 18:10 and 18:11 stay behind the watermark (18:06). The timestamps are read as UTC.

CREATE SOURCE t (
  tm TIMESTAMP(3),
  foo INT,
  bar INT,
  WATERMARK FOR tm AS tm - INTERVAL '5' MINUTE
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv3 AS SELECT *, ROW_NUMBER() OVER (PARTITION BY bar ORDER BY tm) AS rn FROM t;
