/**
 * The engine's side of the commit thread (store-worker.ts): the state store's API, answered by a worker
 * that owns the SQLite connection, so that writing a checkpoint — hundreds of milliseconds for 100k
 * changed keys — never holds the event loop.
 *
 *   commitAsync(cp, done)   posts the checkpoint and returns at once; `done` runs on the event loop
 *                           when the transaction committed (or failed). The checkpoint is one
 *                           transaction in the worker, so a kill -9 at any moment leaves all of it or
 *                           none of it, exactly as before.
 *   everything else         waits for the answer (Atomics.wait on a shared counter, the reply taken with
 *                           receiveMessageOnPort): catalog changes, restores and reads are rare and
 *                           keep their synchronous API. Calls run in order, so a call made while a
 *                           checkpoint is being written waits for it (and sees it).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { StateError, type StateErrorCode } from './errors.js';
import type { OutputBatch } from './output-batch.js';
import type { PendingBlock } from './output-block.js';
import type {
  CatalogEntry, CatalogInput, CatalogKind, Checkpoint, CheckpointPart, CommitResult, OpenOptions, StoredInput, StoredLateRow, StoredOutput,
  StoredRejectedRow,
} from './types.js';

type Reply = { id: number; ok: true; r: unknown } | { id: number; ok: false; e: { state: boolean; code?: string; message: string } };

/** How long a blocked call waits between checks that the worker is still there. */
const WAIT_SLICE_MS = 1000;
const LOAD_PAGE = 4096;
/** Starting a worker takes tens of ms; a missing or broken one must not hang the engine's start. */
const OPEN_TIMEOUT_MS = 60_000;

/**
 * The worker's script: next to this module in the build. Tests run the TypeScript sources, which Node
 * cannot start as a worker; there the built copy in dist/ (built before every test run) is used.
 */
function workerUrl(): URL {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.ts')) {
    const p = here.pathname.replace(/\/src\/executor\/state\/store-client\.ts$/, '/dist/src/executor/state/store-worker.js');
    return new URL(`file://${p}`);
  }
  return new URL('./store-worker.js', import.meta.url);
}

