/**
 * One lifecycle for every operator (Arroyo's ArrowOperator): data in batches, then watermarks; no-op
 * defaults so a stateless operator writes one method.
 *
 * A `Batch` carries rows (arrays), their change kinds (null = all +I), and the watermark each row saw
 * when it arrived (`wms`, null = the operator's current watermark). Carrying the arrival watermark lets a
 * source hand over many events at once while lateness stays exactly what per-event processing gives:
 * a row is late for a window iff the watermark *before* it had reached window_end − 1 ms.
 */
import type { RowOp } from './api.js';
import type { DeclaredState } from './state/state-table.js';

export type Row = unknown[];

export interface Batch {
  readonly rows: Row[];
  readonly ops: RowOp[] | null;
  readonly wms: number[] | null;
}

export interface Emitter {
  data(batch: Batch): void;
  watermark(wm: number): void;
}

/** What an operator may tell the engine about, besides emitting rows. */
export interface OperatorContext {
  /** The view this operator belongs to. */
  readonly view: string;
  /** A row that arrived after all of its windows (or some, for HOP) had fired. */
  late(row: Row, watermark: number): void;
}

export abstract class Operator {
  protected out: Emitter = NOOP_EMITTER;
  protected wm = -Infinity;

  connect(out: Emitter): void {
    this.out = out;
  }

  /** Called once before the first batch (after `restore`, when recovering). */
  open(_ctx: OperatorContext): void {}

  abstract onData(batch: Batch): void;

  /** Watermarks only move forward; the default forwards them. */
  onWatermark(wm: number): void {
    if (wm > this.wm) this.wm = wm;
    this.out.watermark(wm);
  }

  /**
   * The operator's declared state (see state/state-table.ts): everything it needs to continue
   * identically after a restore. The runtime snapshots and restores these; stateless operators have none.
   */
  readonly tables: DeclaredState[] = [];

  protected declare<T extends DeclaredState>(table: T): T {
    if (this.tables.some((t) => t.name === table.name)) throw new Error(`invariant: state table '${table.name}' declared twice`);
    this.tables.push(table);
    return table;
  }

  /** The watermark the operator has seen (the runtime saves and restores it with the tables). */
  get watermark(): number {
    return this.wm;
  }

  restoreWatermark(wm: number): void {
    this.wm = wm;
  }

  close(): void {}
}

export const NOOP_EMITTER: Emitter = { data() {}, watermark() {} };

/** Window start for a timestamp: the largest offset + k·size ≤ ts. */
export function windowStart(ts: number, size: number, offset: number): number {
  const r = (ts - offset) % size;
  return ts - (r < 0 ? r + size : r);
}
