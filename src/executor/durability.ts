/**
 * Durable mode: the engine's bridge to the SQLite state store. Collects what a checkpoint must make
 * durable together — operator state deltas, source offsets, new output rows, late and rejected rows —
 * and commits it in one transaction (exactly-once without barriers: after a crash the engine restarts
 * from the last checkpoint and recomputes the rest deterministically, with the same seqs).
 *
 * Output rows reach subscribers as soon as they are computed, each with its seq; rows computed after
 * the last checkpoint are recomputed after a crash with the same seqs, so a subscriber that resumes by
 * seq (or deduplicates by it) sees every row exactly once. We chose this over "deliver only once
 * committed" for latency: a window's rows reach subscribers the moment it fires, not up to one
 * checkpoint interval later. The durable log (`tumbleql log`) only ever holds committed rows.
 */
import { createHash } from 'node:crypto';
import { normalizeSql } from '../parser/normalize.js';
import type { RowOp } from './api.js';
import type { Operator, Row } from './operator.js';
import { beginOperatorSnapshot, restoreOperator, runTablesOf, snapshotOperator } from './runtime/operator-state.js';
import { END_OF_INPUT, type SourceRuntime } from './runtime/source-runtime.js';
import type { ViewRuntime } from './runtime/view-runtime.js';
import { InputLog, adoptInput, inputLogPath, legacyInputLogPath, type InputEntry } from './state/input-log.js';
import { packEntries } from './state/packed-entries.js';
import { SlotSink } from './state/slot-entries.js';
import { encoderOf, outputBatchOf, rowsOfBatch, type OutputBatch } from './state/output-batch.js';
import { StoreClient } from './state/store-client.js';
import type { DeclaredState } from './state/state-table.js';
import type { RowBytes } from './row-json-bytes.js';
import { BLOCK_CHARS, BLOCK_ROWS, blocksOf, byteBlocksOf, byteBlocksOfRows, joinBlocks, splitBlock, textOf, toBytes, type OutputBlock, type PendingBlock } from './state/output-block.js';
import { StateError, StateStore, type Checkpoint, type CommitResult, type LateEntry, type OperatorDelta, type RejectedEntry, type RetentionOptions } from './state/index.js';

export interface CommittedRow {
  readonly view: string;
  readonly seq: number;
  readonly op: string;
  readonly row: Record<string, unknown>;
}

/** Fingerprint of a catalog entry's DDL text (token-normalized: spacing and comments are not edits). */
export function ddlFingerprint(sql: string): string {
  return createHash('sha256').update(normalizeSql(sql)).digest('hex').slice(0, 16);
}

/** Stored operator ids: the view, then the plan node (path + kind) the operator runs. */
export function operatorId(view: string, node: string): string {
  return `${view}/${node}`;
}

const WM_SUFFIX = '@wm';

/** A block below this many rows takes the next rows of its view in (a view emitting a row at a time). */
const SMALL_BLOCK = 256;

/** A background checkpoint whose snapshot is taken and is being encoded and sent in slices. */
interface CaptureJob {
  readonly id: number;
  readonly ops: {
    readonly id: string;
    readonly tables: readonly DeclaredState[];
    /** Prefixes of its tables stored as runs (OperatorDelta.runTables). */
    readonly runTables: readonly string[] | undefined;
    /** Entries encoded and not sent yet (the tables' snapshot sinks append here; a slice sends and empties them). */
    readonly keys: string[];
    readonly values: (string | null)[];
    /** Groups captured as numbers, encoded on the commit thread (state/slot-entries.ts). */
    readonly slots: SlotSink;
    encoded: boolean;
  }[];
  readonly blocks: PendingOutput[];
  /** Output blocks and batches sent so far. */
  sent: number;
  readonly final: Checkpoint;
  readonly done: (result: CommitResult) => void;
}

/** One slice of encoding between event batches: short enough that no task holds the loop for long. */
const SLICE_MS = 3;
/** Values encoded between two looks at the clock. */
const SLICE_CHUNK = 256;
/** Output rows per part sent to the commit thread (a slice sends at least one part). */
const ROWS_PER_SLICE = 4096;
/** The longest a background checkpoint's slices step aside, in a row, for work that asks them to (`yieldTo`). */
const MAX_YIELD_MS = 500;
/**
 * An emitted batch of at least this many rows goes to the commit thread as values (output-batch.ts),
 * which makes its JSON there; a smaller one is encoded here and joins the view's last block.
 */
