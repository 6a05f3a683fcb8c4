/**
 * Writing one checkpoint. `CheckpointWriter.write` runs inside the store's transaction, so everything it
 * writes (changed operator state, output rows, offsets, late and rejected rows, input-log trimming,
 * retention trimming, the epoch) becomes durable together or not at all. It validates as it goes and
 * throws on the first contract violation, which rolls the whole transaction back.
 *
 * Cost follows the rate of change: every statement touches only the keys, rows and offsets named in the
 * checkpoint, each one B-tree descent; retention trimming deletes the rows that expired since the last
 * commit, found from the oldest end of each view's log.
 */
import type Database from 'better-sqlite3';
import { Batched, marks, tuples } from './batched.js';
import { DROP_PREFIX, checkKey, encodeValue, prefixEnd, sizeOf } from './codec.js';
import { StateError } from './errors.js';
import type { Registry, ViewRow } from './registry.js';
import { lazySlotValue, SLOT_VALUE, type SlotRun, type SlotValues } from './slot-entries.js';
import { namespaceOf, RunBuilder, runCrc } from './state-runs.js';
import { blockBytes, blocksOf, toBytes, type OutputBlock, type PendingBlock } from './output-block.js';
import { OutputTable } from './output-table.js';
import { binaryBlocksOf, type BinaryBlock } from './output-batch.js';
import type { Checkpoint, OperatorDelta, StateKey } from './types.js';

export interface Retention {
  readonly maxRows: number;
  readonly maxAgeMs: number;
  readonly maxDiagnosticRows: number;
  /** Bytes a view's output log keeps at most (row JSON, or a binary block's stored bytes), whatever maxRows and maxAgeMs allow (limits.output_log_bytes). */
  readonly maxBytes: number;
}

/** Idle views and the diagnostics tables are trimmed at most this often (views with output: every commit). */
const SWEEP_INTERVAL_MS = 60_000;
/** Upserts of a packed delta written per statement run (a multiple of Batched's rows: the same statements as all at once). */
const UPSERT_SLICE = 4096;
/** Per-row overhead counted in `bytes` for ids, seq, op and timestamps. */
const ROW_OVERHEAD = 16;

export class CheckpointWriter {
  private readonly upsert: Batched;
  private readonly del: Batched;
  private readonly table: OutputTable;
  private readonly late: Batched;
  private readonly rejected: Batched;
  private readonly clearOp: Database.Statement;
  private readonly clearRuns: Database.Statement;
  private readonly insertRun: Database.Statement;
  private readonly deleteRuns: Database.Statement;
  private readonly rowsUnder: Database.Statement;
  private readonly delRange: Database.Statement;
  private readonly setLastSeq: Database.Statement;
  private readonly setOffset: Database.Statement;
  private readonly trimInputStmt: Database.Statement;
  private readonly setMeta: Database.Statement;
  private readonly capLate: Database.Statement;
  private readonly capRejected: Database.Statement;
  private lastSweep = 0;
  /**
   * Bytes of each view's output log (row JSON; a binary block's stored bytes) (by view id), counted once per view from the table and
   * then kept up to date; `pending` holds the counts of the transaction under way until it commits.
   */
  private readonly logBytes = new Map<number, number>();
  private pending = new Map<number, number>();
  epoch: number;
  epochAt: number;

