/**
 * A source at run time: decodes events, keeps the watermark, and hands each batch to the pipelines that
 * read the source. Connectors feed it per split (runtime/splits.ts): each split has its own offset and
 * watermark (the running max of the WATERMARK expression over its rows), and the source's watermark is
 * the minimum over its active splits, so it never moves back and never runs ahead of a slow partition.
 *
 * Every row carries the source's watermark from before it (`wms`), so a batch of N events is processed
 * exactly as N single events would be (see operator.ts). The batch's watermark is announced after its rows.
 *
 * The connector API (docs/connectors.md, "Writing a connector"):
 *   rt.split(id)                       declares (or gets) a split; its `offset` is the checkpointed one
 *   rt.push(inputs, origin, { split, offset, origins })   decodes and processes a split's raw inputs,
 *                                      then records the split's new offset (saved with the state)
 *   rt.pushRows(rows, ops, { split, offset })             the same for rows already decoded
 *   rt.advanceSplit(split, wm)         a split's watermark moves without rows (Infinity: the split ended)
 *   rt.setIdle(split, idle)            the engine's idle clock does this after `idle_timeout`
 *   rt.advanceTo(wm)                   every split at once (end of a bounded source: Infinity)
 */
import type { RejectedRow, RowOp } from '../api.js';
import type { SourceDef } from '../../parser/catalog.js';
import { compileExpr } from '../../planner/compile-expr.js';
import { compileArrival, type ArrivalBatch } from '../../planner/compile-batch.js';
import { RunsBatch, type Batch, type Emitter, type PendingArrival, type Row } from '../operator.js';
import { systemClock } from '../api.js';
import { makeSourceDecoder } from './computed-columns.js';
import { ProcessingTime } from './processing-time.js';
import { decodeInputBatch } from '../state/input-batch.js';
import type { InputEntry } from '../state/input-log.js';
import { makeAheadCheck } from '../../security/watermark.js';
import { SplitSet, type SourceSplit, type SplitOffset, type StoredSplit } from './splits.js';
import { RetainedInput, type RetainedBatch } from './retained-input.js';
import { changelogOpReader, type OpReader } from './changelog-input.js';
import type { Pacer } from './pacer.js';
import { RegeneratedInput, type RegeneratedBatch } from './regenerated-input.js';

export type { RegeneratedBatch } from './regenerated-input.js';

export interface Rejection {
  readonly reason: string;
  readonly input: unknown;
  readonly origin: string;
}

/** Where a batch of inputs came from. */
export interface SplitInput {
  /** The split the inputs were read from (default: the source's one split, '0'). */
  readonly split?: SourceSplit;
  /** The split's offset once these inputs are processed (saved with the state at the next checkpoint). */
  readonly offset?: SplitOffset;
  /** Per input, where it came from (`file:line`), for rejects. */
  readonly origins?: readonly string[];
  /** Bytes of the input (a pushed batch's JSON text), for the retained input's byte budget. */
  readonly bytes?: number;
  /** The rows in the input log's binary form (state/input-batch.ts), when logging them made it. */
  readonly encoded?: Uint8Array;
}

/** Raw inputs decoded (SourceRuntime.decodeInputs): rows and their change kinds, and what was rejected. */
export interface DecodedInputs {
  readonly rows: Row[];
  readonly ops: RowOp[] | null;
  readonly rejected: RejectedRow[];
}

/**
 * An input-log entry: a pushed batch (a JSON array of events), or an explicit watermark move
 * (`{"watermark": ms}`, logged by `engine.advanceWatermark` so a restart replays it between the batches;
 * the end of input, `engine.flush()`, is `{"watermark": "+inf"}`: JSON has no Infinity).
 */
export function readLogged(text: string): unknown[] | number {
  const v = JSON.parse(text) as unknown;
  if (Array.isArray(v)) return v;
  const wm = (v as { watermark?: unknown } | null)?.watermark;
  return typeof wm === 'number' ? wm : wm === END_OF_INPUT ? Infinity : [];
}

