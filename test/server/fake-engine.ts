/**
 * A small Engine that honors the contract the server relies on, for what the real engine cannot produce on
 * demand: listeners called newest-first (the real engine always calls the shared channel before a client's
 * private tail subscription) and a readLog that lags far behind the emitted rows. Each view is an identity
 * projection of one source: every accepted event becomes one `+I` row, seqs contiguous from 1.
 *   CREATE SOURCE s ...;   CREATE VIEW v AS SELECT * FROM s;   SELECT * FROM s (ad-hoc);   DROP VIEW v
 * Anything else is a SQL_SYNTAX error at 1:1. A pushed row is rejected unless it is an object with an `id`.
 */
import { SqlError } from '../../src/executor/api.js';
import type { Engine, OutputRow, PushResult, RejectedRow, StatementResult, Subscription, ViewInfo } from '../../src/executor/api.js';
import type { Diagnostic, DiagnosticCode } from '../../src/parser/diagnostics.js';

type Listener = (rows: readonly OutputRow[]) => void;
interface FakeView { name: string; source: string; adhoc: boolean; sql: string; log: OutputRow[]; next: number; listeners: Set<Listener> }

function sqlError(code: DiagnosticCode, message: string, sql: string, line = 1, column = 1): SqlError {
  const d: Diagnostic = { code, message, line, column, length: 1 };
  return new SqlError([d], sql);
}

export interface FakeOptions {
  /** Call a view's listeners newest-first. */
  readonly reverseListeners?: boolean;
  /** readLog serves only rows with seq ≤ this (a durable log behind the live rows). */
  readonly committedSeq?: number;
}

export class FakeEngine implements Engine {
  readonly srcs = new Map<string, { eventsIn: number; rejected: number; watermark: number | null }>();
  readonly vws = new Map<string, FakeView>();
  private adhocCounter = 0;
  constructor(private readonly opts: FakeOptions = {}) {}

  execute(sql: string): StatementResult[] {
    const out: StatementResult[] = [];
    for (const stmt of sql.split(';').map((s) => s.trim()).filter((s) => s !== '')) {
      let m: RegExpExecArray | null;
      if ((m = /^CREATE\s+SOURCE\s+(\w+)/i.exec(stmt))) {
        if (this.srcs.has(m[1]!)) throw sqlError('DUPLICATE_NAME', `source '${m[1]}' already exists`, sql, 1, 15);
        this.srcs.set(m[1]!, { eventsIn: 0, rejected: 0, watermark: null });
        out.push({ kind: 'created_source', name: m[1]! });
      } else if ((m = /^CREATE\s+VIEW\s+(\w+)\s+AS\s+SELECT\s+\*\s+FROM\s+(\w+)$/i.exec(stmt))) {
        this.addView(m[1]!, m[2]!, false, stmt, sql);
        out.push({ kind: 'created_view', name: m[1]! });
      } else if ((m = /^SELECT\s+\*\s+FROM\s+(\w+)$/i.exec(stmt))) {
        const name = `q${++this.adhocCounter}`;
        this.addView(name, m[1]!, true, stmt, sql);
        out.push({ kind: 'query', view: name, columns: [{ name: 'id', type: 'BIGINT', nullable: false }] });
      } else if ((m = /^DROP\s+VIEW\s+"?(\w+)"?$/i.exec(stmt))) {
        if (!this.vws.delete(m[1]!)) throw sqlError('UNKNOWN_VIEW', `view '${m[1]}' does not exist`, sql, 1, 11);
        out.push({ kind: 'dropped', object: 'view', name: m[1]! });
      } else {
        throw sqlError('SQL_SYNTAX', `unexpected '${stmt.split(/\s+/)[0]}'`, sql, 1, 1);
      }
    }
    return out;
  }

  private addView(name: string, source: string, adhoc: boolean, stmt: string, sql: string): void {
    if (!this.srcs.has(source)) throw sqlError('UNKNOWN_SOURCE', `source '${source}' does not exist`, sql, 1, stmt.length - source.length + 1);
    this.vws.set(name, { name, source, adhoc, sql: stmt, log: [], next: 1, listeners: new Set() });
  }