export class StoreClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private closed = false;
  private exited: string | null = null;

  /** Starts the worker and opens the file in it; throws the open's StateError (LOCKED, CORRUPT, ...). */
  static open(path: string, opts: OpenOptions = {}): StoreClient {
    return new StoreClient(path, opts);
  }

  private constructor(readonly path: string, opts: OpenOptions) {
    const script = fileURLToPath(workerUrl());
    if (!existsSync(script)) throw new StateError('STATE_IO', `the commit thread's script ${script} is missing (run npm run build)`);
    this.signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const options: OpenOptions = { ...opts, now: undefined };
    this.worker = new Worker(script, {
      workerData: { port: port2, signal: this.signal, path, options },
      transferList: [port2],
      stdout: false,
      stderr: false,
    });
    this.worker.unref();
    this.worker.on('error', (err) => (this.exited = `the commit thread failed: ${err.message}`));
    this.worker.on('exit', (code) => (this.exited ??= `the commit thread exited (${code})`));
    this.port.on('message', (r: Reply) => this.dispatch(r));
    this.port.unref();
    try {
      this.call('open', [], OPEN_TIMEOUT_MS);
    } catch (err) {
      void this.worker.terminate();
      throw err;
    }
  }

  // ---- checkpoints --------------------------------------------------------------------------------

  /**
   * Sends a piece of checkpoint `id` ahead of its commit (a checkpoint of 100k keys crosses in pieces
   * between event batches instead of one long copy). Pieces of a checkpoint never committed (the
   * process died) were never written. `move`: the views whose output bytes the caller lets go of
   * (see moveOutput); the others' are copied.
   */
  commitPart(id: number, part: CheckpointPart, move?: (view: string) => boolean): void {
    // The entries' length arrays and the groups' numbers are moved to the commit thread, not copied (the caller lets go of them).
    const transfer: ArrayBuffer[] = part.ops.map((o) => o.lens.buffer);
    for (const s of part.slots ?? []) for (const r of s.runs) transfer.push(r.keys.buffer, r.f.buffer);
    if (move !== undefined) moveOutput(part.blocks, part.batches ?? [], move, transfer);
    this.post('part', [id, part], () => {}, transfer);
  }

  /** Writes one checkpoint (with the parts sent under `id`) on the commit thread; `done` gets its result or its error. */
  commitAsync(cp: Checkpoint, done: (result: CommitResult | null, err: unknown) => void, id?: number): void {
    this.post('commit', id === undefined ? [cp] : [cp, id], (reply) => (reply.ok ? done(reply.r as CommitResult, null) : done(null, toError(reply.e))));
  }

  /** Writes one checkpoint and waits for it (after any still being written). `move`: as for commitPart. */
  commit(cp: Checkpoint, move?: (view: string) => boolean): CommitResult {
    const transfer: ArrayBuffer[] = [];
    if (move !== undefined) moveOutput(cp.outputBlocks ?? [], cp.outputBatches ?? [], move, transfer);
    return this.call('commit', [cp], Infinity, transfer) as CommitResult;
  }

  /**
   * Waits until the commit thread has handled everything posted before (checkpoints being written
   * included, whose completions run on the way): back-pressure when output outruns the commit thread.
   */
  sync(): void {
    this.call('sync', []);
  }

  // ---- the store's synchronous API -------------------------------------------------------------------

  listCatalog(): CatalogEntry[] {
    return this.call('listCatalog', []) as CatalogEntry[];
  }
  putCatalog(entry: CatalogInput): void {
    this.call('putCatalog', [entry]);
  }
  dropCatalog(kind: CatalogKind, name: string): boolean {
    return this.call('dropCatalog', [kind, name]) as boolean;
  }
  resetView(view: string): void {
    this.call('resetView', [view]);
  }
  viewFingerprint(view: string): string | undefined {
    return this.call('viewFingerprint', [view]) as string | undefined;
  }
  viewHasState(view: string): boolean {
    return this.call('viewHasState', [view]) as boolean;
  }
  checkViewFingerprint(view: string, fingerprint: string): StateError | undefined {
    const r = this.call('checkViewFingerprint', [view, fingerprint]) as { $stateError?: { code: StateErrorCode; message: string } } | undefined;
    return r?.$stateError ? new StateError(r.$stateError.code, r.$stateError.message) : undefined;
  }
  setViewFingerprint(view: string, fingerprint: string, operatorIds: readonly string[] = []): void {
    this.call('setViewFingerprint', [view, fingerprint, operatorIds]);
  }
  nextSeq(view: string): number {
    return this.call('nextSeq', [view]) as number;
  }
  readOutput(view: string, fromSeq: number, limit: number): StoredOutput[] {
    return this.call('readOutput', [view, fromSeq, limit]) as StoredOutput[];
  }
  offset(source: string): number | string | undefined {
    return this.call('offset', [source]) as number | string | undefined;
  }
  lateRows(view?: string, limit?: number): StoredLateRow[] {
    return this.call('lateRows', [view, limit]) as StoredLateRow[];
  }
  rejectedRows(source?: string, limit?: number): StoredRejectedRow[] {
    return this.call('rejectedRows', [source, limit]) as StoredRejectedRow[];
  }
  inputSources(): string[] {
    return this.call('inputSources', []) as string[];
  }
  readInput(source: string, fromOffset: number, limit: number): StoredInput[] {
    return this.call('readInput', [source, fromOffset, limit]) as StoredInput[];
  }
  lastInputOffset(source: string): number {
    return this.call('lastInputOffset', [source]) as number;
  }
  trimInput(source: string, throughOffset: number): number {
    return this.call('trimInput', [source, throughOffset]) as number;
  }

  /** As StateStore's: rows in key order, then the entries of tables stored as runs, a page at a time. */
  *loadOperatorStateText(operatorId: string): Generator<[string, string]> {
    let after: string | undefined;
    for (;;) {
      const page = this.call('operatorStatePage', [operatorId, after, LOAD_PAGE]) as [string, string][];
      yield* page;
      if (page.length < LOAD_PAGE) break;
      after = page[page.length - 1]![0];
    }
    let ns: string | null = '';
    while (ns !== null) {
      const page = this.call('operatorRunPage', [operatorId, ns, LOAD_PAGE]) as { entries: [string, string][]; last: string | null };
      yield* page.entries;
      ns = page.last;
    }
  }

  /** Waits for checkpoints still being written, closes the file (releasing its lock) and ends the worker. */
  close(): void {
    if (this.closed) return;
    try {
      if (this.exited === null) this.call('close', []);
    } finally {
      this.closed = true;
      this.port.close();
      void this.worker.terminate();
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ---- plumbing -------------------------------------------------------------------------------------

  private post(m: string, a: unknown[], onReply: (reply: Reply) => void, transfer: ArrayBuffer[] = []): number {
    if (this.closed) throw new StateError('STATE_CLOSED', `state store ${this.path} is closed`);
    if (this.exited !== null) throw new StateError('STATE_IO', `state store ${this.path}: ${this.exited}`);
    const id = this.nextId++;
    this.pending.set(id, onReply);
    this.port.postMessage({ id, m, a }, transfer);
    return id;
  }

  private dispatch(reply: Reply): void {
    const cb = this.pending.get(reply.id);
    if (cb === undefined) return;
    this.pending.delete(reply.id);
    cb(reply);
  }

  /** Posts a call and blocks until its reply (replies to earlier calls are dispatched on the way). */
  private call(m: string, a: unknown[], timeoutMs = Infinity, transfer: ArrayBuffer[] = []): unknown {
    let result: Reply | undefined;
    const id = this.post(m, a, (r) => (result = r), transfer);
    const until = performance.now() + timeoutMs;
    while (result === undefined) {
      if (performance.now() > until) {
        this.pending.delete(id);
        throw new StateError('STATE_IO', `state store ${this.path}: the commit thread did not answer '${m}' within ${timeoutMs} ms`);
      }
      const seen = Atomics.load(this.signal, 0);
      let msg: { message: Reply } | undefined;
      while (result === undefined && (msg = receiveMessageOnPort(this.port) as { message: Reply } | undefined) !== undefined) {
        this.dispatch(msg.message);
      }
      if (result !== undefined) break;
      if (Atomics.wait(this.signal, 0, seen, WAIT_SLICE_MS) === 'timed-out' && this.exited !== null) {
        this.pending.delete(id);
        throw new StateError('STATE_IO', `state store ${this.path}: ${this.exited}`);
      }
    }
    const r = result as Reply;
    if (!r.ok) throw toError(r.e);
    return r.r;
  }
}

function toError(e: { state: boolean; code?: string; message: string }): Error {
  return e.state && e.code !== undefined ? new StateError(e.code as StateErrorCode, e.message) : new Error(e.message);
}

/**
 * Adds to `transfer` the buffers of the output bytes (a block's JSON bytes, a batch's binary rows) of the
 * views `move` names, so that they are moved to the commit thread instead of copied. A copy kept both
 * threads holding a checkpoint's output until the commit (100 MB for a second of a 100k-row-per-second
 * view) and left the commit thread's malloc arena at that size for good. A moved buffer is empty on
 * this side afterwards: only the views whose output nobody reads after the commit are moved (the caller
 * knows: Durability's committed-row listeners). Only a buffer a block owns whole is moved, once; a
 * slice of a larger buffer is copied as before.
 */
function moveOutput(blocks: readonly PendingBlock[], batches: readonly OutputBatch[], move: (view: string) => boolean, transfer: ArrayBuffer[]): void {
  const seen = new Set<ArrayBufferLike>(transfer);
  const take = (view: string, bytes: Uint8Array): void => {
    const buf = bytes.buffer;
    if (!(buf instanceof ArrayBuffer) || bytes.byteOffset !== 0 || bytes.byteLength !== buf.byteLength || seen.has(buf) || !move(view)) return;
    seen.add(buf);
    transfer.push(buf);
  };
  for (const b of blocks) if ('bytes' in b) take(b.view, b.bytes);
  for (const b of batches) take(b.view, b.rows);
}