/** How a watermark of +∞ (the end of input) is written where JSON text or a text column holds it. */
export const END_OF_INPUT = '+inf';

/** The input-log entry of an explicit watermark move (+∞: the end of input). */
export function loggedWatermark(wm: number): string {
  return JSON.stringify({ watermark: wm === Infinity ? END_OF_INPUT : wm });
}

export class SourceRuntime {
  readonly downstream: Emitter[] = [];
  /** The minimum over the active splits' watermarks, never moving back. */
  wm = -Infinity;
  /** Every split is idle: readers of this source do not wait for it (see WatermarkHolder). */
  idle = false;
  eventsIn = 0;
  rejected = 0;
  /** Events accepted since start, including those restored from a checkpoint. */
  offset = 0;
  /** Durable mode, pushed sources: the last input-log offset processed. */
  inputOffset = 0;
  readonly decode: (input: unknown) => { row: unknown[] } | { error: string };
  private readonly wmFn: ((row: Row) => unknown) | null;
  /** The same expression over a whole batch of the source's one split (compile-batch.ts). */
  private readonly arrival: ArrivalBatch | null;
  private readonly splitSet = new SplitSet();
  /**
   * The retained input (runtime/retained-input.ts): the last rows this source produced, so a query
   * created later can start from the earliest retained event (`scan.startup.mode = 'earliest'`).
   */
  readonly retained = new RetainedInput();
  /**
   * A generator's rows from its start (connector registry `regenerate`): such a source retains no rows,
   * a new 'earliest' query reads them generated again (runtime/regenerated-input.ts). Null for others.
   */
  private regenerated: RegeneratedInput | null = null;
  /** Pushed events too far ahead of the clock are rejected (watermark poisoning, src/security/watermark.ts). */
  private readonly ahead: ((row: readonly unknown[]) => string | null) | null;
  /** A changelog table's rows carry an op (changelog-input.ts); null for an append-only source. */
  private readonly readOp: OpReader | null;
  /**
   * The engine's pacer (runtime/pacer.ts) when large outputs are sliced: what moves the dataflow (rows,
   * watermarks, idle changes, offsets) runs through it, at once or queued behind work in progress;
   * decoding and rejecting stay immediate, so a producer learns of bad rows in its acknowledgement.
   */
  pacer: Pacer | null = null;
  /** The `PROCTIME()` column, stamped as rows are taken in (processing-time.ts), or null. */
  private readonly pt: number | null;
  /** The engine's processing time (set by the engine; the wall clock for a source made alone). */
  procTime = new ProcessingTime('clock', systemClock);
  /** Rows accepted and queued in the pacer, not yet processed (counted in the offset a push reports). */
  private queued = 0;
  /** Batches delivered to the readers; the one being delivered now and the split offset it moves to. */
  private batches = 0;
  private delivering: Batch | null = null;
  /** The retained entry of the batch being delivered (rows are retained in columns, not as `delivering`). */
  private deliveringRetained: RetainedBatch | null = null;
  private deliveringOffset: SplitOffset | undefined = undefined;

  constructor(
    readonly def: SourceDef,
    private readonly onReject: (source: string, r: Rejection) => void,
  ) {
    this.decode = makeSourceDecoder(def);
    this.pt = def.proctime ?? null;
    this.wmFn = def.watermark ? compileExpr(def.watermark.expr) : null;
    this.arrival = def.watermark ? compileArrival(def.watermark.expr) : null;
    this.ahead = makeAheadCheck(def);
    this.readOp = changelogOpReader(def);
  }

  get name(): string {
    return this.def.name;
  }

  /** The source's rows come back by generating them again from the start (a generator); it retains none. */
  regenerateWith(regenerate: (offset: SplitOffset | null) => Iterable<RegeneratedBatch>): void {
    this.regenerated = new RegeneratedInput(regenerate);
    this.retained.retainRows = 0;
  }

