/**
 * Writes an input log in the SQLite form versions 1–3 had (`<state>.input`), table for table as that
 * code created it (state/input-log.ts before version 4), for the tests of its migration into segments.
 */
import Database from 'better-sqlite3';
import { APPLICATION_ID } from '../../src/executor/state/schema.js';

export interface LegacyLog {
  /** 1: entries in the WITHOUT ROWID table tq_input_row, user_version left 0; 2: text only; 3: text or binary. */
  readonly version: 1 | 2 | 3;
  readonly entries: readonly { source: string; off: number; entry: string | Buffer }[];
  /** tq_input_source: a source's last offset when a trim took its newest entry away. */
  readonly lastOffsets?: Readonly<Record<string, number>>;
}

export function writeLegacyInputLog(path: string, log: LegacyLog): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS tq_input_source (
  name        TEXT PRIMARY KEY,
  last_offset INTEGER NOT NULL
) WITHOUT ROWID;`);
  if (log.version === 1) {
    db.exec('CREATE TABLE tq_input_row (source TEXT NOT NULL, off INTEGER NOT NULL, row TEXT NOT NULL, PRIMARY KEY (source, off)) WITHOUT ROWID;');
  } else {
    db.exec(`CREATE TABLE IF NOT EXISTS tq_input_batch (
  source TEXT NOT NULL,
  off    INTEGER NOT NULL,
  row    TEXT NOT NULL,
  PRIMARY KEY (source, off)
);`);
  }
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma(`user_version = ${log.version === 1 ? 0 : log.version}`);
  const insert = db.prepare(`INSERT INTO ${log.version === 1 ? 'tq_input_row' : 'tq_input_batch'} (source, off, row) VALUES (?, ?, ?)`);
  for (const e of log.entries) insert.run(e.source, e.off, e.entry);
  const setLast = db.prepare('INSERT OR REPLACE INTO tq_input_source (name, last_offset) VALUES (?, ?)');
  for (const [name, off] of Object.entries(log.lastOffsets ?? {})) setLast.run(name, off);
  db.close();
}
