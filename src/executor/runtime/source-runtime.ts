/**
 * A source at run time: decodes events, keeps the watermark (the running max of the WATERMARK
 * expression, so it never moves back), and hands each batch to the pipelines that read the source.
 *
 * Every row carries the watermark from before it (`wms`), so a batch of N events is processed exactly as
 * N single events would be (see operator.ts). The batch's watermark is announced after its rows.
 */
import type { RejectedRow, RowOp } from '../api.js';
import type { SourceDef } from '../../parser/catalog.js';
import { compileExpr } from '../../planner/compile-expr.js';
import type { Batch, Emitter, Row } from '../operator.js';
import { makeRowDecoder } from '../values.js';
import { makeAheadCheck } from '../../security/watermark.js';
import { changelogOpReader, type OpReader } from './changelog-input.js';

export interface Rejection {
  readonly reason: string;
  readonly input: unknown;
  readonly origin: string;
}

/** Where one split of a source is: the offset of the last input taken, and its watermark (null: none yet). */
export interface SplitPosition {
  readonly offset: number;
  readonly watermark: number | null;
}

export class SourceRuntime {
  readonly downstream: Emitter[] = [];
  wm = -Infinity;
  eventsIn = 0;
  rejected = 0;
  /** Events accepted since start, including those restored from a checkpoint. */
  offset = 0;
  /** The connector's read position (file: lines consumed), restored from a checkpoint on restart. */
  position = 0;
  /** Durable mode, pushed sources: the last input-log offset processed. */
  inputOffset = 0;
  /**
   * Sources read in splits (partitions): each split's offset and watermark, by split id, checkpointed in
   * the same transaction as the operator state and restored before the connector starts. Kept by the
   * connector (connectors/nats/split-tracker.ts); empty for single-split sources.
   */
  readonly splits = new Map<string, SplitPosition>();
  /**
   * Set by a connector that computes the watermark per split (the source's is their minimum): rows then
   * do not move the watermark themselves; the connector calls `advanceTo` after each batch.
   */
  splitWatermarks = false;
  readonly decode: (input: unknown) => { row: unknown[] } | { error: string };
  private readonly wmFn: ((row: Row) => unknown) | null;
  /** When the last event arrived (wall clock), for idle-source handling. */
  lastEventAt = 0;
  /**
   * The retained input: the last rows this source produced (at least `retainRows`, in batches, each row
   * with its arrival watermark), so a query created later can start from the earliest retained event
   * (`scan.startup.mode = 'earliest'`) and compute what it would have computed had it existed before.
   */
  readonly history: (Batch | number)[] = [];
  private historyRows = 0;
  /** Rows dropped from the front of the history (a new 'earliest' query cannot see them). */
  historyDropped = 0;
  retainRows = 100_000;
  /** Pushed events too far ahead of the clock are rejected (watermark poisoning, src/security/watermark.ts). */
  private readonly ahead: ((row: readonly unknown[]) => string | null) | null;
  /** A changelog table's rows carry an op (changelog-input.ts); null for an append-only source. */
  private readonly readOp: OpReader | null;

  constructor(
    readonly def: SourceDef,
    private readonly onReject: (source: string, r: Rejection) => void,
  ) {
    this.decode = makeRowDecoder(
      def.columns.map((c) => ({ name: c.name, type: c.type, notNull: c.notNull })),
      def.rowtime,
    );
    this.wmFn = def.watermark ? compileExpr(def.watermark.expr) : null;
    this.ahead = makeAheadCheck(def);
    this.readOp = changelogOpReader(def);
  }

  get name(): string {
    return this.def.name;
  }

  /** Decodes and processes raw inputs; returns per-row rejections (the rest are processed). */
  push(inputs: readonly unknown[], origin: string, origins?: readonly string[]): { accepted: number; rejected: RejectedRow[] } {
    const rows: Row[] = [];
    const rejected: RejectedRow[] = [];
    const readOp = this.readOp;
    const ops: RowOp[] | null = readOp === null ? null : [];
    for (let i = 0; i < inputs.length; i++) {
      const r = this.decode(inputs[i]);
      const op = readOp === null ? '+I' : readOp(inputs[i]);
      const error =
        'error' in r ? r.error : typeof op !== 'string' ? op.error : origin === 'input-log' ? null : (this.ahead?.(r.row) ?? null);
      if (error !== null) {
        rejected.push({ index: i, reason: error, input: inputs[i] });
        this.reject(error, inputs[i], origins?.[i] ?? origin);
      } else if (!('error' in r)) {
        rows.push(r.row);
        ops?.push(op as RowOp);
      }
    }
    if (rows.length > 0) this.pushRows(rows, ops);
    return { accepted: rows.length, rejected };
  }

  reject(reason: string, input: unknown, origin: string): void {
    this.rejected++;
    this.onReject(this.name, { reason, input, origin });
  }

  /** Processes decoded rows (in arrival order). */
  pushRows(rows: Row[], ops: RowOp[] | null = null): void {
    const n = rows.length;
    this.eventsIn += n;
    this.offset += n;
    this.lastEventAt = Date.now();
    const wmFn = this.splitWatermarks ? null : this.wmFn;
    let wm = this.wm;
    let wms: number[] | null = null;
    if (wmFn !== null) {
      wms = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        wms[i] = wm;
        const w = wmFn(rows[i]!) as number | null;
        if (w !== null && w > wm) wm = w;
      }
    }
    const batch: Batch = { rows, ops, wms };
    this.retain(batch);
    for (const d of this.downstream) d.data(batch);
    if (wm > this.wm) this.advanceTo(wm);
  }

  private retain(batch: Batch): void {
    if (this.retainRows <= 0) return;
    this.history.push(batch);
    this.historyRows += batch.rows.length;
    // Trim whole batches once twice the retention is held: O(1) per batch on the hot path.
    if (this.historyRows > 2 * this.retainRows) {
      const h = this.history;
      let i = 0;
      let dropped = 0;
      for (; i < h.length && this.historyRows - dropped > this.retainRows; i++) {
        const e = h[i]!;
        if (typeof e !== 'number') dropped += e.rows.length;
      }
      h.splice(0, i);
      this.historyRows -= dropped;
      this.historyDropped += dropped;
    }
  }

  /**
   * Replays the retained input into one reader (a query that starts at 'earliest'), each row with the
   * watermark it arrived under, then the source's current watermark.
   */
  replayHistory(to: Emitter): void {
    for (const e of this.history) {
      if (typeof e === 'number') to.watermark(e);
      else to.data(e);
    }
  }

  /**
   * ALTER SOURCE ... RESET WATERMARK: the watermark starts over (−∞; the next event sets it). The retained
   * input carries the old arrival watermarks, so a query created later starts after the reset.
   */
  resetWatermark(): void {
    this.wm = -Infinity;
    for (const e of this.history) if (typeof e !== 'number') this.historyDropped += e.rows.length;
    this.history.length = 0;
    this.historyRows = 0;
  }

  /** Moves the watermark forward (never back) and tells the pipelines. */
  advanceTo(wm: number): void {
    if (!(wm > this.wm)) return;
    this.wm = wm;
    if (this.retainRows > 0) this.history.push(wm);
    for (const d of this.downstream) d.watermark(wm);
  }
}
