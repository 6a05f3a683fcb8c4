/**
 * The state store: one SQLite file per engine holding the catalog, every operator's state, source
 * offsets, each view's output log, the input log of pushed events, and the late and rejected rows.
 * See docs/state.md for the file's contents and guarantees, open.ts for how a file is opened safely and
 * why the durability settings are what they are, commit.ts for the checkpoint transaction.
 *
 * All calls are synchronous (better-sqlite3) and run on the engine's thread. Every write is a
 * transaction of its own; `commit` is the one that carries a checkpoint. SQLite errors come out as
 * StateError (STATE_CORRUPT, STATE_LOCKED, STATE_IO, ...); a failed write leaves nothing behind.
 */
import { mergeCheckpoints, withoutSource, withoutView } from './carry-over.js';
import { CheckpointWriter, type Retention } from './commit.js';
import { decodeValue, type StateKey, type StateValue } from './codec.js';
import { StateError, fromSqlite } from './errors.js';
import { openDatabase, type OpenedDatabase } from './open.js';
import { Registry } from './registry.js';
import { Batched, tuples } from './batched.js';
import { SCHEMA_VERSION } from './schema.js';
import { applyRun } from './state-runs.js';
import { ViewStore } from './view-store.js';
import type {
  CatalogEntry,
  CatalogInput,
  CatalogKind,
  Checkpoint,
  CheckpointInfo,
  CommitResult,
  OpenOptions,
  StoredInput,
  StoredLateRow,
  StoredRejectedRow,
} from './types.js';

export const DEFAULT_STATE_PATH = '.tumbleql/state.db';
export const DEFAULT_RETENTION: Retention = { maxRows: 1_000_000, maxAgeMs: 24 * 60 * 60 * 1000, maxDiagnosticRows: 100_000, maxBytes: 256 * 1024 * 1024 };
/** Rows per page when streaming an operator's state back: no cursor stays open between pages. */
const LOAD_PAGE = 4096;

export class StateStore extends ViewStore {
  readonly readonly: boolean;
  readonly schemaVersion = SCHEMA_VERSION;
  private readonly opened: OpenedDatabase;
  private readonly writer: CheckpointWriter | undefined;
  private readonly commitTx: ((cp: Checkpoint, now: number) => { epoch: number; bytes: number; rows: number }) | undefined;
  private readonly appendInputRows: Batched | undefined;
  private closed = false;
  /** A checkpoint that failed with STATE_IO (disk full): written in front of the next one (carry-over.ts). */
  private carried: Checkpoint | null = null;

  /** Opens (creating if needed, unless read-only) the state file at `path`; ':memory:' keeps nothing on disk. */
  static open(path: string = DEFAULT_STATE_PATH, opts: OpenOptions = {}): StateStore {
    return new StateStore(path, opts);
  }

  private constructor(path: string, opts: OpenOptions) {
    const opened = openDatabase(path, opts);
    let registry: Registry;
    try {
      registry = new Registry(opened.db);
    } catch (err) {
      opened.release();
      throw fromSqlite(err, path);
    }
    const now = opts.now ?? Date.now;
    super(opened.db, registry, path, now);
    this.readonly = opts.readonly === true;
    this.opened = opened;
    const retention = { ...DEFAULT_RETENTION, ...definedOnly(opts.retention ?? {}) };
    if (!this.readonly) {
      try {
        const writer = new CheckpointWriter(opened.db, registry, retention);
        this.writer = writer;
        this.commitTx = opened.db.transaction((cp: Checkpoint, at: number) => writer.write(cp, at));
        this.appendInputRows = new Batched(opened.db, (n) => `INSERT INTO tq_input (source, off, row) VALUES ${tuples(n, 3)}`, 0, 3);
      } catch (err) {
        opened.release(); // never keep the file locked by a store the caller did not get
        throw fromSqlite(err, path);
      }
    }
  }

  // ---- checkpoint -------------------------------------------------------------------------------

