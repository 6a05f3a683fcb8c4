/**
 * The input log of pushed events (websocket, HTTP, INSERT, `engine.push`), in a SQLite file of its own
 * next to the state file (`<state>.input`), written on the engine's thread.
 *
 * Why its own file: an event is acknowledged to its producer only once it is durable, and a checkpoint
 * of 100k changed keys is a transaction of several hundred milliseconds, committed on a worker thread
 * (state/store-client.ts). SQLite has one writer per file, so appends to the state file would wait for
 * that transaction and hold the event loop as long. A file of their own keeps each append a small
 * transaction of its own (one row per pushed batch), durable when `append` returns, whatever the
 * checkpoint is doing.
 *
 * What the checkpoint needs from it is unchanged: the state file commits each source's input offset
 * with the state and the output in one transaction; on restart the engine re-reads this log after that
 * offset. Rows at or below a committed offset are deleted after the commit (`trim`); a crash between
 * the two only leaves rows that the next restart skips. Offsets never go back: at open they continue
 * after the larger of this file's last offset and the state file's committed one.
 *
 * Durability is the state file's: WAL with synchronous = NORMAL (an append survives kill -9 once it
 * returned) or FULL. An append never folds the WAL back into the file (a WAL checkpoint: copying pages
 * and two fsyncs, tens of milliseconds on a busy disk, which made every few hundredth push stall): with a
 * commit thread, its own connection does that after each commit (`InputLogWal`, store-worker.ts), so the
 * event loop only appends. Without one (checkpoints only on request), this connection does it as SQLite
 * does by default. Locking: the file is opened only by the engine that holds the state file, whose lock
 * is EXCLUSIVE (state/open.ts) — a second engine stops there; alone, this file is locked EXCLUSIVE too.
 *
 * Stored form (PRAGMA user_version): 2 — tq_input_batch, a rowid table with the key (source, off) as
 * its index: a pushed batch's text (tens of KB) is a few overflow pages either way, but a rowid table
 * appends and deletes them at about half the CPU of the WITHOUT ROWID table version 1 had
 * (tq_input_row), whose rows the open moves over. An append is that one insert: a source's last offset
 * is the larger of its newest entry and tq_input_source.last_offset, which is written only when a trim
 * may take the newest entry away (and when offsets jump ahead, `continueAfter`), not on every append
 * as version 1 did. 3 — the same table; an entry is the pushed batch's JSON text (TEXT) or its decoded
 * rows in binary form (a BLOB, input-batch.ts). A version 2 file holds only TEXT entries, which version 3
 * reads as they are (TEXT affinity leaves a BLOB a BLOB): the open only sets user_version (so that a build that knows no BLOB entries refuses
 * the file instead of misreading it). A file of a newer version is STATE_NEWER_VERSION, left untouched.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StateError, fromSqlite } from './errors.js';
import { APPLICATION_ID } from './schema.js';
import type { CatalogEntry, StoredInput } from './types.js';

/** One entry of the log: a pushed batch as JSON text or in binary form (input-batch.ts), or a watermark move (text). */
export interface InputEntry {
  readonly offset: number;
  readonly entry: string | Buffer;
}

/** What `adoptInput` reads from the state file (StateStore, or StoreClient on the commit thread). */
export interface InputLogOwner {
  listCatalog(): CatalogEntry[];
  inputSources(): string[];
  lastInputOffset(source: string): number;
  readInput(source: string, fromOffset: number, limit: number): StoredInput[];
  trimInput(source: string, throughOffset: number): number;
  offset(source: string): number | string | undefined;
}

