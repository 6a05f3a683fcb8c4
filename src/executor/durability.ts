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
import { beginOperatorSnapshot, restoreOperator, snapshotOperator } from './runtime/operator-state.js';
import type { SourceRuntime } from './runtime/source-runtime.js';
import type { ViewRuntime } from './runtime/view-runtime.js';
import { InputLog, adoptInput, inputLogPath } from './state/input-log.js';
import { StoreClient } from './state/store-client.js';
import type { DeclaredState } from './state/state-table.js';
import { blocksOf, type OutputBlock } from './state/output-block.js';
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

/** Output rows of one view waiting for their checkpoint, as the JSON text they are stored as. */
interface PendingRun {
  readonly view: string;
  readonly firstSeq: number;
  readonly rowsJson: string[];
  /** One op per row; null while every row is '+I'. */
  ops: RowOp[] | null;
}

/** A background checkpoint whose snapshot is taken and is being encoded and sent in slices. */
interface CaptureJob {
  readonly id: number;
  readonly ops: { readonly id: string; readonly tables: readonly DeclaredState[]; readonly keys: string[]; readonly values: (string | null)[]; sent: number; encoded: boolean }[];
  readonly runs: PendingRun[];
  /** Output rows sent so far: the run, and the row in it. */
  run: number;
  row: number;
  readonly final: Checkpoint;
  readonly done: (result: CommitResult) => void;
}

/** One slice of encoding between event batches: short enough that no task holds the loop for long. */
const SLICE_MS = 3;
/** Values encoded between two looks at the clock. */
const SLICE_CHUNK = 256;
/** Output rows sent to the commit thread per slice. */
const ROWS_PER_SLICE = 4096;