const BATCH_MIN_ROWS = 64;
/**
 * Rows of batches the commit thread has not committed yet, past which new output is encoded here again.
 * While the commit thread made the batches' JSON, that was its largest task, and 2^19 rows kept a commit
 * thread that fell behind from making checkpoints rarer. Batches are now stored as they came (binary
 * blocks, output-batch.ts: no work per row on the commit thread), so nothing is gained by encoding them
 * here instead: no limit by default (the output waiting stays bounded in bytes, BACKLOG_BYTES). Tests set
 * one to see the switch-over.
 */
const BATCH_ROWS_AHEAD = Number.MAX_SAFE_INTEGER;
/**
 * Bytes of output not committed yet (waiting here, being encoded, or being written on the commit
 * thread) past which an entry point waits for the commit thread (`holdBack`): without it a producer
 * faster than the commit thread made every checkpoint carry more than the last, and the memory held by
 * output waiting for its checkpoint (here, on the commit thread, in SQLite) grew with the run.
 */
export const BACKLOG_BYTES = 64 * 1024 * 1024;

/** How much output may wait for its checkpoint with a commit thread (tests set small ones to see the switch-overs). */
export interface BacklogLimits {
  /** Output bytes not committed yet past which entry points wait for the commit thread (BACKLOG_BYTES). */
  readonly bytes: number;
  /** Rows crossing as values not committed yet past which output is encoded on the event loop again (BATCH_ROWS_AHEAD). */
  readonly batchRows: number;
}

/** What waiting output holds: a batch's binary rows, a block's bytes, or its text's characters. */
function sizeOf(o: PendingOutput): number {
  return isBatch(o) ? o.rows.byteLength : 'bytes' in o ? o.bytes.byteLength : o.rows.length;
}

/** Output waiting for its checkpoint: rows in blocks (their JSON made here; bytes once no more rows can join them), or as values (made on the commit thread). */
type PendingOutput = PendingBlock | OutputBatch;

const isBatch = (o: PendingOutput): o is OutputBatch => 'columns' in o;

/** Output whose buffer was moved to the commit thread (StoreClient.commitPart): empty here since. */
const moved = (o: PendingOutput): boolean => (isBatch(o) ? o.rows.byteLength === 0 : 'bytes' in o && o.bytes.byteLength === 0);

