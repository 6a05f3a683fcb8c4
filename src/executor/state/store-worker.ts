/**
 * The commit thread: a worker that owns the state file's SQLite connection (better-sqlite3 runs in
 * worker threads; one connection per file, held with EXCLUSIVE locking) and runs the store's calls in
 * the order they arrive. The engine's thread talks to it through StoreClient (store-client.ts): small
 * calls wait for their answer, a checkpoint does not.
 *
 * Protocol, on the MessagePort of `workerData.port`: requests `{id, m, a}` (method, arguments), replies
 * `{id, ok: true, r}` or `{id, ok: false, e: {code, message}}`, each followed by an increment of the
 * shared counter `workerData.signal[0]` and a notify, which is what a caller blocked in `Atomics.wait`
 * waits on. Replies come in request order.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { freeBuffers } from '../../util/free-buffers.js';
import { StateError } from './errors.js';
import { unpackEntries } from './packed-entries.js';
import { encodeSlotKeys, type SlotRun, type SlotValues } from './slot-entries.js';
import { StateStore } from './store.js';
import type { PendingBlock } from './output-block.js';
import type { Checkpoint, CheckpointPart, OpenOptions } from './types.js';
import type { OutputBatch } from './output-batch.js';

interface Request {
  readonly id: number;
  readonly m: string;
  readonly a: unknown[];
}

const { port, signal, path, options } = workerData as { port: MessagePort; signal: Int32Array; path: string; options: OpenOptions };
let store: StateStore | undefined;

/** Calls the engine's thread may make: the store's own methods, nothing else by name. */
const METHODS = new Set([
  'listCatalog', 'putCatalog', 'dropCatalog', 'resetView', 'viewFingerprint', 'viewHasState', 'checkViewFingerprint',
  'setViewFingerprint', 'registerOperators', 'nextSeq', 'lastSeq', 'firstSeq', 'readOutput', 'readOutputJson',
  'operatorStatePage', 'operatorRunPage', 'offsets', 'offset', 'lateRows', 'rejectedRows', 'lastCheckpoint', 'inputSources', 'readInput',
  'lastInputOffset', 'trimInput', 'trimRetention',
]);

function handle(m: string, a: unknown[]): unknown {
  if (m === 'open') {
    store = StateStore.open(path, options);
    return null;
  }
  if (store === undefined) throw new StateError('STATE_CLOSED', `state store ${path} is not open`);
  switch (m) {
    case 'part':
      addPart(a[0] as number, a[1] as CheckpointPart);
      return null;
    case 'commit': {
      const cp = a[1] === undefined ? (a[0] as Checkpoint) : withParts(a[1] as number, a[0] as Checkpoint);
      const result = store.commit(cp);
      freeOutput(cp);
      return result;
    }
    case 'sync':
      return null;
    case 'close':
      store.close();
      return null;
    default: {
      if (!METHODS.has(m)) throw new Error(`invariant: the state store has no call '${m}'`);
      const fn = (store as unknown as Record<string, (...args: unknown[]) => unknown>)[m]!;
      const r = fn.apply(store, a);
      // A StateError returned as a value (checkViewFingerprint) crosses as data, like a thrown one.
      return r instanceof StateError ? { $stateError: { code: r.code, message: r.message } } : r;
    }
  }
}

/** Checkpoints arriving in parts (store-client.ts commitPart), by checkpoint id, until their commit. */
// Blocks stay as they came (bytes, outside the heap) until the commit writes them (commit.ts).
// Groups of tables stored as runs (state-runs.ts) stay as numbers until the commit writes their run.
type Entries = { keys: string[]; values: (string | null)[]; lazy: SlotValues; runTables: string[]; slotRuns: SlotRun[] };
const parts = new Map<number, { ops: Map<string, Entries>; blocks: PendingBlock[]; batches: OutputBatch[] }>();
const entries = (): Entries => ({ keys: [], values: [], lazy: { from: [], runs: [] }, runTables: [], slotRuns: [] });