  /**
   * Writes one checkpoint atomically (see Checkpoint). Durable against process death once it returns.
   * A checkpoint that fails with STATE_IO (disk full, I/O error) is kept and written together with the
   * next one: the engine hands each change over once, so a failed checkpoint's changes must not be lost.
   */
  commit(cp: Checkpoint): CommitResult {
    const writer = this.writable();
    const t0 = performance.now();
    const at = this.now();
    const whole = this.carried === null ? cp : mergeCheckpoints(this.carried, cp);
    let r: { epoch: number; bytes: number; rows: number };
    try {
      r = this.guardWrite(() => this.commitTx!(whole, at));
    } catch (err) {
      // Only a failure of the disk is worth retrying; a checkpoint the store refuses (STATE_INVALID) would fail again.
      this.carried = err instanceof StateError && err.code === 'STATE_IO' ? whole : null;
      writer.forget();
      throw err;
    }
    this.carried = null;
    writer.committed(r.epoch, at);
    return { epoch: r.epoch, bytes: r.bytes, rows: r.rows, durationMs: performance.now() - t0 };
  }

  lastCheckpoint(): CheckpointInfo | undefined {
    this.live();
    if (this.writer !== undefined) return this.writer.epoch > 0 ? { epoch: this.writer.epoch, at: this.writer.epochAt } : undefined;
    const rows = this.read(() => this.db.prepare(`SELECT key, value FROM tq_meta WHERE key IN ('checkpoint_epoch', 'checkpoint_at')`).all()) as {
      key: string;
      value: number;
    }[];
    const epoch = rows.find((r) => r.key === 'checkpoint_epoch')?.value;
    return epoch === undefined ? undefined : { epoch, at: rows.find((r) => r.key === 'checkpoint_at')?.value ?? 0 };
  }

  /** Trims output logs by retention and caps the late/rejected tables now (commit also does it). */
  trimRetention(): number {
    const writer = this.writable();
    const at = this.now();
    try {
      const n = this.tx(() => writer.sweep(at));
      writer.settle();
      return n;
    } catch (err) {
      writer.forget();
      throw err;
    }
  }

  // ---- catalog ----------------------------------------------------------------------------------

  /** Sources and views in creation order (the order that re-creates them with dependencies satisfied). */
  listCatalog(): CatalogEntry[] {
    return this.read(
      () =>
        this.db
          .prepare('SELECT kind, name, sql, fingerprint, created_at AS createdAt FROM tq_catalog ORDER BY seq')
          .all() as CatalogEntry[],
    );
  }