  /** A new 'earliest' query has something to read (retained, earlier or regenerated input). */
  get hasHistory(): boolean {
    if (this.regenerated !== null) return this.offset > 0 || this.regenerated.hasMoves;
    return this.retained.entries.length > 0 || this.earlierInput !== null;
  }

  /** Runs what moves the dataflow now, or behind the pacer's queue (see `pacer`). */
  private gate(run: () => void, rows = 0): void {
    if (this.pacer === null) run();
    else this.pacer.gate(run, rows);
  }

  /** Events accepted so far, those still queued behind work in progress included. */
  get admitted(): number {
    return this.offset + this.queued;
  }

  // ---- splits -------------------------------------------------------------------------------------

  /** The split with this id (declared on first use, with its checkpointed offset and watermark). */
  split(id = '0'): SourceSplit {
    return this.splitSet.get(id);
  }

  get splits(): readonly SourceSplit[] {
    return this.splitSet.list;
  }

  /** Stops reading a split (it no longer holds the watermark back); its saved offset is kept. */
  removeSplit(id: string): void {
    this.gate(() => this.removeSplitNow(id));
  }

  private removeSplitNow(id: string): void {
    if (!this.splitSet.remove(id)) return;
    // A source left without splits (a worker that owns none of its partitions) is idle: nothing waits for it.
    const was = this.idle;
    this.idle = this.splitSet.allIdle;
    this.recompute();
    if (!was && this.idle) for (const d of this.downstream) d.idle?.(true);
  }

  /** A split's watermark moves without rows (a connector-provided watermark; Infinity: the split ended). */
  advanceSplit(split: SourceSplit, wm: number): void {
    this.gate(() => this.advanceSplitNow(split, wm));
  }

  private advanceSplitNow(split: SourceSplit, wm: number): void {
    if (!(wm > split.wm)) return;
    split.wm = wm;
    this.recompute();
  }

  /**
   * Marks a split idle (or active again). An idle split does not hold the source's watermark back; when
   * every split is idle the source tells its readers it is idle, and nothing is made up for it.
   */
  setIdle(split: SourceSplit, idle: boolean): void {
    this.gate(() => this.setIdleNow(split, idle));
  }

  private setIdleNow(split: SourceSplit, idle: boolean): void {
    if (split.idle === idle) return;
    split.idle = idle;
    const was = this.idle;
    this.idle = this.splitSet.allIdle;
    if (was && !this.idle) for (const d of this.downstream) d.idle?.(false);
    this.recompute();
    if (!was && this.idle) for (const d of this.downstream) d.idle?.(true);
  }

  private recompute(): void {
    const m = this.splitSet.minimum();
    if (m !== null && m > this.wm) this.announce(m, true);
  }

  // ---- input --------------------------------------------------------------------------------------

  /** Decodes and processes raw inputs of one split; returns per-row rejections (the rest are processed). */
  push(inputs: readonly unknown[], origin: string, from: SplitInput = {}): { accepted: number; rejected: RejectedRow[] } {
    return this.pushDecoded(this.decodeInputs(inputs, origin), origin, from);
  }

  /**
   * The first half of `push`: raw inputs decoded, nothing reported or processed yet (a pushed batch is
   * logged between the two halves, engine.ts, in its decoded form when nothing of it was rejected).
   */
  decodeInputs(inputs: readonly unknown[], origin: string): DecodedInputs {
    const rows: Row[] = [];
    const rejected: RejectedRow[] = [];
    const readOp = this.readOp;
    const ops: RowOp[] | null = readOp === null ? null : [];
    for (let i = 0; i < inputs.length; i++) {
      const r = this.decode(inputs[i]);
      const op = readOp === null ? '+I' : readOp(inputs[i]);
      const error =
        'error' in r ? r.error : typeof op !== 'string' ? op.error : origin === 'input-log' ? null : (this.ahead?.(r.row) ?? null);
      if (error !== null) rejected.push({ index: i, reason: error, input: inputs[i] });
      else if (!('error' in r)) {
        rows.push(r.row);
        ops?.push(op as RowOp);
      }
    }
    // Arrivals: stamped now, before a durable engine logs them, so a restart replays them with these times.
    if (this.pt !== null && rows.length > 0) this.stamp(rows);
    return { rows, ops, rejected };
  }