  constructor(
    db: Database.Database,
    private readonly registry: Registry,
    private readonly retention: Retention,
  ) {
    this.upsert = new Batched(db, (n) => `INSERT OR REPLACE INTO tq_state (op, k, v) VALUES ${tuples(n, 3)}`, 0, 3);
    this.del = new Batched(db, (n) => `DELETE FROM tq_state WHERE op = ? AND k IN (${marks(n)})`, 1, 1);
    this.table = new OutputTable(db);
    this.late = new Batched(db, (n) => `INSERT INTO tq_late (view, source, row, watermark, at) VALUES ${tuples(n, 5)}`, 0, 5);
    this.rejected = new Batched(db, (n) => `INSERT INTO tq_rejected (source, origin, reason, input, at) VALUES ${tuples(n, 5)}`, 0, 5);
    this.clearOp = db.prepare('DELETE FROM tq_state WHERE op = ?');
    this.clearRuns = db.prepare('DELETE FROM tq_state_run WHERE op = ?');
    this.insertRun = db.prepare('INSERT INTO tq_state_run (op, ns, epoch, n, data, crc) VALUES (?, ?, ?, ?, ?, ?)');
    this.deleteRuns = db.prepare('DELETE FROM tq_state_run WHERE op = ? AND ns = ?');
    this.rowsUnder = db.prepare('SELECT k, v FROM tq_state WHERE op = ? AND k >= ? AND k < ?').raw();
    this.delRange = db.prepare('DELETE FROM tq_state WHERE op = ? AND k >= ? AND k < ?');
    this.setLastSeq = db.prepare('UPDATE tq_view SET last_seq = ? WHERE id = ?');
    this.setOffset = db.prepare('INSERT OR REPLACE INTO tq_offset (source, value) VALUES (?, ?)');
    this.trimInputStmt = db.prepare('DELETE FROM tq_input WHERE source = ? AND off <= ?');
    this.setMeta = db.prepare('INSERT OR REPLACE INTO tq_meta (key, value) VALUES (?, ?)');
    this.capLate = db.prepare('DELETE FROM tq_late WHERE id <= (SELECT max(id) FROM tq_late) - ?');
    this.capRejected = db.prepare('DELETE FROM tq_rejected WHERE id <= (SELECT max(id) FROM tq_rejected) - ?');
    const meta = db.prepare(`SELECT key, value FROM tq_meta WHERE key IN ('checkpoint_epoch', 'checkpoint_at')`).all() as {
      key: string;
      value: number;
    }[];
    this.epoch = meta.find((m) => m.key === 'checkpoint_epoch')?.value ?? 0;
    this.epochAt = meta.find((m) => m.key === 'checkpoint_at')?.value ?? 0;
  }

  /** Call inside a transaction. Returns the new epoch and what was written. */
  write(cp: Checkpoint, now: number): { epoch: number; bytes: number; rows: number } {
    this.pending = new Map();
    const epoch = cp.epoch ?? this.epoch + 1;
    if (!Number.isSafeInteger(epoch) || epoch <= this.epoch) {
      throw new StateError('STATE_INVALID', `checkpoint epoch must be an integer greater than ${this.epoch}, got ${epoch}`);
    }
    let bytes = 0;
    let rows = 0;

    for (const delta of cp.operators ?? []) {
      const op = this.registry.operator(delta.id);
      if (delta.clear === true) rows += this.clearOp.run(op.id).changes + this.clearRuns.run(op.id).changes;
      const dels: StateKey[] = [];
      const ups: unknown[] = [];
      for (const key of delta.deletes ?? []) {
        checkKey(key);
        dels.push(key);
        bytes += sizeOf(key);
      }
      const packed = delta.packed;
      // Entries of tables stored as runs go to one run per namespace (state-runs.ts); the rest are rows.
      const runs = delta.runTables !== undefined && delta.runTables.length > 0 ? new NamespaceRuns(delta.runTables) : null;
      let order: number[] = [];
      if (packed !== undefined) {
        const { keys, values, lazy } = packed;
        const rowIdx: number[] | undefined = runs === null ? undefined : [];
        // Dropped namespaces first: they were dropped before this checkpoint's values were taken.
        for (let i = 0; i < keys.length; i++) {
          const v = values[i];
          if (runs !== null) {
            const key = keys[i]!;
            const table = runs.tableOf(key);
            if (table !== undefined) {
              runs.entry(key, table, v === SLOT_VALUE ? slotValueOf(lazy, key, i) : (v ?? null));
              continue;
            }
            rowIdx!.push(i);
          }
          if (v !== DROP_PREFIX) continue;
          rows += this.delRange.run(op.id, keys[i]!, prefixEnd(keys[i]!)).changes;
          bytes += keys[i]!.length;
        }
        // In key order, SQLite fills B-tree pages in sequence instead of touching one page per key.
        order = sortedOrder(keys, rowIdx);
        for (let j = 0; j < order.length; j++) {
          const i = order[j]!;
          const v = values[i];
          if (v === null || v === undefined) dels.push(keys[i]!);
        }
      }
      if (delta.slotRuns !== undefined && delta.slotRuns.length > 0) {
        if (runs === null) throw new StateError('STATE_INVALID', `operator '${delta.id}' has groups for runs but no table stored as runs`);
        for (const r of delta.slotRuns) runs.slots(r);
      }
      if (runs !== null) {
        const w = this.writeRuns(op.id, runs, epoch);
        rows += w.rows;
        bytes += w.bytes;
      }
      for (const [key, value] of delta.upserts ?? []) {
        checkKey(key);
        if (value === null) {
          dels.push(key);
          bytes += sizeOf(key);
          continue;
        }
        const v = delta.encoded === true ? (value as string) : encodeValue(value);
        ups.push(op.id, key, v);
        bytes += sizeOf(key) + sizeOf(v);
      }
      // Every delete before any upsert; the packed upserts (in key order) before the others.
      if (dels.length > 0) this.del.run([op.id], dels);
      rows += dels.length;
      if (packed !== undefined) rows += this.upsertPacked(op.id, packed, order, (n) => (bytes += n));
      if (ups.length > 0) this.upsert.run([], ups);
      rows += ups.length / 3;
    }

    const touched = new Map<ViewRow, number>();
    // Output, whichever form it came in, as blocks in seq order (per view, seqs only grow from one
    // checkpoint to the next, so a merged carry-over keeps its rows ahead of the next checkpoint's).
    const blocks = outputBlocksOf(cp);
    for (const b of blocks) {
      const v = this.registry.ensureView(b.view);
      const expected = (touched.get(v) ?? v.lastSeq) + 1;
      if (b.firstSeq !== expected) {
        throw new StateError('STATE_INVALID', `output seq for view '${b.view}' must be ${expected} (contiguous), got ${b.firstSeq}`);
      }
      // A block waiting as bytes is all ASCII: one byte a character, and it is written as it is (never
      // made a string again: a checkpoint's output could be 100 MB). A binary block counts its stored bytes.
      const size = 'segments' in b ? b.size : 'bytes' in b ? b.bytes.byteLength : b.rows.length;
      const n = 'segments' in b ? size : 'bytes' in b ? size - (b.n - 1) : blockBytes(b.rows, b.n);
      this.addBytes(v, n); // before the insert: the table's sum is then the log without this block
      this.table.insert(v.id, b, n, now);
      touched.set(v, b.firstSeq + b.n - 1);
      bytes += size + ROW_OVERHEAD * b.n;
      rows += b.n;
    }
    if (touched.size > 0) {
      for (const [v, last] of touched) {
        this.setLastSeq.run(last, v.id);
        v.lastSeq = last; // mirrored now; the store reloads the registry if the transaction fails
      }
    }

    for (const [source, value] of Object.entries(cp.offsets ?? {})) {
      if (!(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))) {
        throw new StateError('STATE_INVALID', `offset of source '${source}' must be a finite number or a string`);
      }
      this.setOffset.run(source, value);
      rows++;
      bytes += source.length + sizeOf(value);
      // Input-log sources: everything at or below the committed offset has been consumed.
      const s = this.registry.sources.get(source);
      if (s !== undefined && typeof value === 'number') rows += this.trimInputStmt.run(s.id, value).changes;
    }