/** The entries of operator `id` in a checkpoint's parts, created empty; `runTables` noted (OperatorDelta.runTables). */
function opEntries(p: { ops: Map<string, Entries> }, id: string, runTables: readonly string[] | undefined): Entries {
  let into = p.ops.get(id);
  if (into === undefined) p.ops.set(id, (into = entries()));
  for (const t of runTables ?? []) if (!into.runTables.includes(t)) into.runTables.push(t);
  return into;
}

function addPart(id: number, part: CheckpointPart): void {
  let p = parts.get(id);
  if (p === undefined) parts.set(id, (p = { ops: new Map(), blocks: [], batches: [] }));
  for (const o of part.ops) {
    const into = opEntries(p, o.id, part.runTables?.[o.id]);
    unpackEntries(o, into.keys, into.values);
  }
  // Groups captured as numbers: their stored keys are made here, off the event loop; their values as
  // the commit writes them (slot-entries.ts SLOT_VALUE). Those of tables stored as runs go to their run.
  for (const o of part.slots ?? []) {
    const into = opEntries(p, o.id, part.runTables?.[o.id]);
    for (const r of o.runs) {
      if (into.runTables.some((t) => r.prefix.startsWith(t))) into.slotRuns.push(r);
      else encodeSlotKeys(r, into.keys, into.values, into.lazy);
    }
  }
  for (const b of part.blocks) p.blocks.push(b);
  for (const b of part.batches ?? []) p.batches.push(b);
}

/** The whole checkpoint: its parts first (in the order they came), then what its commit carried. */
function withParts(id: number, cp: Checkpoint): Checkpoint {
  if (!parts.has(id)) return cp;
  const p = parts.get(id)!;
  for (const d of cp.operators ?? []) {
    if (d.packed === undefined) continue;
    const into = opEntries(p, d.id, d.runTables);
    if (d.slotRuns !== undefined) into.slotRuns.push(...d.slotRuns);
    if (d.packed.lazy !== undefined) throw new Error(`invariant: a commit's own entries of '${d.id}' have values made later`);
    for (let i = 0; i < d.packed.keys.length; i++) {
      into.keys.push(d.packed.keys[i]!);
      into.values.push(d.packed.values[i]!);
    }
  }
  parts.delete(id);
  return {
    ...cp,
    operators: [
      ...[...p.ops].map(([opId, e]) => ({ id: opId, packed: { keys: e.keys, values: e.values, lazy: e.lazy }, runTables: e.runTables, slotRuns: e.slotRuns, encoded: true })),
      ...(cp.operators ?? []).filter((d) => !d.packed),
    ],
    outputBlocks: [...p.blocks, ...(cp.outputBlocks ?? [])],
    outputBatches: [...p.batches, ...(cp.outputBatches ?? [])],
  };
}

/**
 * A committed checkpoint's output bytes, given back at once (util/free-buffers.ts). They came in its
 * messages, so this thread owns them whole and nothing reads them after the commit; kept until a full
 * collection (this thread's heap is small, its old space seldom fills) they stayed resident between
 * checkpoints, tens of MB at 100k output rows per second. A commit that failed keeps them: the store
 * carries its checkpoint into the next (carry-over.ts).
 */
function freeOutput(cp: Checkpoint): void {
  const buffers: ArrayBufferLike[] = [];
  for (const b of cp.outputBlocks ?? []) if ('bytes' in b) buffers.push(b.bytes.buffer);
  for (const b of cp.outputBatches ?? []) buffers.push(b.rows.buffer);
  freeBuffers(buffers);
}

port.on('message', (req: Request) => {
  let reply: unknown;
  try {
    reply = { id: req.id, ok: true, r: handle(req.m, req.a) };
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    reply = {
      id: req.id,
      ok: false,
      e: { state: err instanceof StateError, code: typeof e.code === 'string' ? e.code : undefined, message: String(e.message ?? err) },
    };
  }
  try {
    port.postMessage(reply);
  } catch (err) {
    // A result that cannot cross threads is a bug; say so rather than leave the caller waiting.
    port.postMessage({ id: req.id, ok: false, e: { state: false, message: `invariant: reply to '${req.m}' cannot be sent: ${String(err)}` } });
  }
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
  if (req.m === 'close') port.close();
});
