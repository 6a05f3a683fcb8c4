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
 * Locking and durability are the state file's: EXCLUSIVE locking mode (a second engine cannot open
 * it), WAL with synchronous = NORMAL (an append survives kill -9 once it returned) or FULL.
 */
import Database from 'better-sqlite3';
import { StateError, fromSqlite } from './errors.js';
import { APPLICATION_ID } from './schema.js';
import type { CatalogEntry, StoredInput } from './types.js';

/** What `adoptInput` reads from the state file (StateStore, or StoreClient on the commit thread). */
export interface InputLogOwner {
  listCatalog(): CatalogEntry[];
  inputSources(): string[];
  lastInputOffset(source: string): number;
  readInput(source: string, fromOffset: number, limit: number): StoredInput[];
  trimInput(source: string, throughOffset: number): number;
  offset(source: string): number | string | undefined;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tq_input_source (
  name        TEXT PRIMARY KEY,
  last_offset INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tq_input_row (
  source TEXT NOT NULL,
  off    INTEGER NOT NULL,
  row    TEXT NOT NULL,
  PRIMARY KEY (source, off)
) WITHOUT ROWID;
`;

/** The input log's file for a state file. */
export function inputLogPath(statePath: string): string {
  return `${statePath}.input`;
}

export class InputLog {
  private readonly db: Database.Database;
  private readonly last = new Map<string, number>();
  private readonly insertRow: Database.Statement;
  private readonly setLast: Database.Statement;
  private readonly appendTx: (source: string, off: number, text: string) => void;
  private closed = false;

  constructor(readonly path: string, synchronous: 'NORMAL' | 'FULL' = 'NORMAL') {
    try {
      this.db = new Database(path, { timeout: 250 });
    } catch (err) {
      throw fromSqlite(err, path);
    }
    try {
      this.db.pragma('locking_mode = EXCLUSIVE');
      const app = this.db.pragma('application_id', { simple: true }) as number;
      const objects = (this.db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
      if (app !== APPLICATION_ID && !(app === 0 && objects === 0)) {
        throw new StateError('STATE_FOREIGN', `${path} is not a tumbleql input log (application_id ${app}); move it away`);
      }
      const mode = this.db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new StateError('STATE_IO', `input log ${path}: could not switch to WAL mode (got ${String(mode)})`);
      this.db.pragma(`synchronous = ${synchronous}`);
      this.db.exec(SCHEMA);
      this.db.pragma(`application_id = ${APPLICATION_ID}`);
      for (const r of this.db.prepare('SELECT name, last_offset AS off FROM tq_input_source').all() as { name: string; off: number }[]) {
        this.last.set(r.name, r.off);
      }
      this.insertRow = this.db.prepare('INSERT INTO tq_input_row (source, off, row) VALUES (?, ?, ?)');
      this.setLast = this.db.prepare('INSERT OR REPLACE INTO tq_input_source (name, last_offset) VALUES (?, ?)');
      this.appendTx = this.db.transaction((source: string, off: number, text: string) => {
        this.insertRow.run(source, off, text);
        this.setLast.run(source, off);
      });
    } catch (err) {
      this.db.close();
      throw fromSqlite(err, path);
    }
  }

  /** Appends one pushed batch (JSON text); durable against process death when it returns. */
  append(source: string, text: string): number {
    this.live();
    const off = (this.last.get(source) ?? 0) + 1;
    try {
      this.appendTx(source, off, text);
    } catch (err) {
      throw fromSqlite(err, this.path);
    }
    this.last.set(source, off);
    return off;
  }

  /** Takes over an entry under its existing offset (entries an older version kept in the state file). */
  adopt(source: string, off: number, text: string): void {
    this.live();
    this.db.prepare('INSERT OR REPLACE INTO tq_input_row (source, off, row) VALUES (?, ?, ?)').run(source, off, text);
    if (off > this.lastOffset(source)) this.continueAfter(source, off);
  }

  /** Entries with offset ≥ from, in offset order. */
  read(source: string, from: number, limit: number): StoredInput[] {
    this.live();
    return this.db
      .prepare('SELECT off AS offset, row AS rowJson FROM tq_input_row WHERE source = ? AND off >= ? ORDER BY off LIMIT ?')
      .all(source, from, limit) as StoredInput[];
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
      this.db.prepare('DELETE FROM tq_input_row WHERE source = ? AND off <= ?').run(source, throughOffset);
    } catch (err) {
      throw fromSqlite(err, this.path);
    }
  }

  /** Forgets a source (DROP SOURCE, or entries no catalog source owns); its offsets start over. */
  drop(source: string): void {
    this.live();
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM tq_input_row WHERE source = ?').run(source);
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