export class Durability {
  private runs: PendingRun[] = [];
  /** The run each view's next rows extend. */
  private readonly lastRun = new Map<string, PendingRun>();
  private job: CaptureJob | null = null;
  private jobs = 0;
  private late: LateEntry[] = [];
  private rejected: RejectedEntry[] = [];
  /** `wants`: the views whose rows the listener takes (null: all); rows no listener wants are never parsed back. */
  readonly committedListeners: { readonly fn: (rows: CommittedRow[]) => void; readonly wants: ((view: string) => boolean) | null }[] = [];
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
  ) {}

  /**
   * Opens the state file and its input log. `background`: checkpoints are written by a worker thread
   * (store-client.ts), so the periodic ones never hold the event loop; otherwise on this thread.
   */
  static open(path: string, retention?: RetentionOptions, background = false): Durability {
    const opts = retention ? { retention } : {};
    const store = background ? StoreClient.open(path, opts) : StateStore.open(path, opts);
    let input: InputLog;
    try {
      input = new InputLog(inputLogPath(path));
      adoptInput(store, input);
    } catch (err) {
      store.close();
      throw err;
    }
    return new Durability(store, input);
  }

  // ---- what happens between checkpoints --------------------------------------------------------

  /** Makes a pushed batch (JSON text) durable; returns its input-log offset. */
  appendInput(source: string, text: string): number {
    return this.input.append(source, text);
  }

  /** DROP SOURCE: its input log goes with it. */
  dropInput(source: string): void {
    this.input.drop(source);
  }

  onOutput(view: ViewRuntime, firstSeq: number, rows: readonly Row[], ops: readonly RowOp[] | null, rowsJson: readonly string[] | null = null): void {
    if (view.def.adhoc) return;
    // One run per view and checkpoint as a rule (the store writes seqs per view, so views interleave freely).
    let run = this.lastRun.get(view.name);
    if (run === undefined || run.firstSeq + run.rowsJson.length !== firstSeq) {
      run = { view: view.name, firstSeq, ops: ops === null ? null : [], rowsJson: [] };
      this.runs.push(run);
      this.lastRun.set(view.name, run);
    } else if (run.ops === null && ops !== null) {
      // The first changes after inserts only: the run's ops are spelled out from here on.
      run.ops = new Array<RowOp>(run.rowsJson.length).fill('+I');
    }
    // Only the text is kept until the checkpoint: holding 100k row objects for up to a checkpoint
    // interval got them promoted to the old generation, and collecting that cost more than encoding.
    if (rowsJson !== null) for (let i = 0; i < rowsJson.length; i++) run.rowsJson.push(rowsJson[i]!);
    else {
      const encode = view.encode;
      for (let i = 0; i < rows.length; i++) run.rowsJson.push(JSON.stringify(encode(rows[i]!)));
    }
    if (run.ops !== null) for (let i = 0; i < rows.length; i++) run.ops.push(ops === null ? '+I' : ops[i]!);
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
        if (snapshotOperator(v.operators[i]!, this.savedWm, keys, values)) {
          operators.push({ id: operatorId(v.name, v.pipeline.operators[i]!.id), packed: { keys, values }, encoded: true });
        }
      }
    }
    const { final, done } = this.takeRest(sources, usesInputLog, operators, false);
    let result: CommitResult;
    try {
      result = store.commit(final);
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

  /** Offsets, late and rejected rows as of now, and what to do once the checkpoint is committed. */
  private takeRest(
    sources: Iterable<SourceRuntime>,
    usesInputLog: (s: SourceRuntime) => boolean,
    operators: OperatorDelta[],
    background: boolean,
  ): { final: Checkpoint; runs: PendingRun[]; done: (result: CommitResult) => void } {
    const offsets: Record<string, number | string> = {};
    const trims: [string, number][] = [];
    for (const s of sources) {
      // Per split offsets and watermarks (runtime/splits.ts). A pushed source's input log keeps what the
      // source retains (its history for a new 'earliest' view, also after a restart) and what no
      // checkpoint has consumed yet: once committed, older entries go.
      offsets[s.name] = s.checkpointOffset();
      if (usesInputLog(s)) trims.push([s.name, Math.min(s.inputOffset, s.oldestRetainedInput() - 1)]);
      if (Number.isFinite(s.wm)) offsets[s.name + WM_SUFFIX] = s.wm;
      // A reset watermark (−∞) is stored as text, which restoreSource does not take as a watermark.
      else if (this.wmReset.has(s.name)) offsets[s.name + WM_SUFFIX] = 'reset';
    }
    this.wmReset.clear();
    const runs = this.runs;
    const outputBlocks: OutputBlock[] = [];
    if (!background) for (const r of runs) blocksOf(r.view, r.firstSeq, r.rowsJson, r.ops, 0, r.rowsJson.length, true, outputBlocks);
    const final: Checkpoint = { operators, offsets, outputBlocks, late: this.late, rejected: this.rejected };
    this.runs = [];
    this.lastRun.clear();
    this.late = [];
    this.rejected = [];
    const done = (result: CommitResult): void => {
      this.lastCommit = result;
      this.commits++;
      // Input at or below a committed offset is in the state now: the input log may forget it.
      for (const [source, off] of trims) this.input.trim(source, off);
      // Rows are kept for listeners even before anyone listens: rows replayed at open are committed by
      // the first checkpoint, before a listener can be added. Parsed back only when someone listens.
      // A listener for some views only (INSERT jobs) does not make every row of every view parsed.
      const listeners = this.committedListeners;
      if (listeners.length > 0) {
        const wanted = (view: string): boolean => listeners.some((l) => l.wants === null || l.wants(view));
        const committed: CommittedRow[] = [];
        for (const r of runs) {
          if (!wanted(r.view)) continue;
          for (let i = 0; i < r.rowsJson.length; i++) {
            committed.push({ view: r.view, seq: r.firstSeq + i, op: r.ops === null ? '+I' : r.ops[i]!, row: JSON.parse(r.rowsJson[i]!) as Record<string, unknown> });
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
    return { final, runs, done };
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
        beginOperatorSnapshot(op, this.savedWm, keys, values);
        ops.push({ id: operatorId(v.name, v.pipeline.operators[i]!.id), tables: op.tables, keys, values, sent: 0, encoded: false });
      }
    }
    // Output rows go ahead in parts; the final commit carries offsets, late and rejected rows.
    const { final, runs, done } = this.takeRest(sources, usesInputLog, [], true);
    this.job = { id: ++this.jobs, ops, runs, run: 0, row: 0, final, done };
    const step = (): void => {
      const job = this.job;
      if (job === null || job.id !== this.jobs) return; // finished on request meanwhile
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
    const partOps = [];
    for (const o of job.ops) {
      if (o.keys.length === o.sent) continue;
      partOps.push({ id: o.id, keys: o.keys.slice(o.sent), values: o.values.slice(o.sent) });
      o.sent = o.keys.length;
    }
    // Rows go as blocks (state/output-block.ts): one string per block crosses to the commit thread.
    const partBlocks: OutputBlock[] = [];
    let budget = ROWS_PER_SLICE;
    while (budget > 0 && job.run < job.runs.length) {
      const r = job.runs[job.run]!;
      const end = Math.min(r.rowsJson.length, job.row + budget);
      blocksOf(r.view, r.firstSeq, r.rowsJson, r.ops, job.row, end, true, partBlocks);
      budget -= end - job.row;
      job.row = end;
      if (end === r.rowsJson.length) {
        job.run++;
        job.row = 0;
      }
    }
    if (partOps.length > 0 || partBlocks.length > 0) store.commitPart(job.id, { ops: partOps, blocks: partBlocks });
    return encoded && job.run === job.runs.length;
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
    s.restoreOffset(this.store.offset(s.name), typeof wm === 'number' ? wm : undefined);
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
  retainedInput(s: SourceRuntime): { offset: number; rowJson: string }[] {
    const out: { offset: number; rowJson: string }[] = [];
    let from = 0;
    for (;;) {
      const page = this.input.read(s.name, from, 10_000).filter((r) => r.offset <= s.inputOffset);
      out.push(...page);
      if (page.length < 10_000) return out;
      from = page[page.length - 1]!.offset + 1;
    }
  }

  /** Events pushed after the last checkpoint, to be processed again after a restart. */
  pendingInput(s: SourceRuntime): { offset: number; rowJson: string }[] {
    const out: { offset: number; rowJson: string }[] = [];
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
