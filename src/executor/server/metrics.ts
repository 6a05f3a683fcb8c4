/**
 * Prometheus metrics (GET /metrics). Each server owns a Registry, so several servers in one process (tests)
 * never clash over global metric names. Engine-side numbers (events in, rejected, late, rows out, watermarks)
 * are read from `engine.stats()` at scrape time rather than counted twice; server-side numbers (rows sent,
 * connections, slow consumers, protocol errors) are counted where they happen.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Engine } from '../api.js';

export interface ServerMetrics {
  readonly registry: Registry;
  /** Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
  /** Hook for the engine's checkpoint loop: duration in ms and bytes written. */
  observeCheckpoint(durationMs: number, bytes: number): void;
  rowsSent(view: string, n: number): void;
  messageIn(type: string): void;
  error(code: string): void;
  slowConsumerDropped(): void;
  connectionOpened(): void;
  connectionClosed(): void;
}

/** Counters whose value lives in the engine: reset and re-set on every scrape. */
function mirror(c: Counter<string>, label: string, entries: Iterable<[string, number]>): void {
  c.reset();
  for (const [value, n] of entries) if (n > 0) c.inc({ [label]: value }, n);
}

export function createMetrics(engine: Engine, subscribers: () => Map<string, number>): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];
  const stats = () => {
    try {
      return engine.stats();
    } catch {
      return { sources: [], views: [] };
    }
  };

  new Counter({
    name: 'tumbleql_source_events_in_total', help: 'Events accepted per source', labelNames: ['source'], registers,
    collect() { mirror(this as Counter<string>, 'source', stats().sources.map((s) => [s.source, s.eventsIn])); },
  });
  new Counter({
    name: 'tumbleql_source_events_rejected_total', help: 'Events rejected per source (bad rows)', labelNames: ['source'], registers,
    collect() { mirror(this as Counter<string>, 'source', stats().sources.map((s) => [s.source, s.rejected])); },
  });
  new Counter({
    name: 'tumbleql_view_late_rows_total', help: 'Late rows per view (stored in the late-rows table)', labelNames: ['view'], registers,
    collect() { mirror(this as Counter<string>, 'view', stats().views.map((v) => [v.view, v.lateRows])); },
  });
  new Counter({
    name: 'tumbleql_view_rows_out_total', help: 'Rows emitted per view by the engine', labelNames: ['view'], registers,
    collect() { mirror(this as Counter<string>, 'view', stats().views.map((v) => [v.view, v.rowsOut])); },
  });
  new Gauge({
    name: 'tumbleql_watermark_lag_seconds', help: 'Wall clock minus the watermark, per source', labelNames: ['source'], registers,
    collect() {
      this.reset();
      const now = Date.now();
      for (const s of stats().sources) if (s.watermark !== null && Number.isFinite(s.watermark)) this.set({ source: s.source }, (now - s.watermark) / 1000);
    },
  });
  new Gauge({
    name: 'tumbleql_subscribers', help: 'Websocket subscribers per view', labelNames: ['view'], registers,
    collect() {
      this.reset();
      for (const [view, n] of subscribers()) this.set({ view }, n);
    },
  });
  const checkpointSeconds = new Histogram({
    name: 'tumbleql_checkpoint_duration_seconds', help: 'Checkpoint duration', registers,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
  const checkpointBytes = new Gauge({ name: 'tumbleql_checkpoint_size_bytes', help: 'Bytes written by the last checkpoint', registers });
  const rowsSent = new Counter({ name: 'tumbleql_ws_rows_sent_total', help: 'Rows sent to websocket subscribers', labelNames: ['view'], registers });
  const messagesIn = new Counter({ name: 'tumbleql_ws_messages_in_total', help: 'Client messages by type', labelNames: ['type'], registers });
  const errors = new Counter({ name: 'tumbleql_ws_errors_total', help: 'Error messages sent, by code', labelNames: ['code'], registers });
  const slow = new Counter({ name: 'tumbleql_ws_slow_consumers_dropped_total', help: 'Clients disconnected as slow consumers', registers });
  const connections = new Gauge({ name: 'tumbleql_ws_connections', help: 'Open websocket connections', registers });

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    observeCheckpoint(durationMs, bytes) {
      checkpointSeconds.observe(durationMs / 1000);
      checkpointBytes.set(bytes);
    },
    rowsSent: (view, n) => rowsSent.inc({ view }, n),
    messageIn: (type) => messagesIn.inc({ type }),
    // Codes come from a closed set plus engine diagnostics, so label cardinality stays small.
    error: (code) => errors.inc({ code }),
    slowConsumerDropped: () => slow.inc(),
    connectionOpened: () => connections.inc(),
    connectionClosed: () => connections.dec(),
  };
}
