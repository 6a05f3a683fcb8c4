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

/** One state entry of an operator for checkpoints: a compact key and a JSON-able value (null = deleted). */
export type StateEntry = readonly [key: string, value: unknown];

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

  /** Turns on dirty tracking; called before the first batch when the engine takes checkpoints. */
  enableCheckpoints(): void {}

  /** State changed since the last call (dirty keys only); stateless operators have none. */
  checkpoint(): StateEntry[] {
    return [];
  }

  /** Loads state written by earlier `checkpoint` calls (the last value of every live key). */
  restore(_entries: Iterable<StateEntry>): void {}

  /** The watermark the operator has seen (restored with its state). */
  get watermark(): number {
    return this.wm;
  }

  close(): void {}
}

export const NOOP_EMITTER: Emitter = { data() {}, watermark() {} };

/** Window start for a timestamp: the largest offset + k·size ≤ ts. */
export function windowStart(ts: number, size: number, offset: number): number {
  const r = (ts - offset) % size;
  return ts - (r < 0 ? r + size : r);
}