/** The stored form this build writes (user_version); version 1 (the WITHOUT ROWID table) left it 0. */
export const INPUT_LOG_VERSION = 3;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tq_input_source (
  name        TEXT PRIMARY KEY,
  last_offset INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tq_input_batch (
  source TEXT NOT NULL,
  off    INTEGER NOT NULL,
  row    TEXT NOT NULL,
  PRIMARY KEY (source, off)
);
`;

/** Version 1 → 2: the entries move to the rowid table (the log holds what no checkpoint consumed: little). */
const FROM_V1 = `
INSERT INTO tq_input_batch (source, off, row) SELECT source, off, row FROM tq_input_row;
DROP TABLE tq_input_row;
`;

/** WAL pages at which an append folds the WAL back itself when the commit thread does not keep up (64 MiB). */
const FALLBACK_AUTOCHECKPOINT = 16_384;
/**
 * Bytes the WAL file is cut back to when it starts over from its beginning (an append after a checkpoint
 * that folded in every frame): without it the file stayed at its largest (64 MiB, the fallback above).
 */
export const INPUT_WAL_LIMIT = 8 * 1024 * 1024;
/**
 * Page cache of the appending connection (KiB): appends touch the last pages of the table and trims the
 * first ones, nothing is read back but at open. SQLite's default (16 MB here) only kept pages just
 * written, on the engine's thread.
 */
const INPUT_CACHE_KIB = 2048;
/** PASSIVE checkpoints in a row at most, while appends made during one leave frames for the next. */
const CHECKPOINT_PASSES = 3;

export interface InputLogOptions {
  readonly synchronous?: 'NORMAL' | 'FULL';
  /** The commit thread folds the WAL back after each commit (InputLogWal); appends never do. */
  readonly walByCommitThread?: boolean;
}

/** The input log's file for a state file. */
export function inputLogPath(statePath: string): string {
  return `${statePath}.input`;
}

export class InputLog {
  private readonly db: Database.Database;
  private readonly last = new Map<string, number>();
  private readonly insertRow: Database.Statement;
  private readonly setLast: Database.Statement;
  private readonly trimRows: Database.Statement;
  private readonly trimTx: (source: string, throughOffset: number) => void;
  private closed = false;

  constructor(readonly path: string, opts: InputLogOptions = {}) {
    const { synchronous = 'NORMAL', walByCommitThread = false } = opts;
    try {
      this.db = new Database(path, { timeout: 250 });
    } catch (err) {
      throw fromSqlite(err, path);
    }
    try {
      if (!walByCommitThread) this.db.pragma('locking_mode = EXCLUSIVE');
      const app = this.db.pragma('application_id', { simple: true }) as number;
      const objects = (this.db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
      if (app !== APPLICATION_ID && !(app === 0 && objects === 0)) {
        throw new StateError('STATE_FOREIGN', `${path} is not a tumbleql input log (application_id ${app}); move it away`);
      }
      const version = this.db.pragma('user_version', { simple: true }) as number;
      if (version > INPUT_LOG_VERSION) {
        throw new StateError(
          'STATE_NEWER_VERSION',
          `input log ${path} has version ${version}, but this tumbleql understands versions up to ${INPUT_LOG_VERSION}. ` +
            'It was left untouched: run a newer tumbleql, or move it away (with its state file) to start fresh.',
        );
      }
      const mode = this.db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new StateError('STATE_IO', `input log ${path}: could not switch to WAL mode (got ${String(mode)})`);
      this.db.pragma(`synchronous = ${synchronous}`);
      if (walByCommitThread) this.db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT}`);
      this.db.pragma(`journal_size_limit = ${INPUT_WAL_LIMIT}`);
      this.db.pragma(`cache_size = -${INPUT_CACHE_KIB}`);
      if (version < INPUT_LOG_VERSION) {
        // One transaction: a crash mid-way leaves version 1 or 2 as it was. Version 2 → 3 changes no table.
        this.db.transaction(() => {
          // Version 1 never set user_version: it is the file whose entries are in tq_input_row.
          const v1 = this.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'tq_input_row'").get() !== undefined;
          this.db.exec(SCHEMA);
          if (v1) this.db.exec(FROM_V1);
          this.db.pragma(`application_id = ${APPLICATION_ID}`);
          this.db.pragma(`user_version = ${INPUT_LOG_VERSION}`);
        })();
      }
      // A source's last offset: its newest entry, or what tq_input_source kept when trimming took that away.
      for (const r of this.db.prepare('SELECT name, last_offset AS off FROM tq_input_source').all() as { name: string; off: number }[]) {
        this.last.set(r.name, r.off);
      }
      for (const r of this.db.prepare('SELECT source, max(off) AS off FROM tq_input_batch GROUP BY source').all() as { source: string; off: number }[]) {
        if (r.off > (this.last.get(r.source) ?? 0)) this.last.set(r.source, r.off);
      }
      this.insertRow = this.db.prepare('INSERT INTO tq_input_batch (source, off, row) VALUES (?, ?, ?)');
      this.setLast = this.db.prepare('INSERT OR REPLACE INTO tq_input_source (name, last_offset) VALUES (?, ?)');
      this.trimRows = this.db.prepare('DELETE FROM tq_input_batch WHERE source = ? AND off <= ?');
      this.trimTx = this.db.transaction((source: string, throughOffset: number) => {
        // The entries may take the newest offset with them: it is kept here first, so offsets never go back.
        this.setLast.run(source, this.lastOffset(source));
        this.trimRows.run(source, throughOffset);
      });
    } catch (err) {
      this.db.close();
      throw fromSqlite(err, path);
    }
  }

  /** Appends one pushed batch (JSON text or binary form); durable against process death when it returns. */
  append(source: string, entry: string | Buffer): number {
    this.live();
    const off = (this.last.get(source) ?? 0) + 1;
    try {
      // One statement, its own transaction: the source's last offset is its newest entry (see trim).
      this.insertRow.run(source, off, entry);
    } catch (err) {
      throw fromSqlite(err, this.path);
    }
    this.last.set(source, off);
    return off;
  }

  /** Takes over an entry under its existing offset (entries an older version kept in the state file). */
  adopt(source: string, off: number, text: string): void {
    this.live();
    this.db.prepare('INSERT OR REPLACE INTO tq_input_batch (source, off, row) VALUES (?, ?, ?)').run(source, off, text);
    if (off > this.lastOffset(source)) this.continueAfter(source, off);
  }

  /** Entries with offset ≥ from, in offset order. */
  read(source: string, from: number, limit: number): InputEntry[] {
    this.live();
    return this.db
      .prepare('SELECT off AS offset, row AS entry FROM tq_input_batch WHERE source = ? AND off >= ? ORDER BY off LIMIT ?')
      .all(source, from, limit) as InputEntry[];
  }

  lastOffset(source: string): number {
    return this.last.get(source) ?? 0;
  }

  /** Offsets of `source` continue after `offset` (the state file's committed one, when it is ahead). */
  continueAfter(source: string, offset: number): void {
    if (offset <= this.lastOffset(source)) return;
    this.setLast.run(source, offset);
    this.last.set(source, offset);
  }

  /** Deletes entries at or below a committed offset. */
  trim(source: string, throughOffset: number): void {
    if (this.closed) return;
    try {
      this.trimTx(source, throughOffset);
    } catch (err) {
      throw fromSqlite(err, this.path);
    }
  }

  /** Forgets a source (DROP SOURCE, or entries no catalog source owns); its offsets start over. */
  drop(source: string): void {
    this.live();
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM tq_input_batch WHERE source = ?').run(source);
      this.db.prepare('DELETE FROM tq_input_source WHERE name = ?').run(source);
    })();
    this.last.delete(source);
  }

  /** Sources that have entries or an offset counter here. */
  sources(): string[] {
    return [...this.last.keys()];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private live(): void {
    if (this.closed) throw new StateError('STATE_CLOSED', `input log ${this.path} is closed`);
  }
}