export class Durability {
  /**
   * Output rows waiting for their checkpoint, already in the blocks they are stored as: a few large
   * strings instead of one per row (100k row strings held for up to a checkpoint interval were
   * promoted to the old generation, and collecting them cost more than joining them). A block that no
   * later rows can join waits as bytes (`toBytes`), made text again only by the commit: a
   * checkpoint interval of output (60 MB of text at 500k rows/s) held in V8's old generation made it
   * grow to several times that between major collections, and its peak grew with the run.
   */
  private blocks: PendingOutput[] = [];
  /** Rows of output batches not committed yet (pending here, in a checkpoint being written, or carried after a failed one). */
  private batchRowsAhead = 0;
  /** Bytes of the output in `blocks` (sizeOf, as it was added). */
  private pendingBytes = 0;
  /** Bytes of output taken by checkpoints not committed yet (being encoded, written, or carried after a failed one). */
  private bytesAhead = 0;
  /** Times an entry point waited for the commit thread (holdBack), and for how long in all. */
  stalls = 0;
  stalledMs = 0;
  /** Output rows that went to the commit thread as values (output-batch.ts), and rows encoded here. */
  rowsAsValues = 0;
  rowsAsText = 0;
  /** Per view, the index in `blocks` of its last block (the one its next rows may join). */
  private readonly lastBlock = new Map<string, number>();
  private job: CaptureJob | null = null;
  private jobs = 0;
  /**
   * While this holds, a background checkpoint's encoding slices wait (at most MAX_YIELD_MS in a row).
   * The engine sets it to "a window is firing in slices": the firing's chunks and the encoding slices
   * would otherwise take turns on the event loop, and a 100k-row window took about twice as long to
   * leave whenever a checkpoint was being encoded meanwhile. The snapshot is copy-on-write, so its
   * content does not depend on when it is encoded.
   */
  yieldTo: (() => boolean) | null = null;
  private late: LateEntry[] = [];
  private rejected: RejectedEntry[] = [];
  /** `wants`: the views whose rows the listener takes (null: all); rows no listener wants are never parsed back. */
  readonly committedListeners: { readonly fn: (rows: CommittedRow[]) => void; readonly wants: ((view: string) => boolean) | null }[] = [];
  /** Views whose output no listener reads after its commit: their bytes are moved to the commit thread, not copied. */
  private readonly unread = (view: string): boolean => !this.committedListeners.some((l) => l.wants === null || l.wants(view));
  lastCommit: CommitResult | null = null;
  commits = 0;
  /** A checkpoint is being written on the commit thread. */
  private inFlight = false;
  /** A commit failed in a way no retry mends: no later checkpoint may be written. */
  private failure: unknown = null;
  /**
   * The last commit failed with STATE_IO (disk full): the store carries that checkpoint into the next
   * (state/carry-over.ts), and what it would have done once committed waits here for that commit.
   */
  ioFailure: StateError | null = null;
  private carriedDone: ((result: CommitResult) => void)[] = [];
  private waiters: ((err: unknown) => void)[] = [];
  /** The watermark each operator had at its last snapshot (a watermark is written only when it moved). */
  private readonly savedWm = new WeakMap<Operator, number>();
  /** Sources whose watermark was reset since the last checkpoint: their stored watermark is cleared. */
  private readonly wmReset = new Set<string>();

  constructor(
    readonly store: StateStore | StoreClient,
    readonly input: InputLog,
    public backlog: BacklogLimits = { bytes: BACKLOG_BYTES, batchRows: BATCH_ROWS_AHEAD },
  ) {}

  /**
   * Opens the state file and its input log. `background`: checkpoints are written by a worker thread
   * (store-client.ts), so the periodic ones never hold the event loop; otherwise on this thread.
   */
  static open(path: string, retention?: RetentionOptions, background = false, backlog?: Partial<BacklogLimits>, synchronous: 'NORMAL' | 'FULL' = 'NORMAL'): Durability {
    const opts = { ...(retention ? { retention } : {}), synchronous };
    const store = background ? StoreClient.open(path, opts) : StateStore.open(path, opts);
    let input: InputLog;
    try {
      input = new InputLog(inputLogPath(path), { legacy: legacyInputLogPath(path), synchronous });
      adoptInput(store, input);
    } catch (err) {
      store.close();
      throw err;
    }
    return new Durability(store, input, { bytes: backlog?.bytes ?? BACKLOG_BYTES, batchRows: backlog?.batchRows ?? BATCH_ROWS_AHEAD });
  }

  /** Bytes of output not committed yet: waiting here, being encoded or being written. */
  get backlogBytes(): number {
    return this.pendingBytes + this.bytesAhead;
  }

  /**
   * Output not committed yet is past `backlog.bytes` while a checkpoint is on its way (encoding or being
   * written): a push now would wait in `holdBack`, holding the event loop. A server stops reading its
   * producers instead (Engine.backlogged) until that checkpoint is written.
   */
  get overBacklog(): boolean {
    return this.store instanceof StoreClient && (this.job !== null || this.inFlight) && this.pendingBytes + this.bytesAhead > this.backlog.bytes;
  }

  /**
   * Back-pressure, at an entry point (a push): past `backlog.bytes` of output not committed yet, waits
   * here, holding the event loop, for the checkpoint being written (its encoding finished on the spot),
   * so a producer faster than the commit thread is slowed to what it commits, and the output waiting
   * for its checkpoint stays bounded instead of growing with the run. Returns true when output waiting
   * here alone is over twice the bound once nothing is being written: the caller takes the next
   * checkpoint now instead of at its interval (below that the interval stands: a checkpoint taken early
   * writes the changed state again sooner, and over 100k keys that costs more than the output it carries).
   */
  holdBack(): boolean {
    const store = this.store;
    if (!(store instanceof StoreClient) || this.failure !== null || this.ioFailure !== null) return false;
    if (this.pendingBytes + this.bytesAhead <= this.backlog.bytes) return false;
    if (this.job !== null || this.inFlight) {
      const t0 = performance.now();
      this.stalls++;
      if (this.job !== null) this.finishJob();
      // Calls are answered in order: this one's answer comes after the commit's, which is dispatched on the way.
      store.sync();
      this.stalledMs += performance.now() - t0;
    }
    return !this.inFlight && this.job === null && this.failure === null && this.ioFailure === null && this.pendingBytes > 2 * this.backlog.bytes;
  }

