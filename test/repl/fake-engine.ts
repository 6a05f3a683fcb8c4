/**
 * A small stand-in for the engine API (src/executor/api.ts), enough to drive the REPL in tests without
 * the parser, planner and executor: it recognizes a handful of statement shapes by regex, and the test
 * makes a query's rows appear with `emit`. Errors carry diagnostics like the real engine's: line/column
 * relative to the SQL text submitted.
 */
import {
  SqlError,
  type ColumnInfo, type Engine, type LateRow, type OutputRow, type PushResult, type RejectedInput, type RowOp,
  type SourceInfo, type StatementResult, type Subscription, type ViewInfo,
} from '../../src/executor/api.js';

type Listener = (rows: readonly OutputRow[]) => void;

interface FakeView { info: ViewInfo; log: OutputRow[]; listeners: Set<Listener> }

export class FakeEngine implements Engine {
  readonly sourcesMap = new Map<string, SourceInfo>();
  readonly viewsMap = new Map<string, FakeView>();
  readonly executed: string[] = [];
  readonly late: LateRow[] = [];
  readonly rejects: RejectedInput[] = [];
  eventsIn = 0;
  watermark: number | null = null;
  checkpoints = 0;
  /** Whether it acts as an engine with a state file (stats report its checkpoints). */
  durable = false;
  flushed = 0;
  closed = false;
  /** What an ad-hoc SELECT returns: its columns and whether it is a changelog. */
  queryColumns: ColumnInfo[] = [col('auction', 'BIGINT'), col('window_start', 'TIMESTAMP(3)'), col('bids', 'BIGINT')];
  queryMode: 'append' | 'changelog' = 'append';
  /** Rows the next flush() emits into every running ad-hoc query (end of input fires open windows). */
  onFlush: Record<string, unknown>[] = [];
  private adhoc = 0;

  addSource(name: string, columns: ColumnInfo[]): void {
    this.sourcesMap.set(name, { name, columns, watermark: "ts - INTERVAL '1' SECOND", options: { connector: 'websocket' }, sql: `CREATE SOURCE ${name} (...)` });
  }