/**
 * Lines the input log up with the state file at open: entries an older version kept in the state file
 * move here (same offsets); entries of sources the catalog no longer has, or that never got a committed
 * offset, are dropped (they belong to no live source); offsets continue after the committed ones.
 */
export function adoptInput(store: InputLogOwner, input: InputLog): void {
  const sources = new Set(store.listCatalog().filter((e) => e.kind === 'source').map((e) => e.name));
  for (const name of store.inputSources()) {
    const last = store.lastInputOffset(name);
    if (sources.has(name)) {
      for (let from = 1; ; ) {
        const page = store.readInput(name, from, 10_000);
        for (const r of page) input.adopt(name, r.offset, r.rowJson);
        if (page.length < 10_000) break;
        from = page[page.length - 1]!.offset + 1;
      }
      input.continueAfter(name, last);
    }
    if (last > 0) store.trimInput(name, last);
  }
  for (const name of input.sources()) {
    const off = store.offset(name);
    if (!sources.has(name) || off === undefined) input.drop(name);
    else if (typeof off === 'number') input.continueAfter(name, off);
  }
}

/**
 * The commit thread's connection to the input log: folds the WAL the appends wrote back into the file
 * (a PASSIVE checkpoint: it never waits for the appending connection, nor makes it wait), after each
 * commit. Opened when first needed: the engine creates the input log after the commit thread started.
 *
 * The WAL starts over from its beginning (and its file is cut back to INPUT_WAL_LIMIT) only at an append
 * that finds every frame folded in. Appends go on during a checkpoint, so one pass left the frames they
 * wrote meanwhile, the WAL never started over, and it grew to the appending connection's fallback (64 MiB)
 * — whose checkpoint then ran on the event loop. A few more passes fold in those few frames too.
 * Returns whether the last pass folded in every frame.
 */
export class InputLogWal {
  private db: Database.Database | null = null;

  constructor(readonly path: string) {}

  checkpoint(): boolean {
    if (this.db === null) {
      if (!existsSync(this.path)) return false;
      this.db = new Database(this.path, { timeout: 0, fileMustExist: true });
      this.db.pragma('cache_size = -256');
    }
    for (let pass = 0; pass < CHECKPOINT_PASSES; pass++) {
      const r = this.db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      const { busy, log, checkpointed } = r[0]!;
      if (busy === 0 && checkpointed === log) return true;
    }
    return false;
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }
}
