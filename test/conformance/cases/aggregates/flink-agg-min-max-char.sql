-- flink-agg-min-max-char  [group_agg]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testMinMaxWithChar (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-min-max-char.sql --events flink-agg-min-max-char.events.jsonl
-- compare: final_table
-- original query:
--   select `id`, count(*), min(`char`), max(`char`) from src group by `id`

CREATE SOURCE src (
  id INT,
  `char` CHAR(1)
) WITH (connector = 'file', format = 'json');

CREATE VIEW min_max_char AS
SELECT `id`, COUNT(*) AS cnt, MIN(`char`) AS mn, MAX(`char`) AS mx FROM src GROUP BY `id`;