  subscribe(view: string, onRows: Listener, options?: { from?: 'latest' | 'earliest' | number }): Subscription {
    const v = this.vws.get(view);
    if (!v) throw sqlError('UNKNOWN_VIEW', `view '${view}' does not exist`, '');
    const from = options?.from ?? 'latest';
    const replay = (): void => {
      const start = from === 'earliest' ? 0 : from === 'latest' ? Infinity : from;
      const rows = v.log.filter((r) => r.seq >= start);
      if (rows.length > 0) onRows(rows);
    };
    v.listeners.add(onRows);
    if (from !== 'latest') replay();
    return { unsubscribe: () => void v.listeners.delete(onRows) };
  }

  cancel(view: string): void {
    const v = this.vws.get(view);
    if (v?.adhoc || v?.listeners.size === 0) this.vws.delete(view);
  }

  /** Engine-side subscriptions currently open on a view (to prove fan-out shares one). */
  listenerCount(view: string): number {
    return this.vws.get(view)?.listeners.size ?? 0;
  }

  subscribeRaw(): Subscription {
    return { unsubscribe: () => {} };
  }

  push(source: string, rows: readonly unknown[]): PushResult {
    const s = this.srcs.get(source);
    if (!s) throw sqlError('UNKNOWN_SOURCE', `source '${source}' does not exist`, '');
    const rejected: RejectedRow[] = [];
    const good: Record<string, unknown>[] = [];
    rows.forEach((r, index) => {
      if (typeof r === 'object' && r !== null && !Array.isArray(r) && 'id' in r) good.push(r as Record<string, unknown>);
      else rejected.push({ index, reason: "expected an object with 'id'", input: r });
    });
    s.eventsIn += good.length;
    s.rejected += rejected.length;
    for (const v of this.vws.values()) {
      if (v.source !== source || good.length === 0) continue;
      const out = good.map((row) => ({ seq: v.next++, op: '+I' as const, row }));
      v.log.push(...out);
      const ls = [...v.listeners];
      for (const l of this.opts.reverseListeners ? ls.reverse() : ls) l(out);
    }
    return { accepted: good.length, rejected, offset: good.length };
  }

  advanceWatermark(source: string, ts: number): void {
    const s = this.srcs.get(source);
    if (s) s.watermark = Math.max(s.watermark ?? -Infinity, ts);
  }
  flush(): void {
    for (const s of this.srcs.values()) s.watermark = Infinity;
  }
  start(): void {}
  async idle(): Promise<void> {}
  async settled(): Promise<void> {}
  sources() {
    return [...this.srcs.keys()].map((name) => ({ name, columns: [], options: {}, sql: `CREATE SOURCE ${name}` }));
  }
  views(): ViewInfo[] {
    return [...this.vws.values()].map((v) => ({ name: v.name, columns: [{ name: 'id', type: 'BIGINT', nullable: false }], mode: 'append' as const, sql: v.sql, adhoc: v.adhoc }));
  }
  lateRows() {
    return [];
  }
  rejectedRows() {
    return [];
  }
  stats() {
    return {
      sources: [...this.srcs].map(([source, s]) => ({ source, ...s })),
      views: [...this.vws.values()].map((v) => ({ view: v.name, rowsOut: v.next - 1, lateRows: 0, rejectedRows: 0, watermark: this.srcs.get(v.source)?.watermark ?? null, lastSeq: v.next - 1 })),
      checkpoint: null,
    };
  }
  checkpoint(): void {}
  onCommitted(): void {}
  readLog(view: string, fromSeq: number, limit: number): OutputRow[] {
    const v = this.vws.get(view);
    if (!v) throw sqlError('UNKNOWN_VIEW', `view '${view}' does not exist`, '');
    const upTo = this.opts.committedSeq ?? Infinity;
    return v.log.filter((r) => r.seq >= fromSeq && r.seq <= upTo).slice(0, limit);
  }
  async close(): Promise<void> {}
}
