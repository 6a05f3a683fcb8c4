-- flink-agg-min-max-char-over-changelog  [group_agg_retract]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/AggregateITCase.scala :: AggregateITCase.testRetractMinMaxWithChar (commit 0044ad41a0be)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-agg-min-max-char-over-changelog.sql --events flink-agg-min-max-char-over-changelog.events.jsonl
-- compare: final_table
-- original query:
--   select `id`, count(*), min(`char`), max(`char`) from src group by `id`   -- src: 'changelog-mode' = 'I,UA,UB,D'

CREATE SOURCE src (
  id INT,
  `char` CHAR(1),
  PRIMARY KEY (id, `char`) NOT ENFORCED
) WITH (connector = 'file', format = 'json');

CREATE VIEW min_max_char_retract AS
SELECT `id`, COUNT(*) AS cnt, MIN(`char`) AS mn, MAX(`char`) AS mx FROM src GROUP BY `id`;
