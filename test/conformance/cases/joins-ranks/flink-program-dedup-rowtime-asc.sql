-- flink-program-dedup-rowtime-asc  [dedup]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/DeduplicationTestPrograms.java :: DeduplicationTestPrograms.DEDUPLICATE (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-program-dedup-rowtime-asc.sql --events flink-program-dedup-rowtime-asc.events.jsonl
-- compare: final_table by product
-- original query:
--   insert into MySink select order_id, user, product, order_time 
--   FROM (  SELECT *,    ROW_NUMBER() OVER (PARTITION BY product ORDER BY event_time ASC) AS row_num
--     FROM MyTable)WHERE row_num = 1

CREATE SOURCE MyTable (
  order_id BIGINT,
  `user` VARCHAR,
  product VARCHAR,
  order_time BIGINT,
  event_time TIMESTAMP(3),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW MySink AS
select order_id, `user`, product, order_time
FROM (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY product ORDER BY event_time ASC) AS row_num
  FROM MyTable)
WHERE row_num = 1;
