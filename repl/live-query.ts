/**
 * The result of a running query as the REPL shows it. Two views of the same rows are kept:
 *  - the table: append results grow; changelog results (+I/-U/+U/-D) are applied, so the table always
 *    holds the current result. A retraction (-U/-D) removes one row equal to the retracted one (the
 *    simplest correct keying: a changelog retracts exactly a row it emitted before); a +U right after a
 *    -U takes the retracted row's place, so an updated group stays where the user was looking.
 *  - the change stream (`\changes`): every change with its op, bounded.
 * Both are bounded so a query left running for hours does not grow the REPL without limit; counters
 * keep the true totals.
 */
import type { ColumnInfo, OutputRow, RowOp } from '../src/executor/api.js';
import type { TableColumn } from './table-layout.js';

export const MAX_TABLE_ROWS = 10_000;
export const MAX_CHANGES = 5_000;

export interface Change {
  readonly op: RowOp;
  readonly values: readonly unknown[];
}

export class LiveQuery {
  readonly startedAt = Date.now();
  columns: TableColumn[];
  /** 'changelog' once any non-insert change arrives (or when the catalog says so up front). */
  mode: 'append' | 'changelog';
  /** Total changes received, and rows dropped from the front of an append table to stay bounded. */
  received = 0;
  dropped = 0;
  /** Retractions that matched no row: a sign of a bug upstream, shown rather than hidden. */
  unmatched = 0;
  /** Last watermark reported for remote queries (embedded ones read the engine's stats). */
  watermark: string | null = null;
  /**
   * The sources this query reads (lower case), directly or through views: the status line counts their
   * events and rejects only. null when unknown (the line then counts every source).
   */
  sources: readonly string[] | null = null;
  /** Bumped on every change: the UI re-renders when it moves. */
  version = 0;
  readonly changes: Change[] = [];
  private readonly rowsById = new Map<number, readonly unknown[]>();
  private readonly idsByKey = new Map<string, number[]>();
  private nextId = 0;
  private pendingSlot: number | undefined;

  constructor(
    readonly name: string,
    /** What the user asked for: the SQL, or `\subscribe v`. */
    readonly title: string,
    columns: readonly ColumnInfo[],
    mode: 'append' | 'changelog' = 'append',
  ) {
    // An empty type (remote results) means unknown: alignment is then decided from the values.
    this.columns = columns.map((c) => (c.type ? { name: c.name, type: c.type } : { name: c.name }));
    this.mode = mode;
  }

  get rows(): (readonly unknown[])[] {
    return [...this.rowsById.values()];
  }

  get size(): number {
    return this.rowsById.size;
  }

  /** Row objects → arrays in column order. Unknown keys (remote results without a schema) add columns. */
  private values(row: Readonly<Record<string, unknown>>): unknown[] {
    const keys = Object.keys(row);
    if (this.columns.length === 0 || keys.some((k) => !this.has(k))) {
      for (const k of keys) if (!this.has(k)) this.columns.push({ name: k });
    }
    return this.columns.map((c) => (c.name in row ? row[c.name] : lookup(row, c.name)));
  }

  private has(key: string): boolean {
    const lower = key.toLowerCase();
    return this.columns.some((c) => c.name === key || c.name.toLowerCase() === lower);
  }

  apply(rows: readonly OutputRow[]): void {
    for (const r of rows) {
      const values = this.values(r.row);
      this.received++;
      this.changes.push({ op: r.op, values });
      if (r.op !== '+I') this.mode = 'changelog';
      this.applyOne(r.op, values);
    }
    if (this.changes.length > MAX_CHANGES) this.changes.splice(0, this.changes.length - MAX_CHANGES);
    this.version++;
  }

  private applyOne(op: RowOp, values: readonly unknown[]): void {
    const key = JSON.stringify(values);
    if (op === '+U' && this.pendingSlot !== undefined) {
      this.rowsById.set(this.pendingSlot, values);
      this.index(key, this.pendingSlot);
      this.pendingSlot = undefined;
      return;
    }
    this.settle();
    if (op === '-U' || op === '-D') {
      const ids = this.idsByKey.get(key);
      const id = ids?.pop();
      if (ids !== undefined && ids.length === 0) this.idsByKey.delete(key);
      if (id === undefined) {
        this.unmatched++;
        return;
      }
      if (op === '-U') this.pendingSlot = id;
      else this.rowsById.delete(id);
      return;
    }
    const id = this.nextId++;
    this.rowsById.set(id, values);
    this.index(key, id);
    if (this.mode === 'append' && this.rowsById.size > MAX_TABLE_ROWS) {
      const oldest = this.rowsById.keys().next().value as number;
      this.forget(oldest);
      this.dropped++;
    }
  }

  /** A -U not followed by its +U is a plain removal. */
  private settle(): void {
    if (this.pendingSlot !== undefined) {
      this.rowsById.delete(this.pendingSlot);
      this.pendingSlot = undefined;
    }
  }

  private index(key: string, id: number): void {
    const ids = this.idsByKey.get(key);
    if (ids) ids.push(id);
    else this.idsByKey.set(key, [id]);
  }

  private forget(id: number): void {
    const values = this.rowsById.get(id);
    this.rowsById.delete(id);
    if (values === undefined) return;
    const key = JSON.stringify(values);
    const ids = this.idsByKey.get(key);
    if (!ids) return;
    const at = ids.indexOf(id);
    if (at >= 0) ids.splice(at, 1);
    if (ids.length === 0) this.idsByKey.delete(key);
  }

  elapsedMs(now = Date.now()): number {
    return now - this.startedAt;
  }
}

function lookup(row: Readonly<Record<string, unknown>>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(row)) if (k.toLowerCase() === lower) return v;
  return null;
}
