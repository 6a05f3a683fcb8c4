/**
 * Reading an input log in the SQLite form versions 1–3 wrote (`<state>.input`), so that the open of a
 * segment log (input-log.ts, version 4) moves its entries over and removes the file.
 *
 * Version 1 kept the batches in a WITHOUT ROWID table (tq_input_row) and left user_version 0; versions
 * 2 and 3 in the rowid table tq_input_batch (3: a BLOB entry is a batch in binary form, input-batch.ts).
 * tq_input_source keeps a source's last offset when a trim took its newest entry away. A file whose
 * user_version is above 3 is STATE_NEWER_VERSION, one with another application_id STATE_FOREIGN: both
 * are left untouched, as is every file until the segments holding its entries are written.
 */
import { existsSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StateError, fromSqlite } from './errors.js';
import { APPLICATION_ID } from './schema.js';

/** The last version of the SQLite form (PRAGMA user_version). */
export const SQLITE_INPUT_LOG_VERSION = 3;

export interface LegacyEntry {
  readonly source: string;
  readonly off: number;
  readonly entry: string | Buffer;
}

export class LegacyInputLog {
  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    private readonly table: 'tq_input_batch' | 'tq_input_row' | null,
    private readonly hasSources: boolean,
  ) {}

  /** Opens the file when there is one (null otherwise); refuses a foreign or newer one. */
  static open(path: string): LegacyInputLog | null {
    if (!existsSync(path)) return null;
    let db: Database.Database;
    try {
      // Read-write: a WAL left by a killed process is recovered into what is read.
      db = new Database(path, { timeout: 250, fileMustExist: true });
    } catch (err) {
      throw fromSqlite(err, path);
    }
    try {
      const app = db.pragma('application_id', { simple: true }) as number;
      const names = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
      if (app !== APPLICATION_ID && !(app === 0 && names.size === 0)) {
        throw new StateError('STATE_FOREIGN', `${path} is not a tumbleql input log (application_id ${app}); move it away`);
      }
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SQLITE_INPUT_LOG_VERSION) {
        throw new StateError(
          'STATE_NEWER_VERSION',
          `input log ${path} has version ${version}, but this tumbleql understands versions up to ${SQLITE_INPUT_LOG_VERSION} in this form (SQLite) ` +
            'and 4 as segment files. It was left untouched: run a newer tumbleql, or move it away (with its state file) to start fresh.',
        );
      }
      const table = names.has('tq_input_batch') ? 'tq_input_batch' : names.has('tq_input_row') ? 'tq_input_row' : null;
      return new LegacyInputLog(path, db, table, names.has('tq_input_source'));
    } catch (err) {
      db.close();
      throw fromSqlite(err, path);
    }
  }

  /** Each source's last offset as tq_input_source kept it (its entries may go further). */
  lastOffsets(): [string, number][] {
    if (!this.hasSources) return [];
    return (this.db.prepare('SELECT name, last_offset AS off FROM tq_input_source').all() as { name: string; off: number }[]).map((r) => [r.name, r.off]);
  }

  /** Every entry, by source then offset. */
  *entries(): Generator<LegacyEntry> {
    if (this.table === null) return;
    const rows = this.db.prepare(`SELECT source, off, row AS entry FROM ${this.table} ORDER BY source, off`).iterate() as IterableIterator<LegacyEntry>;
    for (const r of rows) yield r;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Closes and deletes the file with its WAL and shared-memory files. */
  remove(): void {
    this.close();
    for (const f of [this.path, `${this.path}-wal`, `${this.path}-shm`, `${this.path}-journal`]) rmSync(f, { force: true });
  }
}
