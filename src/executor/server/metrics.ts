/**
 * Prometheus metrics (GET /metrics). Each server owns a Registry, so several servers in one process (tests)
 * never clash over global metric names. Engine-side numbers (events in, rejected, late, rows out, watermarks,
 * the last checkpoint) are read from `engine.stats()` at scrape time rather than counted twice; server-side
 * numbers (rows sent, connections, slow consumers, protocol errors) are counted where they happen.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { Engine } from '../api.js';
import { finiteWatermark } from './protocol.js';

export interface ServerMetrics {
  readonly registry: Registry;
  /** Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
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
      return { sources: [], views: [], checkpoint: null };
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
    name: 'tumbleql_view_rows_rejected_total', help: "Rows rejected per view by an operator's input check (a failed CAST)", labelNames: ['view'], registers,
    collect() { mirror(this as Counter<string>, 'view', stats().views.map((v) => [v.view, v.rejectedRows])); },
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
      // No watermark yet, or end of input (+∞): no lag to report.
      for (const s of stats().sources) {
        const wm = finiteWatermark(s.watermark);
        if (wm !== null) this.set({ source: s.source }, (now - wm) / 1000);
      }
    },
  });
  new Gauge({
    name: 'tumbleql_subscribers', help: 'Websocket subscribers per view', labelNames: ['view'], registers,
    collect() {
      this.reset();
      for (const [view, n] of subscribers()) this.set({ view }, n);
    },
  });
  // The engine keeps only its last checkpoint (and a count), so these are gauges of the last one plus a
  // counter, not a histogram: a scrape every 15 s would sample one checkpoint in 15 at a 1 s interval.
  // An in-memory engine never checkpoints: both gauges stay 0 and the counter 0.
  const lastCheckpoint = () => stats().checkpoint ?? null;
  new Gauge({
    name: 'tumbleql_checkpoint_duration_seconds', help: 'Duration of the last checkpoint', registers,
    collect() { this.set((lastCheckpoint()?.durationMs ?? 0) / 1000); },
  });
  new Gauge({
    name: 'tumbleql_checkpoint_size_bytes', help: 'Bytes written by the last checkpoint (approximate payload)', registers,
    collect() { this.set(lastCheckpoint()?.bytes ?? 0); },
  });
  new Counter({
    name: 'tumbleql_checkpoints_total', help: 'Checkpoints taken since the engine started', registers,
    collect() {
      this.reset();
      const n = lastCheckpoint()?.count ?? 0;
      if (n > 0) this.inc(n);
    },
  });
  const rowsSent = new Counter({ name: 'tumbleql_ws_rows_sent_total', help: 'Rows sent to websocket subscribers', labelNames: ['view'], registers });
  const messagesIn = new Counter({ name: 'tumbleql_ws_messages_in_total', help: 'Client messages by type', labelNames: ['type'], registers });
  const errors = new Counter({ name: 'tumbleql_ws_errors_total', help: 'Error messages sent, by code', labelNames: ['code'], registers });
  const slow = new Counter({ name: 'tumbleql_ws_slow_consumers_dropped_total', help: 'Clients disconnected as slow consumers', registers });
  const connections = new Gauge({ name: 'tumbleql_ws_connections', help: 'Open websocket connections', registers });

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    rowsSent: (view, n) => rowsSent.inc({ view }, n),
    messageIn: (type) => messagesIn.inc({ type }),
    // Codes come from a closed set plus engine diagnostics, so label cardinality stays small.
    error: (code) => errors.inc({ code }),
    slowConsumerDropped: () => slow.inc(),
    connectionOpened: () => connections.inc(),
    connectionClosed: () => connections.dec(),
  };
}