    if (cp.late !== undefined && cp.late.length > 0) {
      const flat: unknown[] = [];
      for (const l of cp.late) {
        flat.push(l.view, l.source, l.rowJson, l.watermark, l.at ?? now);
        bytes += l.rowJson.length + l.view.length + l.source.length + ROW_OVERHEAD;
      }
      this.late.run([], flat);
      rows += cp.late.length;
    }
    if (cp.rejected !== undefined && cp.rejected.length > 0) {
      const flat: unknown[] = [];
      for (const r of cp.rejected) {
        flat.push(r.source, r.origin, r.reason, r.input, r.at ?? now);
        bytes += r.input.length + r.reason.length + r.source.length + r.origin.length + ROW_OVERHEAD;
      }
      this.rejected.run([], flat);
      rows += cp.rejected.length;
    }

    for (const v of touched.keys()) this.trimView(v, now);
    if (now - this.lastSweep >= SWEEP_INTERVAL_MS) this.sweep(now);

    this.setMeta.run('checkpoint_epoch', epoch);
    this.setMeta.run('checkpoint_at', now);
    return { epoch, bytes, rows };
  }

  /**
   * Writes the namespaces of tables stored as runs: each dropped one's runs (and rows an older version
   * wrote under its prefix) deleted first, then one run per namespace changed. Rows of the per-entry
   * form under a namespace that gets its first run are folded into that run and deleted, so a namespace
   * is never in both forms (state-runs.ts).
   */
  private writeRuns(opId: number, runs: NamespaceRuns, epoch: number): { rows: number; bytes: number } {
    let rows = 0;
    let bytes = 0;
    for (const ns of runs.dropped) {
      rows += this.deleteRuns.run(opId, ns).changes + this.delRange.run(opId, ns, prefixEnd(ns)).changes;
      bytes += ns.length;
    }
    for (const b of runs.builders.values()) {
      if (!runs.dropped.has(b.ns)) {
        const old = this.rowsUnder.all(opId, b.ns, prefixEnd(b.ns)) as [string, string | Uint8Array][];
        if (old.length > 0) {
          const at = b.ns.length;
          b.setBase(old.map(([k]) => String(k).slice(at)), old.map(([, v]) => (typeof v === 'string' ? v : Buffer.from(v).toString('utf8'))));
          rows += this.delRange.run(opId, b.ns, prefixEnd(b.ns)).changes;
        }
      }
      const data = b.encode();
      this.insertRun.run(opId, b.ns, epoch, b.size, data, runCrc(data));
      rows++;
      bytes += b.ns.length + data.length;
    }
    return { rows, bytes };
  }

  /**
   * Upserts the entries of `packed` that are neither deletes nor dropped namespaces, in `order`, a slice
   * at a time: the values made from slot runs (SLOT_VALUE) and the statement's parameters live for one
   * slice, not for the whole checkpoint (the same statements as one run over all of them: a slice is a
   * multiple of Batched's rows). Returns the entries written; `count` gets the bytes of their keys and values.
   */
  private upsertPacked(opId: number, packed: NonNullable<OperatorDelta['packed']>, order: readonly number[], count: (bytes: number) => void): number {
    const { keys, values, lazy } = packed;
    let n = 0;
    const ups: unknown[] = [];
    for (let j = 0; j < order.length; ) {
      ups.length = 0;
      for (; j < order.length && ups.length < 3 * UPSERT_SLICE; j++) {
        const i = order[j]!;
        const key = keys[i]!;
        let v = values[i];
        if (v === DROP_PREFIX) continue;
        count(key.length);
        if (v === null || v === undefined) continue;
        if (v === SLOT_VALUE) {
          if (lazy === undefined) throw new StateError('STATE_INVALID', `entry '${key}' has a value made later but its delta has none`);
          v = lazySlotValue(lazy, i);
        }
        ups.push(opId, key, v);
        count(v.length);
      }
      if (ups.length > 0) this.upsert.run([], ups);
      n += ups.length / 3;
    }
    return n;
  }

  /** After the transaction committed. */
  committed(epoch: number, now: number): void {
    this.epoch = epoch;
    this.epochAt = now;
    this.settle();
  }

  /** Byte counts of a transaction that committed become the counts (call after any transaction that trimmed). */
  settle(): void {
    for (const [id, n] of this.pending) this.logBytes.set(id, n);
    this.pending = new Map();
  }

  /** The view's output log was emptied or its transaction failed: count it again from the table when next needed. */
  forget(viewId?: number): void {
    if (viewId === undefined) this.logBytes.clear();
    else this.logBytes.delete(viewId);
    this.pending = new Map();
  }

  /** Bytes of row JSON in the view's log as of the transaction under way. */
  private logSize(v: ViewRow): number {
    const p = this.pending.get(v.id);
    if (p !== undefined) return p;
    let n = this.logBytes.get(v.id);
    if (n === undefined) this.logBytes.set(v.id, (n = this.table.bytesThrough(v.name, v.id, Number.MAX_SAFE_INTEGER)));
    return n;
  }

  private addBytes(v: ViewRow, n: number): void {
    // Counted before this transaction's rows are inserted, so the table's sum is the log before them.
    this.pending.set(v.id, this.logSize(v) + n);
  }

  /**
   * Deletes the view's output rows that are both older than maxAgeMs and more than maxRows behind the
   * last seq: a subscriber can resume from anywhere in the last 24 h or the last 1M rows (defaults),
   * whichever reaches further back. Returns the rows deleted.
   */
  trimView(v: ViewRow, now: number): number {
    const { maxRows, maxAgeMs, maxBytes } = this.retention;
    const byCount = v.lastSeq - maxRows;
    let upTo = 0;
    if (byCount > 0) {
      const young = this.table.firstYoung(v.id, byCount, now - maxAgeMs);
      upTo = young === undefined ? byCount : young - 1;
    }
    const size = this.logSize(v);
    let left = upTo > 0 ? size - this.table.bytesThrough(v.name, v.id, upTo) : size;
    // Over the byte budget whatever rows and age allow: the oldest rows go until the rest fits.
    if (left > maxBytes) ({ upTo, left } = this.table.trimToBudget(v.name, v.id, upTo, left, maxBytes));
    if (upTo <= 0) return 0;
    this.pending.set(v.id, left);
    return this.table.deleteThrough(v.name, v.id, upTo);
  }

  /** Trims every view's output log and caps the late and rejected tables. */
  sweep(now: number): number {
    this.lastSweep = now;
    let n = 0;
    for (const v of this.registry.views.values()) n += this.trimView(v, now);
    n += this.capLate.run(this.retention.maxDiagnosticRows).changes;
    n += this.capRejected.run(this.retention.maxDiagnosticRows).changes;
    return n;
  }
}

