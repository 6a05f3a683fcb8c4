-- rw-demo-metric-incidents-tumble-3m-window-join  [window_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/demo/metric_analysis.slt :: high_util_tcp_metrics, retrans_incidents, rtt_incidents, download_incidents (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-demo-metric-incidents-tumble-3m-window-join.sql --events rw-demo-metric-incidents-tumble-3m-window-join.events.jsonl
-- compare: append
-- original query:
--   CREATE MATERIALIZED VIEW high_util_tcp_metrics AS
--   SELECT tcp.device_id AS device_id, tcp.window_end AS window_end, tcp.metric_name AS metric_name, tcp.metric_value AS metric_value
--   FROM
--       (
--           SELECT device_id, window_end, metric_name, AVG(value) AS metric_value
--           FROM TUMBLE(tcp_metrics, report_time, INTERVAL '3' MINUTE)
--           WHERE domain = 'all'
--           GROUP BY device_id, window_end, metric_name
--       ) AS tcp
--       JOIN (
--           SELECT device_id, window_end, AVG((value * 8 / 10) / link_bandwidth) AS avg_util
--           FROM TUMBLE(nics_metrics, report_time, INTERVAL '3' MINUTE)
--           WHERE metric_name = 'tx_bytes' AND aggregation = 'avg'
--           GROUP BY device_id, window_end
--       ) AS nic ON tcp.device_id = nic.device_id AND tcp.window_end = nic.window_end
--   WHERE avg_util >= 50;
--   CREATE MATERIALIZED VIEW retrans_incidents AS
--   SELECT device_id, window_end AS trigger_time, metric_value AS trigger_value
--   FROM high_util_tcp_metrics WHERE metric_name = 'retrans_rate' AND metric_value > 0.15;
--   CREATE MATERIALIZED VIEW rtt_incidents AS
--   SELECT device_id, window_end AS trigger_time, metric_value AS trigger_value
--   FROM high_util_tcp_metrics WHERE metric_name = 'srtt' AND metric_value > 500.0;
--   CREATE MATERIALIZED VIEW download_incidents AS
--   SELECT device_id, window_end AS trigger_time, metric_value AS trigger_value
--   FROM high_util_tcp_metrics WHERE metric_name = 'download_speed' AND metric_value < 200.0;

CREATE SOURCE nics_metrics (
  device_id STRING,
  device_type STRING,
  metric_name STRING,
  aggregation STRING,
  nic_name STRING,
  report_time TIMESTAMP(3),
  link_bandwidth DOUBLE,
  value DOUBLE,
  WATERMARK FOR report_time AS report_time - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE SOURCE tcp_metrics (
  device_id STRING,
  device_type STRING,
  report_time TIMESTAMP(3),
  metric_name STRING,
  domain STRING,
  value DOUBLE,
  WATERMARK FOR report_time AS report_time - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW high_util_tcp_metrics AS
SELECT
  tcp.device_id AS device_id,
  tcp.window_end AS window_end,
  tcp.metric_name AS metric_name,
  tcp.metric_value AS metric_value
FROM
  (
    SELECT device_id, window_start, window_end, metric_name, AVG(`value`) AS metric_value
    FROM TABLE(TUMBLE(TABLE tcp_metrics, DESCRIPTOR(report_time), INTERVAL '3' MINUTE))
    WHERE domain = 'all'
    GROUP BY device_id, window_start, window_end, metric_name
  ) AS tcp
  JOIN (
    SELECT device_id, window_start, window_end, AVG((`value` * 8 / 10) / link_bandwidth) AS avg_util
    FROM TABLE(TUMBLE(TABLE nics_metrics, DESCRIPTOR(report_time), INTERVAL '3' MINUTE))
    WHERE metric_name = 'tx_bytes' AND aggregation = 'avg'
    GROUP BY device_id, window_start, window_end
  ) AS nic ON tcp.device_id = nic.device_id AND tcp.window_start = nic.window_start AND tcp.window_end = nic.window_end
WHERE avg_util >= 50;

CREATE VIEW retrans_incidents AS
SELECT device_id, window_end AS trigger_time, metric_value AS trigger_value
FROM high_util_tcp_metrics WHERE metric_name = 'retrans_rate' AND metric_value > 0.15;

CREATE VIEW rtt_incidents AS
SELECT device_id, window_end AS trigger_time, metric_value AS trigger_value
FROM high_util_tcp_metrics WHERE metric_name = 'srtt' AND metric_value > 500.0;

CREATE VIEW download_incidents AS
SELECT device_id, window_end AS trigger_time, metric_value AS trigger_value
FROM high_util_tcp_metrics WHERE metric_name = 'download_speed' AND metric_value < 200.0;