  execute(sql: string): StatementResult[] {
    this.executed.push(sql);
    const bad = /\bprce\b/.exec(sql);
    if (bad) {
      const before = sql.slice(0, bad.index);
      const line = before.split('\n').length;
      const column = bad.index - (before.lastIndexOf('\n') + 1) + 1;
      throw new SqlError([{ code: 'UNKNOWN_COLUMN', message: "column 'prce' not found in 'bids'; available: auction, price, ts", line, column, length: 4 }], sql);
    }
    let m: RegExpExecArray | null;
    if ((m = /^CREATE SOURCE (\w+)/i.exec(sql))) {
      this.addSource(m[1] as string, [col('auction', 'BIGINT'), col('price', 'DOUBLE'), { ...col('ts', 'TIMESTAMP(3)'), rowtime: true }]);
      return [{ kind: 'created_source', name: m[1] as string }];
    }
    if ((m = /^CREATE VIEW (\w+)/i.exec(sql))) {
      this.viewsMap.set(m[1] as string, { info: { name: m[1] as string, columns: this.queryColumns, mode: this.queryMode, sql, adhoc: false }, log: [], listeners: new Set() });
      return [{ kind: 'created_view', name: m[1] as string }];
    }
    if ((m = /^DROP VIEW "?(\w+)"?/i.exec(sql))) {
      if (!this.viewsMap.delete(m[1] as string)) throw new SqlError([{ code: 'UNKNOWN_VIEW', message: `no view named '${m[1]}'`, line: 1, column: 11, length: (m[1] as string).length }], sql);
      return [{ kind: 'dropped', object: 'view', name: m[1] as string }];
    }
    if (/^SHOW VIEWS/i.test(sql)) {
      const rows = [...this.viewsMap.values()].filter((v) => !v.info.adhoc).map((v) => [v.info.name, v.info.mode]);
      return [{ kind: 'rows', columns: ['name', 'mode'], rows }];
    }
    if (/^SHOW SOURCES/i.test(sql)) return [{ kind: 'rows', columns: ['name'], rows: [...this.sourcesMap.keys()].map((n) => [n]) }];
    if (/^EXPLAIN/i.test(sql)) return [{ kind: 'explain', text: 'Project\n  TumbleAggregate size=10s\n    Source bids' }];
    if ((m = /^INSERT INTO (\w+)/i.exec(sql))) {
      const count = (sql.match(/\(/g) ?? []).length;
      this.eventsIn += count;
      return [{ kind: 'inserted', source: m[1] as string, count, rejected: [] }];
    }
    if (/^SELECT/i.test(sql)) {
      const name = `query_${++this.adhoc}`;
      this.viewsMap.set(name, { info: { name, columns: this.queryColumns, mode: this.queryMode, sql, adhoc: true }, log: [], listeners: new Set() });
      return [{ kind: 'query', view: name, columns: this.queryColumns }];
    }
    throw new SqlError([{ code: 'SQL_SYNTAX', message: `unexpected '${sql.split(/\s/)[0]}'`, line: 1, column: 1, length: 1 }], sql);
  }

  /** Emits rows from a view (the newest ad-hoc query when `view` is omitted). */
  emit(rows: (Record<string, unknown> | [RowOp, Record<string, unknown>])[], view?: string): void {
    const v = view !== undefined ? this.viewsMap.get(view) : [...this.viewsMap.values()].pop();
    if (!v) throw new Error('no view to emit from');
    const out = rows.map((r, i): OutputRow => {
      const [op, row] = Array.isArray(r) ? r : ['+I' as RowOp, r];
      return { seq: v.log.length + i + 1, op, row };
    });
    v.log.push(...out);
    for (const l of v.listeners) l(out);
  }

  subscribe(view: string, onRows: Listener, options: { from?: 'latest' | 'earliest' | number } = {}): Subscription {
    const v = this.viewsMap.get(view);
    if (!v) throw new SqlError([{ code: 'UNKNOWN_VIEW', message: `no view named '${view}'`, line: 0, column: 0, length: 1 }], '');
    if (options.from === 'earliest' && v.log.length > 0) onRows(v.log);
    v.listeners.add(onRows);
    return { unsubscribe: () => v.listeners.delete(onRows) };
  }

  cancel(view: string): void {
    this.viewsMap.delete(view);
  }

  subscribeRaw(): Subscription {
    return { unsubscribe: () => undefined };
  }

  push(_source: string, rows: readonly unknown[]): PushResult {
    this.eventsIn += rows.length;
    return { accepted: rows.length, rejected: [], offset: rows.length };
  }

  advanceWatermark(_source: string, ts: number): void {
    this.watermark = ts;
  }

  flush(): void {
    this.flushed++;
    if (this.onFlush.length > 0) {
      for (const v of this.viewsMap.values()) if (v.info.adhoc && v.listeners.size > 0) this.emit(this.onFlush, v.info.name);
      this.onFlush = [];
    }
  }

  start(): void {}
  async idle(): Promise<void> {}
  async settled(): Promise<void> {}


  sources(): readonly SourceInfo[] {
    return [...this.sourcesMap.values()];
  }

  views(): readonly ViewInfo[] {
    return [...this.viewsMap.values()].map((v) => v.info);
  }

  lateRows(view?: string): readonly LateRow[] {
    return this.late.filter((r) => view === undefined || r.view === view);
  }

  rejectedRows(source?: string): readonly RejectedInput[] {
    return this.rejects.filter((r) => source === undefined || r.source === source);
  }

  stats(): ReturnType<Engine['stats']> {
    return {
      sources: [...this.sourcesMap.keys()].map((source) => ({ source, eventsIn: this.eventsIn, rejected: this.rejects.length, watermark: this.watermark })),
      views: [...this.viewsMap.values()].map((v) => ({ view: v.info.name, rowsOut: v.log.length, lateRows: this.late.length, rejectedRows: 0, watermark: this.watermark, lastSeq: v.log.length })),
      checkpoint: this.durable && this.checkpoints > 0 ? { epoch: this.checkpoints, durationMs: 0, bytes: 0, count: this.checkpoints, backlogBytes: 0, stalls: 0, stalledMs: 0 } : null,
    };
  }

  checkpoint(): void {
    this.checkpoints++;
  }

  onCommitted(): void {}

  readLog(view: string, fromSeq: number, limit: number): readonly OutputRow[] {
    return (this.viewsMap.get(view)?.log ?? []).filter((r) => r.seq >= fromSeq).slice(0, limit);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export function col(name: string, type: string): ColumnInfo {
  return { name, type, nullable: true };
}