/**
 * Indexes of `keys` in ascending key order (the keys themselves stay where they are). A plain array, not
 * a typed one: Array.prototype.sort is a TimSort, which takes the ascending runs a capture yields (a
 * namespace's numeric keys of one length are in key order) as they are, where TypedArray's merge sort
 * compares every pair anew (4× the time for 175k HOP pane keys). Both are stable: the same order.
 * `only`: those indexes (sorted in place) instead of all.
 */
function sortedOrder(keys: readonly string[], only?: number[]): number[] {
  let order: number[];
  if (only !== undefined) order = only;
  else {
    order = new Array<number>(keys.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
  }
  return order.sort((a, b) => {
    const x = keys[a]!;
    const y = keys[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** A checkpoint's output rows as blocks, in seq order: `output` entries, `outputRuns`, `outputBlocks` and `outputBatches`. */
function outputBlocksOf(cp: Checkpoint): (PendingBlock | BinaryBlock)[] {
  const blocks: (PendingBlock | BinaryBlock)[] = [];
  const entries = cp.output ?? [];
  for (let i = 0; i < entries.length; ) {
    // Entries of one view with contiguous seqs become one run.
    let j = i + 1;
    while (j < entries.length && entries[j]!.view === entries[i]!.view && entries[j]!.seq === entries[j - 1]!.seq + 1) j++;
    const run = entries.slice(i, j);
    blocksOf(run[0]!.view, run[0]!.seq, run.map((e) => e.rowJson), run.map((e) => e.op), 0, run.length, false, blocks as OutputBlock[]);
    i = j;
  }
  for (const r of cp.outputRuns ?? []) blocksOf(r.view, r.firstSeq, r.rowsJson, r.ops, 0, r.rowsJson.length, false, blocks as OutputBlock[]);
  for (const b of cp.outputBlocks ?? []) blocks.push(b);
  // Batches are stored in binary form as they came (output-batch.ts): their JSON is made when read.
  if (cp.outputBatches !== undefined && cp.outputBatches.length > 0) binaryBlocksOf(cp.outputBatches, blocks as BinaryBlock[]);
  // Stable: blocks of one view keep their order when seqs are equal (the contiguity check then says so).
  return blocks.length > 1 ? blocks.sort((a, b) => a.firstSeq - b.firstSeq) : blocks;
}

/** The value text of a SLOT_VALUE entry. */
function slotValueOf(lazy: SlotValues | undefined, key: string, i: number): string {
  if (lazy === undefined) throw new StateError('STATE_INVALID', `entry '${key}' has a value made later but its delta has none`);
  return lazySlotValue(lazy, i);
}

/** A checkpoint's entries of one operator's tables stored as runs, by namespace. */
class NamespaceRuns {
  readonly builders = new Map<string, RunBuilder>();
  /** Namespaces dropped before this checkpoint's values were taken. */
  readonly dropped = new Set<string>();

  constructor(private readonly tables: readonly string[]) {}

  /** The run table `key` belongs to (its prefix), undefined when none. */
  tableOf(key: string): string | undefined {
    for (const t of this.tables) if (key.startsWith(t)) return t;
    return undefined;
  }

  entry(key: string, table: string, value: string | null): void {
    if (value === DROP_PREFIX) {
      this.dropped.add(key);
      return;
    }
    const ns = namespaceOf(key, table);
    this.builder(ns).add(key.slice(ns.length), value);
  }

  slots(r: SlotRun): void {
    if (this.tableOf(r.prefix) === undefined) throw new StateError('STATE_INVALID', `groups under '${r.prefix}' belong to no table stored as runs`);
    this.builder(r.prefix).addSlots(r);
  }

  private builder(ns: string): RunBuilder {
    let b = this.builders.get(ns);
    if (b === undefined) this.builders.set(ns, (b = new RunBuilder(ns)));
    return b;
  }
}