  // ---- what happens between checkpoints --------------------------------------------------------

  /** Makes a pushed batch (JSON text or binary form, state/input-batch.ts) durable; returns its input-log offset. */
  appendInput(source: string, entry: string | Buffer): number {
    return this.input.append(source, entry);
  }

  /** DROP SOURCE: its input log goes with it. */
  dropInput(source: string): void {
    this.input.drop(source);
  }

  /** `bytes`: the rows' JSON bytes (the view writes them once for this and its subscribers' messages). */
  onOutput(view: ViewRuntime, firstSeq: number, rows: readonly Row[], ops: readonly RowOp[] | null, bytes?: () => RowBytes): void {
    if (view.def.adhoc || rows.length === 0) return;
    if (rows.length >= BATCH_MIN_ROWS && this.batchRowsAhead < this.backlog.batchRows && this.store instanceof StoreClient) {
      const batch = outputBatchOf(view.name, firstSeq, rows, ops, view.def.schema.map((c) => ({ name: c.name, type: c.type })));
      if (batch !== null) {
        this.blocks.push(batch);
        this.batchRowsAhead += batch.n;
        this.pendingBytes += sizeOf(batch);
        this.rowsAsValues += batch.n;
        this.lastBlock.delete(view.name);
        return;
      }
    }
    const blocks = this.blocks;
    const at = this.lastBlock.get(view.name);
    // Enough rows for blocks of their own and no small block before them to join: bytes written straight
    // from the rows, the same blocks as from their text below (a small last one stays text, to be joined).
    if (rows.length >= SMALL_BLOCK && (at === undefined || 'bytes' in blocks[at]!)) {
      const made = bytes !== undefined ? byteBlocksOfRows(bytes(), view.name, firstSeq, ops) : byteBlocksOf(view.writer, view.name, firstSeq, rows, ops);
      if (made !== null) {
        this.rowsAsText += rows.length;
        for (const b of made) {
          blocks.push(b);
          this.pendingBytes += sizeOf(b);
        }
        const last = made[made.length - 1]!;
        if (last.n < SMALL_BLOCK) {
          blocks[blocks.length - 1] = textOf(last);
          this.lastBlock.set(view.name, blocks.length - 1);
        } else this.lastBlock.delete(view.name);
        return;
      }
    }
    const encodeJson = view.encodeJson;
    const texts = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) texts[i] = encodeJson(rows[i]!);
    const first = blocks.length;
    this.rowsAsText += texts.length;
    const made = blocksOf(view.name, firstSeq, texts, ops, 0, texts.length, true);
    for (let i = 0; i < made.length; i++) this.pendingBytes += sizeOf(made[i]!);
    // A few rows at a time (a changelog view, a small window): they join the view's last block, which
    // stays text while it is below SMALL_BLOCK rows and the last of its view.
    if (at !== undefined && made.length === 1) {
      const last = blocks[at] as PendingBlock;
      const next = made[0]!;
      if (!('bytes' in last) && last.n < SMALL_BLOCK && last.firstSeq + last.n === firstSeq && last.n + next.n <= BLOCK_ROWS && last.rows.length + next.rows.length < BLOCK_CHARS) {
        const joined = joinBlocks(last, next);
        blocks[at] = joined.n < SMALL_BLOCK ? joined : toBytes(joined);
        return;
      }
    }
    // The view's last block takes no more rows; nor does any new one but a small last one.
    if (at !== undefined && !('bytes' in blocks[at]!)) blocks[at] = toBytes(blocks[at] as OutputBlock);
    for (let i = 0; i < made.length; i++) {
      const b = made[i]!;
      blocks.push(i < made.length - 1 || b.n >= SMALL_BLOCK ? toBytes(b) : b);
    }
    this.lastBlock.set(view.name, first + made.length - 1);
  }

  onLate(view: string, source: string, row: Record<string, unknown>, watermark: number): void {
    this.late.push({ view, source, rowJson: JSON.stringify(row), watermark: Number.isFinite(watermark) ? watermark : 0 });
  }

  onRejected(source: string, origin: string, reason: string, input: unknown): void {
    this.rejected.push({ source, origin, reason, input: typeof input === 'string' ? input : JSON.stringify(input) ?? 'null' });
  }

  // ---- the checkpoint ---------------------------------------------------------------------------

  /**
   * Takes a checkpoint: the snapshot now, on this thread (changed entries only, encoded), and the
   * commit — one transaction of state, offsets, output, late and rejected rows. `background` (the
   * periodic checkpoint with a commit thread): returns before the commit, which completes on its own;
   * skipped while the previous one is still being written (its changes wait for the next). Otherwise
   * returns once this checkpoint (and any before it) is committed.
   */
  checkpoint(views: Iterable<ViewRuntime>, sources: Iterable<SourceRuntime>, usesInputLog: (s: SourceRuntime) => boolean, background = false): void {
    if (this.failure !== null) throw this.failure;
    const store = this.store;
    if (background && (this.inFlight || this.job !== null)) return;
    if (background && store instanceof StoreClient) {
      this.startJob(store, views, sources, usesInputLog);
      return;
    }
    // On request: a background checkpoint still being encoded goes first (whole, then committed).
    if (this.job !== null) this.finishJob();
    const operators: OperatorDelta[] = [];
    for (const v of views) {
      if (v.def.adhoc) continue;
      for (let i = 0; i < v.operators.length; i++) {
        const keys: string[] = [];
        const values: (string | null)[] = [];
        const op = v.operators[i]!;
        if (snapshotOperator(op, this.savedWm, keys, values)) {
          operators.push({ id: operatorId(v.name, v.pipeline.operators[i]!.id), packed: { keys, values }, runTables: runTablesOf(op), encoded: true });
        }
      }
    }
    const { final, done } = this.takeRest(sources, usesInputLog, operators, false);
    let result: CommitResult;
    try {
      result = store instanceof StoreClient ? store.commit(final, this.unread) : store.commit(final);
    } catch (err) {
      this.failed(err, done);
      throw err;
    }
    this.succeeded(result, done);
  }

  /**
   * A failed commit. STATE_IO (disk full, I/O error): the store keeps the checkpoint and writes it with
   * the next one, so its completion waits for that; the engine keeps running. Anything else: the
   * checkpoint's changes are lost to the file, so no later checkpoint may be written.
   */
  private failed(err: unknown, done: (result: CommitResult) => void): void {
    if (err instanceof StateError && err.code === 'STATE_IO') {
      this.ioFailure = err;
      this.carriedDone.push(done);
    } else this.failure = err;
  }

  /** A commit that also wrote every checkpoint carried since a failure: theirs complete first, in order. */
  private succeeded(result: CommitResult, done: (result: CommitResult) => void): void {
    this.ioFailure = null;
    const carried = this.carriedDone;
    this.carriedDone = [];
    for (const d of carried) d(result);
    done(result);
  }

  private trimFailing = false;

  /**
   * After a commit, input at or below its offsets is in the state: the input log may forget it. A trim
   * that fails for want of space (it appends a trim record, and a full disk may refuse that after the
   * state file's commit found room) or cannot delete a segment is only late: nothing is lost, the log is longer for a
   * while, and the next commit's trim deletes the same entries. It must not fail the commit, which is
   * written, nor the caller, which may be the commit thread's reply outside any request.
   */
  private trimInput(trims: readonly (readonly [string, number])[]): void {
    try {
      for (const [source, off] of trims) this.input.trim(source, off);
    } catch (err) {
      if (!(err instanceof StateError && err.code === 'STATE_IO')) throw err;
      if (!this.trimFailing) process.stderr.write(`tumbleql: the input log could not be trimmed; the next checkpoint trims it (nothing is lost): ${err.message}\n`);
      this.trimFailing = true;
      return;
    }
    if (this.trimFailing) process.stderr.write('tumbleql: the input log is trimmed again\n');
    this.trimFailing = false;
  }

  /** Offsets, late and rejected rows as of now, and what to do once the checkpoint is committed. */
  private takeRest(
    sources: Iterable<SourceRuntime>,
    usesInputLog: (s: SourceRuntime) => boolean,
    operators: OperatorDelta[],
    background: boolean,
  ): { final: Checkpoint; blocks: PendingOutput[]; done: (result: CommitResult) => void } {
    const offsets: Record<string, number | string> = {};
    const trims: [string, number][] = [];
    for (const s of sources) {
      // Per split offsets and watermarks (runtime/splits.ts). A pushed source's input log keeps what the
      // source retains (its history for a new 'earliest' view, also after a restart) and what no
      // checkpoint has consumed yet: once committed, older entries go.
      offsets[s.name] = s.checkpointOffset();
      if (usesInputLog(s)) trims.push([s.name, Math.min(s.inputOffset, s.oldestRetainedInput() - 1)]);
      if (Number.isFinite(s.wm)) offsets[s.name + WM_SUFFIX] = s.wm;
      // A pushed source's end of input (flush) is part of its input (logged): it stays at its end after a
      // restart. A connector's end (+∞ of a bounded file) is its run's: the next run reads on from there.
      else if (s.wm === Infinity && usesInputLog(s)) offsets[s.name + WM_SUFFIX] = END_OF_INPUT;
      // A reset watermark (−∞) is stored as text, which restoreSource does not take as a watermark.
      else if (this.wmReset.has(s.name)) offsets[s.name + WM_SUFFIX] = 'reset';
    }
    this.wmReset.clear();
    const blocks = this.blocks;
    // In the background, the blocks go ahead in parts (slice); the final commit carries the rest.
    const final: Checkpoint = {
      operators,
      offsets,
      outputBlocks: background ? [] : (blocks.filter((b) => !isBatch(b)) as PendingBlock[]),
      outputBatches: background ? [] : blocks.filter(isBatch),
      late: this.late,
      rejected: this.rejected,
    };
    this.blocks = [];
    this.lastBlock.clear();
    this.late = [];
    this.rejected = [];
    let batchRows = 0;
    let bytes = 0;
    for (const b of blocks) {
      if (isBatch(b)) batchRows += b.n;
      bytes += sizeOf(b);
    }
    this.pendingBytes = 0;
    this.bytesAhead += bytes;
    const done = (result: CommitResult): void => {
      this.batchRowsAhead -= batchRows;
      this.bytesAhead -= bytes;
      this.lastCommit = result;
      this.commits++;
      this.trimInput(trims);
      // Rows are kept for listeners even before anyone listens: rows replayed at open are committed by
      // the first checkpoint, before a listener can be added. Parsed back only when someone listens.
      // A listener for some views only (INSERT jobs) does not make every row of every view parsed.
      const listeners = this.committedListeners;
      if (listeners.length > 0) {
        const wanted = (view: string): boolean => listeners.some((l) => l.wants === null || l.wants(view));
        const committed: CommittedRow[] = [];
        for (const b of blocks) {
          if (!wanted(b.view)) continue;
          if (moved(b)) {
            // Its bytes went to the commit thread (no listener wanted the view when it was sent): the rows as committed.
            for (const r of this.store.readOutput(b.view, b.firstSeq, b.n)) committed.push({ view: b.view, seq: r.seq, op: r.op, row: r.row });
            continue;
          }
          if (isBatch(b)) {
            // Rows that crossed as values: their JSON made here as the commit thread made it.
            const encode = encoderOf(b.columns);
            const rows = rowsOfBatch(b);
            const ops = b.ops === null ? null : b.ops.split(',');
            for (let i = 0; i < b.n; i++) {
              committed.push({ view: b.view, seq: b.firstSeq + i, op: ops === null ? '+I' : ops[i]!, row: JSON.parse(encode(rows[i]!)) as Record<string, unknown> });
            }
            continue;
          }
          const { rows, ops } = splitBlock(b.view, b.firstSeq, b.n, b.ops, textOf(b).rows);
          for (let i = 0; i < b.n; i++) {
            committed.push({ view: b.view, seq: b.firstSeq + i, op: ops === null ? '+I' : ops[i]!, row: JSON.parse(rows[i]!) as Record<string, unknown> });
          }
        }
        if (committed.length > 0) {
          for (const l of listeners) {
            const wants = l.wants;
            l.fn(wants === null ? committed : committed.filter((r) => wants(r.view)));
          }
        }
      }
    };
    return { final, blocks, done };
  }

  // ---- background checkpoints: snapshot now, encode and send in slices, commit on the commit thread --

  private startJob(store: StoreClient, views: Iterable<ViewRuntime>, sources: Iterable<SourceRuntime>, usesInputLog: (s: SourceRuntime) => boolean): void {
    const ops: CaptureJob['ops'][number][] = [];
    for (const v of views) {
      if (v.def.adhoc) continue;
      for (let i = 0; i < v.operators.length; i++) {
        const op = v.operators[i]!;
        const keys: string[] = [];
        const values: (string | null)[] = [];
        const slots = new SlotSink();
        beginOperatorSnapshot(op, this.savedWm, keys, values, slots);
        ops.push({ id: operatorId(v.name, v.pipeline.operators[i]!.id), tables: op.tables, runTables: runTablesOf(op), keys, values, slots, encoded: false });
      }
    }
    // Output rows go ahead in parts; the final commit carries offsets, late and rejected rows.
    const { final, blocks, done } = this.takeRest(sources, usesInputLog, [], true);
    this.job = { id: ++this.jobs, ops, blocks, sent: 0, final, done };
    let yieldingSince: number | null = null;
    const step = (): void => {
      const job = this.job;
      if (job === null || job.id !== this.jobs) return; // finished on request meanwhile
      if (this.yieldTo !== null && this.yieldTo()) {
        const now = performance.now();
        yieldingSince ??= now;
        if (now - yieldingSince < MAX_YIELD_MS) {
          setImmediate(step);
          return;
        }
      } else yieldingSince = null;
      if (this.slice(store, job, performance.now() + SLICE_MS)) this.commitJob(store, job);
      else setImmediate(step);
    };
    setImmediate(step);
  }

  /** Encodes and sends what one slice allows; true when everything is encoded and sent. */
  private slice(store: StoreClient, job: CaptureJob, deadline: number): boolean {
    let encoded = true;
    for (const o of job.ops) {
      while (!o.encoded && performance.now() < deadline) {
        let all = true;
        for (const t of o.tables) if (!t.encodePending(SLICE_CHUNK)) all = false;
        o.encoded = all;
      }
      if (!o.encoded) encoded = false;
    }
    // Values encoded so far (by this slice, or because something was about to change them) go now.
    let partOps = [];
    let partSlots = [];
    let runTables: Record<string, readonly string[]> | undefined;
    for (const o of job.ops) {
      if (o.runTables !== undefined && (o.slots.size > 0 || o.keys.length > 0)) (runTables ??= {})[o.id] = o.runTables;
      if (o.slots.size > 0) partSlots.push({ id: o.id, runs: o.slots.take() });
      if (o.keys.length === 0) continue;
      partOps.push(packEntries(o.id, o.keys, o.values, 0, o.keys.length));
      // Emptied in place: the tables' snapshot sinks append to these same arrays.
      o.keys.length = 0;
      o.values.length = 0;
    }
    // Rows go as blocks (state/output-block.ts): one string or byte array per block crosses to the commit
    // thread; or as values (output-batch.ts), whose blocks the commit thread makes. In parts of
    // ROWS_PER_SLICE rows, at least one part per slice and more while the slice has time left: one part
    // per turn of the event loop was a cap on the rows a checkpoint can carry per second (when the loop
    // turned less often than the view emitted 4,096 rows, each checkpoint took longer than its interval,
    // the next one started with more rows, and the rows waiting grew with the run).
    do {
      let budget = ROWS_PER_SLICE;
      // All-ASCII blocks cross as bytes, moved to the commit thread unless a commit listener reads them after the commit.
      const partBlocks: PendingBlock[] = [];
      const partBatches: OutputBatch[] = [];
      while (budget > 0 && job.sent < job.blocks.length) {
        const b = job.blocks[job.sent++]!;
        budget -= b.n;
        if (isBatch(b)) partBatches.push(b);
        else partBlocks.push(b);
      }
      if (partOps.length > 0 || partSlots.length > 0 || partBlocks.length > 0 || partBatches.length > 0) {
        store.commitPart(job.id, { ops: partOps, slots: partSlots, runTables, blocks: partBlocks, batches: partBatches }, this.unread);
      }
      partOps = [];
      partSlots = [];
      runTables = undefined;
    } while (job.sent < job.blocks.length && performance.now() < deadline);
    return encoded && job.sent === job.blocks.length;
  }

  private commitJob(store: StoreClient, job: CaptureJob): void {
    this.job = null;
    this.inFlight = true;
    store.commitAsync(job.final, (result, err) => {
      this.inFlight = false;
      if (result === null) this.failed(err, job.done);
      else this.succeeded(result, job.done);
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w(result === null ? err : null);
    }, job.id);
  }

  /** Encodes and sends the rest of a background checkpoint now, and posts its commit. */
  private finishJob(): void {
    const job = this.job;
    const store = this.store;
    if (job === null || !(store instanceof StoreClient)) return;
    while (!this.slice(store, job, Infinity)) {
      // sends output rows a slice at a time until all are sent
    }
    this.commitJob(store, job);
  }

  /** Resolves when no background checkpoint is being written (rejects if the last one failed). */
  whenCommitted(): Promise<void> {
    if (!this.inFlight && this.job === null) return this.failure === null ? Promise.resolve() : Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push((err) => (err === null ? resolve() : reject(err))));
  }

  // ---- restore ------------------------------------------------------------------------------------

  /** ALTER SOURCE ... RESET WATERMARK: the next checkpoint clears the source's stored watermark. */
  watermarkReset(source: string): void {
    this.wmReset.add(source);
  }

  /** Puts a source back where the last checkpoint left it (its splits' offsets and watermarks). */
  restoreSource(s: SourceRuntime): void {
    const wm = this.store.offset(s.name + WM_SUFFIX);
    s.restoreOffset(this.store.offset(s.name), typeof wm === 'number' ? wm : wm === END_OF_INPUT ? Infinity : undefined);
  }

  /** Loads every operator's saved state and continues the output log at the next seq. */
  restoreView(v: ViewRuntime): void {
    for (let i = 0; i < v.operators.length; i++) {
      const op = v.operators[i]!;
      restoreOperator(op, this.store.loadOperatorStateText(operatorId(v.name, v.pipeline.operators[i]!.id)));
      this.savedWm.set(op, op.watermark);
    }
    v.log.resumeAt(this.store.nextSeq(v.name));
    const wms = v.operators.map((o) => o.watermark).filter((w) => w > -Infinity);
    if (wms.length > 0) v.wm = Math.min(...wms);
  }

  /** Registers a view's operators under its fingerprint (required before their first commit). */
  registerView(v: ViewRuntime): void {
    const ids = v.pipeline.operators.map((o) => operatorId(v.name, o.id));
    this.store.setViewFingerprint(v.name, v.pipeline.fingerprint, ids);
  }

  /** The input log a pushed source retains up to its checkpointed offset (its history before a restart). */
  retainedInput(s: SourceRuntime): InputEntry[] {
    const out: InputEntry[] = [];
    let from = 0;
    for (;;) {
      const page = this.input.read(s.name, from, 10_000).filter((r) => r.offset <= s.inputOffset);
      out.push(...page);
      if (page.length < 10_000) return out;
      from = page[page.length - 1]!.offset + 1;
    }
  }

  /** Events pushed after the last checkpoint, to be processed again after a restart. */
  pendingInput(s: SourceRuntime): InputEntry[] {
    const out: InputEntry[] = [];
    let from = s.inputOffset + 1;
    for (;;) {
      const page = this.input.read(s.name, from, 10_000);
      out.push(...page);
      if (page.length < 10_000) return out;
      from = page[page.length - 1]!.offset + 1;
    }
  }

  /** Waits for a checkpoint still being written, then closes both files. */
  close(): void {
    try {
      this.store.close();
    } finally {
      this.input.close();
    }
  }
}