  /**
   * Adds an entry, or replaces the entry of the same kind and name. A replaced entry moves to the end of
   * the creation order, since its new SQL may refer to objects created after the old one.
   */
  putCatalog(entry: CatalogInput): void {
    this.writable();
    const createdAt = entry.createdAt ?? this.now();
    this.tx(() => {
      this.db.prepare('DELETE FROM tq_catalog WHERE kind = ? AND name = ?').run(entry.kind, entry.name);
      this.db
        .prepare('INSERT INTO tq_catalog (kind, name, sql, fingerprint, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(entry.kind, entry.name, entry.sql, entry.fingerprint ?? '', createdAt);
    });
  }

  /**
   * Removes a source or view and everything it owns, in one transaction. A view: its operators' state,
   * its output log, its fingerprint and its late rows (its seq high-water mark stays, so a view later
   * created under the same name continues numbering). A source: its offset, input log and rejected rows.
   * Returns whether the catalog had the entry.
   */
  dropCatalog(kind: CatalogKind, name: string): boolean {
    this.writable();
    const existed = this.tx(() => {
      const existed = this.db.prepare('DELETE FROM tq_catalog WHERE kind = ? AND name = ?').run(kind, name).changes > 0;
      if (kind === 'view') {
        this.clearView(name);
        this.db.prepare('DELETE FROM tq_late WHERE view = ?').run(name);
      } else {
        const s = this.registry.sources.get(name);
        if (s !== undefined) {
          this.db.prepare('DELETE FROM tq_input WHERE source = ?').run(s.id);
          this.db.prepare('DELETE FROM tq_source WHERE id = ?').run(s.id);
          this.registry.forgetSource(name);
        }
        this.db.prepare('DELETE FROM tq_offset WHERE source = ?').run(name);
        this.db.prepare('DELETE FROM tq_rejected WHERE source = ?').run(name);
      }
      return existed;
    });
    if (kind === 'source' && this.carried !== null) this.carried = withoutSource(this.carried, name);
    return existed;
  }

  /** Views cleared by the transaction under way: a carried checkpoint forgets them once it commits. */
  private clearing: string[] = [];

  protected override clearView(view: string): void {
    const v = this.registry.views.get(view);
    if (v !== undefined) this.writer?.forget(v.id);
    super.clearView(view);
    this.clearing.push(view);
  }

  private txDepth = 0;

  protected override tx<T>(fn: () => T): T {
    const outermost = this.txDepth === 0;
    if (outermost) this.clearing = [];
    this.txDepth++;
    try {
      const r = super.tx(fn);
      if (outermost && this.carried !== null) for (const v of this.clearing) this.carried = withoutView(this.carried, v);
      return r;
    } finally {
      this.txDepth--;
      if (outermost) this.clearing = [];
    }
  }

  // ---- operator state ---------------------------------------------------------------------------

  /** Registers operator ids as holding state of `view` (idempotent). Required before their first commit. */
  registerOperators(view: string, operatorIds: readonly string[]): void {
    this.writable();
    this.tx(() => {
      const v = this.registry.ensureView(view);
      for (const id of operatorIds) this.registry.registerOperator(v, id);
    });
  }

  /** Operator ids registered for the view, in registration order. */
  operatorIds(view: string): string[] {
    this.live();
    const v = this.registry.views.get(view);
    return v === undefined ? [] : this.registry.operatorsOf(v.id).map((o) => o.name);
  }

  /**
   * The operator's saved state, streamed in key order a page at a time (no cursor is held open between
   * pages, so other store calls may interleave), then the entries of its tables stored as runs. Unknown operators have no state. Keys come back with
   * the type they were written with; `K` lets an operator that only writes string keys say so.
   */
  *loadOperatorState<K extends StateKey = StateKey>(operatorId: string): Generator<[K, StateValue]> {
    this.live();
    const op = this.registry.operators.get(operatorId);
    if (op === undefined) return;
    const first = this.db.prepare('SELECT k, v FROM tq_state WHERE op = ? ORDER BY k LIMIT ?').raw();
    const next = this.db.prepare('SELECT k, v FROM tq_state WHERE op = ? AND k > ? ORDER BY k LIMIT ?').raw();
    let last: StateKey | undefined;
    for (;;) {
      const page = this.read(() => (last === undefined ? first.all(op.id, LOAD_PAGE) : next.all(op.id, last, LOAD_PAGE))) as [
        StateKey,
        unknown,
      ][];
      for (const [k, v] of page) yield [k as K, decodeValue(v)];
      if (page.length < LOAD_PAGE) break;
      last = page[page.length - 1]![0];
    }
    // Then the entries of tables stored as runs (state-runs.ts), whose keys are all text.
    let ns: string | null = '';
    while (ns !== null) {
      const page = this.operatorRunPage(operatorId, ns, LOAD_PAGE);
      for (const [k, v] of page.entries) yield [k as K, decodeValue(v)];
      ns = page.last;
    }
  }

  /**
   * The operator's saved state as stored text (for deltas committed with `encoded: true`): its rows in
   * key order, then the entries of its tables stored as runs (state-runs.ts), a namespace at a time.
   */
  *loadOperatorStateText(operatorId: string): Generator<[string, string]> {
    let after: string | undefined;
    for (;;) {
      const page = this.operatorStatePage(operatorId, after, LOAD_PAGE);
      yield* page;
      if (page.length < LOAD_PAGE) break;
      after = page[page.length - 1]![0];
    }
    let ns: string | null = '';
    while (ns !== null) {
      const page = this.operatorRunPage(operatorId, ns, LOAD_PAGE);
      yield* page.entries;
      ns = page.last;
    }
  }

  /** One page of the rows of `loadOperatorStateText`: entries with key > `after` (all when undefined), in key order. */
  operatorStatePage(operatorId: string, after: string | undefined, limit: number): [string, string][] {
    this.live();
    const op = this.registry.operators.get(operatorId);
    if (op === undefined) return [];
    const page = this.read(() =>
      after === undefined
        ? this.db.prepare('SELECT k, v FROM tq_state WHERE op = ? ORDER BY k LIMIT ?').raw().all(op.id, limit)
        : this.db.prepare('SELECT k, v FROM tq_state WHERE op = ? AND k > ? ORDER BY k LIMIT ?').raw().all(op.id, after, limit),
    ) as [StateKey, unknown][];
    return page.map(([k, v]) => [String(k), typeof v === 'string' ? v : Buffer.from(v as Uint8Array).toString('utf8')]);
  }

  /**
   * One page of the run entries of `loadOperatorStateText`: the live entries (full stored keys) of whole
   * namespaces after `after` ('' for the first), until at least `limit` entries or the last namespace;
   * `last` is where the next page goes on from, null when there is none.
   */
  operatorRunPage(operatorId: string, after: string, limit: number): { entries: [string, string][]; last: string | null } {
    this.live();
    const op = this.registry.operators.get(operatorId);
    if (op === undefined || !this.hasRunTable()) return { entries: [], last: null };
    return this.read(() => {
      const entries: [string, string][] = [];
      let ns: string | null = null;
      let live = new Map<string, string | null>();
      const flush = (): void => {
        for (const [k, v] of live) if (v !== null) entries.push([ns! + k, v]);
        live = new Map();
      };
      const stmt = this.db.prepare('SELECT id, ns, data, crc FROM tq_state_run WHERE op = ? AND ns > ? ORDER BY ns, id');
      for (const r of stmt.iterate(op.id, after) as IterableIterator<{ id: number; ns: string; data: Uint8Array; crc: number }>) {
        if (r.ns !== ns) {
          if (ns !== null) {
            flush();
            // Whole namespaces only: the next page starts after the last one read.
            if (entries.length >= limit) return { entries, last: ns };
          }
          ns = r.ns;
        }
        applyRun(`${r.id} (operator '${operatorId}', ${r.ns})`, r.data, r.crc, live);
      }
      if (ns !== null) flush();
      return { entries, last: null };
    });
  }

  private runTable: boolean | undefined;

  /** Whether the file has tq_state_run (a read-only open reads a version 2 or 3 file as it is). */
  private hasRunTable(): boolean {
    this.runTable ??= this.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'tq_state_run'").get() !== undefined;
    return this.runTable;
  }

  /** Sources that have an input log in this file (pushed events of older versions; see input-log.ts). */
  inputSources(): string[] {
    this.live();
    return [...this.registry.sources.keys()];
  }

  /** Deletes one operator's state and registration (an operator the new plan no longer has). */
  dropOperatorState(operatorId: string): void {
    this.writable();
    this.tx(() => {
      const op = this.registry.operators.get(operatorId);
      if (op === undefined) return;
      this.db.prepare('DELETE FROM tq_state WHERE op = ?').run(op.id);
      this.db.prepare('DELETE FROM tq_state_run WHERE op = ?').run(op.id);
      this.db.prepare('DELETE FROM tq_operator WHERE id = ?').run(op.id);
      this.registry.forgetOperator(operatorId);
    });
  }

  // ---- input log --------------------------------------------------------------------------------

  /**
   * Appends pushed events (JSON text, one per event) to the source's input log in a transaction of its
   * own. When this returns the events survive the process being killed, so the producer may be acked.
   * Offsets are contiguous per source from 1.
   */
  appendInput(source: string, rowsJson: readonly string[]): { firstOffset: number; lastOffset: number } {
    this.writable();
    return this.tx(() => {
      const s = this.registry.ensureSource(source);
      const first = s.lastOffset + 1;
      const flat: unknown[] = new Array<unknown>(rowsJson.length * 3);
      for (let i = 0; i < rowsJson.length; i++) {
        const row = rowsJson[i];
        if (typeof row !== 'string') throw new StateError('STATE_INVALID', `input rows must be JSON text; row ${i} is ${typeof row}`);
        flat[3 * i] = s.id;
        flat[3 * i + 1] = first + i;
        flat[3 * i + 2] = row;
      }
      this.appendInputRows!.run([], flat);
      const last = first + rowsJson.length - 1;
      if (rowsJson.length > 0) {
        this.db.prepare('UPDATE tq_source SET last_offset = ? WHERE id = ?').run(last, s.id);
        s.lastOffset = last;
      }
      return { firstOffset: first, lastOffset: last };
    });
  }

  /** Input rows with offset ≥ fromOffset, in offset order. */
  readInput(source: string, fromOffset: number, limit: number): StoredInput[] {
    this.live();
    const s = this.registry.sources.get(source);
    if (s === undefined) return [];
    return this.read(
      () =>
        this.db
          .prepare('SELECT off AS offset, row AS rowJson FROM tq_input WHERE source = ? AND off >= ? ORDER BY off LIMIT ?')
          .all(s.id, fromOffset, limit) as StoredInput[],
    );
  }

  /** The last offset handed out by appendInput (0 before the first). */
  lastInputOffset(source: string): number {
    this.live();
    return this.registry.sources.get(source)?.lastOffset ?? 0;
  }

  /** Deletes input rows at or below `throughOffset` (commit does this for committed offsets). */
  trimInput(source: string, throughOffset: number): number {
    this.writable();
    const s = this.registry.sources.get(source);
    if (s === undefined) return 0;
    return this.tx(() => this.db.prepare('DELETE FROM tq_input WHERE source = ? AND off <= ?').run(s.id, throughOffset).changes);
  }

  // ---- offsets, late and rejected rows ------------------------------------------------------------

  offsets(): Record<string, number | string> {
    const rows = this.read(() => this.db.prepare('SELECT source, value FROM tq_offset').raw().all()) as [string, number | string][];
    return Object.fromEntries(rows);
  }

  offset(source: string): number | string | undefined {
    return this.read(() => this.db.prepare('SELECT value FROM tq_offset WHERE source = ?').pluck().get(source)) as
      | number
      | string
      | undefined;
  }

  /** The most recent `limit` late rows (of one view, or all), oldest first. */
  lateRows(view?: string, limit = 100): StoredLateRow[] {
    const cols = 'SELECT view, source, row, watermark, at FROM tq_late';
    const rows = this.read(() =>
      view === undefined
        ? this.db.prepare(`${cols} ORDER BY id DESC LIMIT ?`).all(limit)
        : this.db.prepare(`${cols} WHERE view = ? ORDER BY id DESC LIMIT ?`).all(view, limit),
    ) as { view: string; source: string; row: string; watermark: number; at: number }[];
    return rows.reverse().map((r) => ({ ...r, row: JSON.parse(r.row) as Record<string, unknown> }));
  }

  /** The most recent `limit` rejected inputs (of one source, or all), oldest first. */
  rejectedRows(source?: string, limit = 100): StoredRejectedRow[] {
    const cols = 'SELECT source, origin, reason, input, at FROM tq_rejected';
    const rows = this.read(() =>
      source === undefined
        ? this.db.prepare(`${cols} ORDER BY id DESC LIMIT ?`).all(limit)
        : this.db.prepare(`${cols} WHERE source = ? ORDER BY id DESC LIMIT ?`).all(source, limit),
    ) as StoredRejectedRow[];
    return rows.reverse();
  }

  // ---- lifecycle ----------------------------------------------------------------------------------

  /** Closes the file (folding the WAL into it) and releases the lock. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.opened.release();
    } catch (err) {
      throw fromSqlite(err, this.path);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  protected override live(): void {
    if (this.closed) throw new StateError('STATE_CLOSED', `state store ${this.path} is closed`);
  }

  protected override writable(): CheckpointWriter {
    this.live();
    if (this.writer === undefined) throw new StateError('STATE_READONLY', `state store ${this.path} was opened read-only`);
    return this.writer;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

