/**
 * The state file's schema and its migrations.
 *
 * Identity and version live in the SQLite header, not in a table, so they can be read before anything
 * else and without trusting the rest of the file:
 *   - `PRAGMA application_id` = APPLICATION_ID marks a tumbleql state file (0 = fresh/empty file);
 *   - `PRAGMA user_version`   = schema version. Both are written inside the migration's transaction,
 *     so a crash mid-migration leaves the old version and the old tables.
 *
 * Migrations are table-driven: MIGRATIONS[i] takes version i to i + 1. To change the schema, append a
 * migration (never edit a released one) and bump nothing else: SCHEMA_VERSION follows the table.
 *
 * Table layout choices (v1), for size and speed of checkpoints:
 *   - Operators, views and input sources get small integer ids (tq_operator, tq_view, tq_source); the big
 *     tables (state, output, input) repeat only that integer per row, not a name.
 *   - Big tables are WITHOUT ROWID with the natural composite key, so an upsert or a range read is one
 *     B-tree descent, and keys adjacent in order (e.g. one window's groups) share pages.
 *   - `k` and `v` in tq_state and `value` in tq_offset have no declared type, hence no affinity: a string
 *     key stays TEXT and a number stays a number (so '1' and 1 round-trip distinctly), and a value is
 *     TEXT (JSON) or BLOB (a Buffer) as written; the storage class tells the codec which it is.
 *   - The output log (v2) is stored in blocks of rows (tq_output_block, see output-block.ts); from v3 a
 *     block may hold its rows in binary form (a BLOB in `rows`, see output-batch.ts).
 *   - tq_view.last_seq is the high-water mark of a view's output log. It survives retention trimming,
 *     `resetView` and `dropCatalog`, so a seq number is never handed out twice for the same view name and
 *     a subscriber resuming by seq can never receive a different row under a number it has seen.
 */
import type Database from 'better-sqlite3';

/** 'TQL1' as a big-endian int32: marks a tumbleql state file in the SQLite header. */
export const APPLICATION_ID = 0x54514c31;

