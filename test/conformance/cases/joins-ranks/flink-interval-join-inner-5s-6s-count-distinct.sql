-- flink-interval-join-inner-5s-6s-count-distinct  [interval_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/IntervalJoinITCase.scala :: IntervalJoinITCase.testUnboundedAggAfterRowtimeInnerJoin (commit 0420837af03d)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-interval-join-inner-5s-6s-count-distinct.sql --events flink-interval-join-inner-5s-6s-count-distinct.events.jsonl
-- compare: final_table
-- original query:
--   SELECT key, COUNT(DISTINCT id1), COUNT(DISTINCT id2) FROM (
--   SELECT t2.key as key, t2.id as id1, t1.id as id2
--   FROM T1 as t1 join T2 as t2 ON
--     t1.key = t2.key AND
--     t1.rowtime BETWEEN t2.rowtime - INTERVAL '5' SECOND AND
--       t2.rowtime + INTERVAL '6' SECOND
--   ) GROUP BY key

CREATE SOURCE T1 (
  `key` STRING,
  id STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' MILLISECOND
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  `key` STRING,
  id STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' MILLISECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW agg_after_join AS
SELECT `key`, COUNT(DISTINCT id1) AS cnt_id1, COUNT(DISTINCT id2) AS cnt_id2 FROM (
  SELECT t2.`key` AS `key`, t2.id AS id1, t1.id AS id2
  FROM T1 AS t1 JOIN T2 AS t2 ON
    t1.`key` = t2.`key` AND
    t1.rowtime BETWEEN t2.rowtime - INTERVAL '5' SECOND AND t2.rowtime + INTERVAL '6' SECOND
) GROUP BY `key`;
