-- rw-constant-unions-max-comma-filter  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/bug_fixes/issue_15302.slt :: test_window (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-constant-unions-max-comma-filter.sql --events rw-constant-unions-max-comma-filter.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view test_last_ingestion_time as (
--   select 'table_a' as source, TO_TIMESTAMP('2024-01-01 00:00:00', 'YYYY-MM-DD HH24:MI:SS') as last_ingestion_time
--   union all
--   select 'table_b' as source, TO_TIMESTAMP('2024-01-01 00:00:01', 'YYYY-MM-DD HH24:MI:SS') as last_ingestion_time
--   );
--   create materialized view test_records as (
--   select 1 as id, TO_TIMESTAMP('2024-01-01 00:00:00', 'YYYY-MM-DD HH24:MI:SS') as record_timestamp
--   union all
--   select 2 as id, TO_TIMESTAMP('2024-01-01 00:00:01', 'YYYY-MM-DD HH24:MI:SS') as record_timestamp
--   union all
--   select 3 as id, TO_TIMESTAMP('2024-01-01 00:00:02', 'YYYY-MM-DD HH24:MI:SS') as record_timestamp
--   );
--   create materialized view test_window as (
--   with time_window as (
--       select max(last_ingestion_time) as window_end
--     from test_last_ingestion_time
--   )
--   select id from test_records, time_window where record_timestamp >= window_end
--   );

CREATE VIEW test_last_ingestion_time AS (
SELECT 'table_a' AS `source`, TO_TIMESTAMP('2024-01-01 00:00:00', 'yyyy-MM-dd HH:mm:ss') AS last_ingestion_time
UNION ALL
SELECT 'table_b' AS `source`, TO_TIMESTAMP('2024-01-01 00:00:01', 'yyyy-MM-dd HH:mm:ss') AS last_ingestion_time
);

CREATE VIEW test_records AS (
SELECT 1 AS id, TO_TIMESTAMP('2024-01-01 00:00:00', 'yyyy-MM-dd HH:mm:ss') AS record_timestamp
UNION ALL
SELECT 2 AS id, TO_TIMESTAMP('2024-01-01 00:00:01', 'yyyy-MM-dd HH:mm:ss') AS record_timestamp
UNION ALL
SELECT 3 AS id, TO_TIMESTAMP('2024-01-01 00:00:02', 'yyyy-MM-dd HH:mm:ss') AS record_timestamp
);

CREATE VIEW test_window AS (
WITH time_window AS (
  SELECT max(last_ingestion_time) AS window_end
  FROM test_last_ingestion_time
)
SELECT id FROM test_records, time_window WHERE record_timestamp >= window_end
);