  /** Gives rows not stamped yet their processing time (each a new arrival), in order. */
  private stamp(rows: Row[]): void {
    const pt = this.pt!;
    let n = 0;
    for (const r of rows) if (r[pt] === null || r[pt] === undefined) n++;
    if (n === 0) return;
    let t = this.procTime.stamp(n);
    const step = this.procTime.step;
    for (const r of rows) {
      if (r[pt] !== null && r[pt] !== undefined) continue;
      r[pt] = t;
      t += step;
    }
  }

  /** The second half of `push`: reports the rejections, processes the rows. */
  pushDecoded(d: DecodedInputs, origin: string, from: SplitInput = {}): { accepted: number; rejected: RejectedRow[] } {
    for (const r of d.rejected) this.reject(r.reason, r.input, from.origins?.[r.index] ?? origin);
    if (d.rows.length > 0) this.pushRows(d.rows, d.ops, from);
    else if (from.offset !== undefined) {
      const offset = from.offset;
      this.gate(() => ((from.split ?? this.split()).offset = offset));
    }
    return { accepted: d.rows.length, rejected: d.rejected };
  }

  reject(reason: string, input: unknown, origin: string): void {
    this.rejected++;
    this.onReject(this.name, { reason, input, origin });
  }

  /** Called before a connector's batch is taken in: back-pressure from the engine (durable output behind its commit thread). */
  admit: (() => void) | null = null;

  /** Processes decoded rows of one split (in arrival order), then records the split's offset. */
  pushRows(rows: Row[], ops: RowOp[] | null = null, from: SplitInput = {}): void {
    this.admit?.();
    if (this.pacer === null) return this.pushRowsNow(rows, ops, from);
    const n = rows.length;
    this.queued += n;
    this.pacer.gate(() => {
      this.queued -= n;
      this.pushRowsNow(rows, ops, from);
    }, n);
  }