export interface Migration {
  /** The version this migration produces. */
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

const V1 = `
CREATE TABLE tq_meta (
  key   TEXT PRIMARY KEY,
  value
) WITHOUT ROWID;

CREATE TABLE tq_migration (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  INTEGER NOT NULL
);

-- DDL of sources and views in creation order (seq), so a restart re-creates them in an order that
-- satisfies their dependencies.
CREATE TABLE tq_catalog (
  seq         INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('source', 'view')),
  name        TEXT NOT NULL,
  sql         TEXT NOT NULL,
  fingerprint TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  UNIQUE (kind, name)
);

CREATE TABLE tq_view (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  fingerprint TEXT,
  last_seq    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tq_operator (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL UNIQUE,
  view_id INTEGER NOT NULL REFERENCES tq_view (id)
);
CREATE INDEX tq_operator_by_view ON tq_operator (view_id);

CREATE TABLE tq_state (
  op INTEGER NOT NULL,
  k  NOT NULL,
  v  NOT NULL,
  PRIMARY KEY (op, k)
) WITHOUT ROWID;

CREATE TABLE tq_output (
  view INTEGER NOT NULL,
  seq  INTEGER NOT NULL,
  op   TEXT NOT NULL,
  row  TEXT NOT NULL,
  at   INTEGER NOT NULL,
  PRIMARY KEY (view, seq)
) WITHOUT ROWID;

CREATE TABLE tq_source (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  last_offset INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tq_input (
  source INTEGER NOT NULL,
  off    INTEGER NOT NULL,
  row    TEXT NOT NULL,
  PRIMARY KEY (source, off)
) WITHOUT ROWID;

CREATE TABLE tq_offset (
  source TEXT PRIMARY KEY,
  value  NOT NULL
) WITHOUT ROWID;

CREATE TABLE tq_late (
  id        INTEGER PRIMARY KEY,
  view      TEXT NOT NULL,
  source    TEXT NOT NULL,
  row       TEXT NOT NULL,
  watermark NUMERIC,
  at        INTEGER NOT NULL
);
CREATE INDEX tq_late_by_view ON tq_late (view, id);

CREATE TABLE tq_rejected (
  id     INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  origin TEXT NOT NULL,
  reason TEXT NOT NULL,
  input  TEXT NOT NULL,
  at     INTEGER NOT NULL
);
CREATE INDEX tq_rejected_by_source ON tq_rejected (source, id);
`;

/**
 * v2: the output log in blocks of rows (state/output-block.ts), one SQLite row per block instead of one
 * per output row. A rowid table (blocks are large; WITHOUT ROWID suits small rows) with (view, seq)
 * unique, where seq is the block's first seq; `crc` is the CRC-32 of its rows and ops, checked on every
 * read and at open (page checks do not see into a large block's overflow pages). Rows of a v1 file
 * become blocks of one row each, without a crc (SQL has no CRC-32; their pages are small B-tree cells
 * that quick_check reads).
 */
const V2 = `
CREATE TABLE tq_output_block (
  id    INTEGER PRIMARY KEY,
  view  INTEGER NOT NULL,
  seq   INTEGER NOT NULL,
  n     INTEGER NOT NULL CHECK (n >= 1),
  bytes INTEGER NOT NULL,
  ops   TEXT,
  rows  TEXT NOT NULL,
  crc   INTEGER,
  at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX tq_output_block_by_seq ON tq_output_block (view, seq);
INSERT INTO tq_output_block (view, seq, n, bytes, ops, rows, at)
  SELECT view, seq, 1, octet_length(row), CASE WHEN op = '+I' THEN NULL ELSE op END, replace(row, char(10), ' '), at
  FROM tq_output ORDER BY view, seq;
DROP TABLE tq_output;
`;

/**
 * v4: operator state of the tables that say so (window groups: TUMBLE windows, HOP and CUMULATE panes
 * and cycles) in runs of a namespace, one row per namespace and checkpoint (state/state-runs.ts) instead
 * of one per group. A rowid table (a run is large) indexed by (op, ns): a namespace's runs are one
 * index range, read in rowid order — the order they were written in, as a new rowid is always above
 * every rowid in the table — and deleted whole. `epoch` is the checkpoint's, for inspection (two
 * checkpoints carried over into one transaction write two runs under one epoch). Rows of a v3 file stay in tq_state, read as
 * they are; a namespace's are folded into the first run written for it.
 */
const V4 = `
CREATE TABLE tq_state_run (
  id    INTEGER PRIMARY KEY,
  op    INTEGER NOT NULL,
  ns    TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  n     INTEGER NOT NULL,
  data  BLOB NOT NULL,
  crc   INTEGER NOT NULL
);
CREATE INDEX tq_state_run_by_ns ON tq_state_run (op, ns);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'catalog, operator state, output and input logs, offsets, late and rejected rows', sql: V1 },
  { version: 2, description: 'output log in blocks of rows', sql: V2 },
  // No table changes: a block's `rows` may now be a BLOB, its rows in binary form (output-batch.ts). The
  // version tells an older tumbleql, which would take such a block for damage, to refuse the file.
  { version: 3, description: 'output blocks in binary form', sql: '-- a BLOB in tq_output_block.rows: rows in binary form' },
  { version: 4, description: 'window state in runs of a namespace', sql: V4 },
];

/**
 * The oldest version a read-only open (`tumbleql log`) reads as it is: version 2 differs from 3 only in
 * what version 3 may add (binary blocks), and 3 from 4 in a table version 4 may add (state runs, read
 * as empty when missing), so neither needs a migration to be read.
 */
export const READABLE_VERSION = 2;

export const SCHEMA_VERSION: number = MIGRATIONS.length;

export interface Header {
  readonly applicationId: number;
  readonly userVersion: number;
  /** Number of objects in sqlite_schema: 0 for a fresh file. */
  readonly objects: number;
}

/** Reads identity and version. This is the first read of the file, so it is where NOTADB/BUSY surface. */
export function readHeader(db: Database.Database): Header {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  return { applicationId, userVersion, objects };
}

/**
 * Brings the schema from `from` to SCHEMA_VERSION, one transaction per step, recording each step in
 * tq_migration. The caller has already refused files newer than SCHEMA_VERSION and foreign files.
 */
export function migrate(db: Database.Database, from: number, now: number): void {
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO tq_migration (version, description, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.description,
        now,
      );
      // Pragmas take no bound parameters; both values are integers from this module.
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