  private pushRowsNow(rows: Row[], ops: RowOp[] | null, from: SplitInput): void {
    const split = from.split ?? this.split();
    const n = rows.length;
    // Rows a connector decoded itself are stamped here; rows stamped before (logged, then replayed after a
    // restart) keep their time, and later arrivals come after it.
    if (this.pt !== null && n > 0) {
      this.stamp(rows);
      this.procTime.observe(rows[n - 1]![this.pt] as number);
    }
    this.eventsIn += n;
    this.offset += n;
    split.rows += n;
    if (split.idle) this.setIdleNow(split, false);
    const wmFn = this.wmFn;
    let wm = this.wm;
    let wms: number[] | null = null;
    let pending: PendingArrival | null = null;
    if (wmFn !== null && this.splitSet.list.length === 1) {
      // One split: the source's watermark is the split's (one generated loop over the batch), and the
      // arrival watermarks are runs: the watermark moves a few dozen times in a batch of thousands.
      // They are made by the first loop over the rows (a filter/projection reading this source makes
      // them in its own), or below once the batch is delivered.
      pending = { expr: this.def.watermark!.expr, run: this.arrival!, split, wm };
    } else if (wmFn !== null) {
      // Several: the source's watermark moves only when the split that moved could have been the
      // minimum (it was at or below the source's watermark).
      wms = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        wms[i] = wm;
        const w = wmFn(rows[i]!) as number | null;
        if (w === null || !(w > split.wm)) continue;
        const before = split.wm;
        split.wm = w;
        if (before <= wm) {
          const m = this.splitSet.minimum();
          if (m !== null && m > wm) wm = m;
        }
      }
    }
    const batch: Batch = pending !== null ? new RunsBatch(rows, ops, null, pending) : { rows, ops, wms };
    this.deliveringRetained = this.retained.add(batch, this.inputOffset, from.bytes ?? 0, from.encoded ?? null);
    this.batches++;
    this.delivering = batch;
    this.deliveringOffset = from.offset;
    try {
      for (const d of this.downstream) d.data(batch);
    } finally {
      this.delivering = null;
      this.deliveringRetained = null;
      this.deliveringOffset = undefined;
      // The split's watermark moves past the batch even when a reader threw (as when it moved first).
      if (pending !== null) wm = (batch as RunsBatch).arrivalAfter();
    }
    if (from.offset !== undefined) split.offset = from.offset;
    if (wm > this.wm) this.announce(wm, false);
  }

  /**
   * ALTER SOURCE ... RESET WATERMARK: the watermark starts over (−∞ for the source and every split; the
   * next event sets it). The retained input carries the old arrival watermarks, so a query created later
   * starts after the reset.
   */
  resetWatermark(): void {
    this.wm = -Infinity;
    for (const s of this.splits) s.wm = -Infinity;
    this.retained.clear();
    // A generator's rows would come back with their old watermarks: after the reset it is read from now on.
    this.regenerated = null;
  }

  /** Moves every split's watermark (and so the source's) forward, never back, and tells the readers. */
  advanceTo(wm: number): void {
    this.gate(() => this.advanceToNow(wm));
  }

  private advanceToNow(wm: number): void {
    for (const s of this.splitSet.list) if (wm > s.wm) s.wm = wm;
    if (wm > this.wm) this.announce(wm, true);
  }

  /** `explicit`: a move the rows do not give (logged for a regenerated source's replay). */
  private announce(wm: number, explicit: boolean): void {
    this.wm = wm;
    this.retained.watermark(wm);
    if (explicit) this.regenerated?.move(this.offset, wm);
    for (const d of this.downstream) d.watermark(wm);
  }

  // ---- retained input -----------------------------------------------------------------------------

  /** The retained batches and watermark moves (oldest first). */
  get history(): readonly (RetainedBatch | number)[] {
    return this.retained.entries;
  }

  /** The input-log offset of the oldest retained batch (what the durable input log must keep from). */
  oldestRetainedInput(): number {
    return this.retained.oldestInput() ?? this.inputOffset + 1;
  }

  /**
   * Rebuilds the retained input from the durable input log after a restart (pushed sources): the
   * batches up to the checkpointed offset. Nothing is processed: the restored views' state holds them.
   */
  reloadHistory(entries: readonly InputEntry[]): void {
    const past = this.retained.detach();
    this.retained.rebuild(
      entries.map((e) => {
        // A batch logged in binary form holds the rows as decoded then (state/input-batch.ts).
        if (typeof e.entry !== 'string') return { rows: decodeInputBatch(e.entry), ops: null, input: e.offset, bytes: e.entry.byteLength };
        const logged = readLogged(e.entry);
        return typeof logged === 'number' ? logged : { ...this.decodeEarlier(logged, e.offset), bytes: e.entry.length };
      }),
      this.wmFn,
    );
    this.retained.reattach(past);
  }

  /**
   * Input read in an earlier run, for connectors that resume from offsets (a file re-read up to its
   * checkpointed line): called the first time a new 'earliest' query needs it, and put before the
   * retained input, so such a query sees the source from its start after a restart too.
   */
  earlierInput: (() => unknown[][]) | null = null;

  /** Puts the earlier run's input (see `earlierInput`) before the retained input, once. */
  loadEarlierInput(): void {
    const read = this.earlierInput;
    this.earlierInput = null;
    if (read === null) return;
    const later = this.retained.detach();
    this.retained.rebuild(read().map((inputs) => this.decodeEarlier(inputs, 0)), this.wmFn);
    this.retained.reattach(later);
  }

  /** Rows (and change kinds) of input processed in an earlier run; what was rejected then (and recorded) is left out. */
  private decodeEarlier(inputs: readonly unknown[], input: number): { rows: Row[]; ops: RowOp[] | null; input: number } {
    const rows: Row[] = [];
    const readOp = this.readOp;
    const ops: RowOp[] | null = readOp === null ? null : [];
    for (const raw of inputs) {
      const r = this.decode(raw);
      const op = readOp === null ? '+I' : readOp(raw);
      if ('error' in r || typeof op !== 'string' || (this.ahead?.(r.row) ?? null) !== null) continue;
      // Read again from history, not a new arrival: the latest processing time (its own was not kept).
      if (this.pt !== null) r.row[this.pt] = this.procTime.latest();
      rows.push(r.row);
      ops?.push(op);
    }
    return { rows, ops, input };
  }

  /**
   * Replays the retained input into one reader (a query that starts at 'earliest'). A reader attached
   * while a batch is being handed to the readers gets that batch from the live stream, not also from
   * the history; `withDelivering` puts it in the history (the reader missed its delivery: a stateless
   * view's derived history, runtime/derived-history.ts).
   */
  replayHistory(to: Emitter, withDelivering = false): void {
    const batch = this.delivering;
    if (this.regenerated !== null) {
      // The split's offset moves once the batch has been delivered: before, it does not cover the batch.
      const offset = withDelivering && batch !== null && this.deliveringOffset !== undefined ? this.deliveringOffset : this.split().offset;
      this.regenerated.replay(to, offset, (inputs) => this.decodeEarlier(inputs, 0).rows, this.wmFn, this.wm);
    } else this.retained.replay(to, this.wm, withDelivering ? null : this.deliveringRetained);
  }

  /** Batches delivered to the readers so far (the one being delivered included). */
  get batchesDelivered(): number {
    return this.batches;
  }

  /** A batch is being handed to the readers right now. */
  get isDelivering(): boolean {
    return this.delivering !== null;
  }

  // ---- checkpoints --------------------------------------------------------------------------------

  /** What a checkpoint stores for this source: the event count, its input-log offset, and every split's offset and watermark. */
  checkpointOffset(): string {
    return JSON.stringify({ offset: this.offset, input: this.inputOffset, splits: this.splitSet.snapshot() });
  }

  /**
   * After a restore (once the readers' state is back): a source restored at its end (+∞, a logged flush)
   * tells its readers again, as an idle one does. Operators do not save +∞ (a bounded file's end is its
   * run's), so without this a restored view would be back at its last finite watermark, and a view created
   * over it would not see the windows it fired at the end.
   */
  announceRestoredEnd(): void {
    if (this.wm === Infinity) for (const d of this.downstream) d.watermark(Infinity);
  }

  /** Puts back what `checkpointOffset` stored (and the older forms: an input-log offset, `{position, offset}`). */
  restoreOffset(stored: number | string | undefined, wm: number | undefined): void {
    if (typeof stored === 'number') this.inputOffset = stored;
    else if (typeof stored === 'string') {
      let o: { offset?: number; input?: number; position?: number; splits?: Record<string, StoredSplit> };
      try {
        o = JSON.parse(stored) as typeof o;
      } catch {
        o = {}; // an offset this version cannot read: start from the beginning (docs/state.md)
      }
      this.offset = o.offset ?? 0;
      this.inputOffset = o.input ?? 0;
      if (o.splits) this.splitSet.restore(o.splits);
      else if (typeof o.position === 'number') this.splitSet.restore({ '0': { offset: o.position } });
    }
    if (typeof wm === 'number') {
      this.wm = wm;
      for (const s of this.splitSet.list) if (wm > s.wm) s.wm = wm;
    }
    // Splits idle at the checkpoint come back idle: a source idle as a whole tells its readers again.
    const idle = this.splitSet.list.length > 0 && this.splitSet.allIdle;
    if (idle && !this.idle) {
      this.idle = true;
      for (const d of this.downstream) d.idle?.(true);
    }
  }
}
