/**
 * Opening a state file safely. The order matters: nothing is written to the file until it has been
 * identified as ours (or fresh), at a version we understand, and undamaged. A refused file is closed
 * without a single write, so a corrupt, foreign or newer file stays byte-for-byte as it was.
 *
 *   1. header bytes        not "SQLite format 3\0"          → STATE_CORRUPT (SQLite never opens it)
 *   2. locking_mode        EXCLUSIVE (no I/O yet)
 *   3. first read          SQLITE_BUSY → STATE_LOCKED; NOTADB/CORRUPT → STATE_CORRUPT
 *   4. identity, version   foreign application_id → STATE_FOREIGN; user_version too new → STATE_NEWER_VERSION
 *   0. the WAL beside it   a 0-byte or missing main file next to a non-empty WAL, or a damaged WAL (a
 *                          frame failing its checksum with commits after it) → STATE_CORRUPT, before SQLite
 *                          sees either (it would delete the WAL, or silently drop those commits):
 *                          src/security/state-file.ts
 *   5. quick_check         anything but 'ok' → STATE_CORRUPT
 *   5b. internal tables    one dropped by hand → STATE_CORRUPT naming it (not "no such table" later)
 *   6. WAL, synchronous, migrations, then a write that takes the exclusive lock for the process lifetime
 *
 * Durability (why WAL + synchronous=NORMAL is the default): in WAL mode a commit appends its pages to
 * the -wal file with write(2) before returning; with NORMAL it does not fsync. The data is then in the
 * kernel's page cache, which outlives the process, so a checkpoint whose commit() returned survives
 * kill -9, a crash or the OOM killer: that is the exactly-once promise (state, offsets and output move
 * together, and the input log acknowledges only what it has written). Power loss or a kernel panic can
 * lose the last commits but never tears one (WAL frames are checksummed, recovery stops at the last
 * complete commit), so the file always restarts at some consistent checkpoint. `synchronous: 'FULL'`
 * fsyncs the WAL on every commit and extends the promise to power loss (~1-10 ms per commit on SSDs).
 *
 * Why locking_mode=EXCLUSIVE and not a lock row or BEGIN EXCLUSIVE: in WAL mode readers and writers of
 * other processes coexist, so a transaction-scoped lock guards nothing between transactions. EXCLUSIVE
 * locking mode keeps SQLite's own POSIX lock on the file from the first write until close, so a second
 * engine on the same file (another process, or another connection in this one) fails at open. The
 * kernel drops the lock when the holder dies, so a kill -9 never leaves a stale lock behind; the
 * `<file>-pid` sidecar only exists to name the holder in the error message. Side effect: no other
 * process can read the file while an engine runs it (inspect a running engine through the engine).
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { StateError, corruptMessage, fromSqlite, isBusy } from './errors.js';
import { verifyOutputBlocks } from './output-table.js';
import { APPLICATION_ID, READABLE_VERSION, SCHEMA_VERSION, migrate, readHeader } from './schema.js';
import type { OpenOptions } from './types.js';
import { walProblem } from '../../security/state-file.js';

const SQLITE_MAGIC = 'SQLite format 3\0';
/** The WAL is truncated back to this after a checkpoint, so one huge commit does not leave a huge file. */
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;
/**
 * SQLite's page cache for the state file (KiB). It fills up and stays full: a checkpoint's output (100 MB
 * for a second of a 100k-row-per-second view) streams through it, so at 64 MiB it was mostly output pages
 * never read again, and it evicted the state's own B-tree pages all the same (100k keys: 8 MB). 16 MiB
 * holds such a state between commits that write little output; re-reading it from the OS's cache
 * otherwise costs a few ms of the commit thread (bench/HISTORY.md, "Peak RSS over run length: the durable path").
 */
export const DEFAULT_CACHE_KIB = 16 * 1024;

export interface OpenedDatabase {
  readonly db: Database.Database;
  readonly memory: boolean;
  /** Closes the connection (checkpointing the WAL into the file) and removes our pid sidecar. */
  release(): void;
}

export function isMemoryPath(path: string): boolean {
  return path === ':memory:' || path === '';
}

export function openDatabase(path: string, opts: OpenOptions): OpenedDatabase {
  const memory = isMemoryPath(path);
  const readonly = opts.readonly === true;
  if (memory && readonly) throw new StateError('STATE_INVALID', 'an in-memory state store cannot be read-only');
  if (!memory) checkFileBeforeOpen(path, readonly);

  // A read-only connection cannot use EXCLUSIVE locking (it needs a write lock), so reading a WAL-mode
  // file makes SQLite create -wal and -shm files next to it and, unable to checkpoint, leave them there.
  // Those it created for nothing are removed again at close, so `tumbleql log` leaves no trace.
  const tidy = readonly && !memory ? readerSidecars(path) : () => {};
  let db: Database.Database;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly, timeout: opts.lockTimeoutMs ?? 250 });
  } catch (err) {
    tidy();
    throw fromSqlite(err, path);
  }
  try {
    // No I/O: only changes how the locks taken by the first read/write are held (until close).
    if (!memory && !readonly) db.pragma('locking_mode = EXCLUSIVE');
    const header = readHeader(db);
    if (header.userVersion > SCHEMA_VERSION) {
      throw new StateError(
        'STATE_NEWER_VERSION',
        `state file ${path} has schema version ${header.userVersion}, but this tumbleql understands versions up to ` +
          `${SCHEMA_VERSION}. It was left untouched: run a newer tumbleql, or move the file away to start fresh.`,
      );
    }
    const fresh = header.applicationId === 0 && header.objects === 0;
    if (header.applicationId !== APPLICATION_ID && !fresh) {
      throw new StateError(
        'STATE_FOREIGN',
        `${path} is a SQLite database but not a tumbleql state file (application_id ${header.applicationId}, ` +
          `${header.objects} objects). It was left untouched: choose another state path.`,
      );
    }
    if (opts.verify !== false && !fresh) {
      quickCheck(db, path);
      if (header.userVersion >= 2) {
        const problem = verifyOutputBlocks(db);
        if (problem !== null) throw new StateError('STATE_CORRUPT', corruptMessage(path, problem));
      }
    }
    if (!fresh && header.userVersion === SCHEMA_VERSION) checkTables(db, path);
    if (readonly) {
      if (header.userVersion < READABLE_VERSION) {
        throw new StateError(
          fresh ? 'STATE_NOT_FOUND' : 'STATE_READONLY',
          fresh
            ? `state file ${path} holds no tumbleql state yet`
            : `state file ${path} has schema version ${header.userVersion}; open it read-write once to migrate it to ${SCHEMA_VERSION}`,
        );
      }
    } else {
      const now = (opts.now ?? Date.now)();
      if (!memory) {
        const mode = db.pragma('journal_mode = WAL', { simple: true });
        if (mode !== 'wal') throw new StateError('STATE_IO', `state file ${path}: could not switch to WAL mode (got ${String(mode)})`);
        db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
      }
      db.pragma(`synchronous = ${opts.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
      migrate(db, header.userVersion, now);
      if (!fresh && header.userVersion !== SCHEMA_VERSION) checkTables(db, path);
      // A write now, so the exclusive lock is held from open on, not from the first checkpoint.
      db.prepare(`INSERT OR REPLACE INTO tq_meta (key, value) VALUES ('opened', ?)`).run(
        JSON.stringify({ pid: process.pid, host: hostname(), at: now }),
      );
    }
    db.pragma(`cache_size = -${Math.max(1024, Math.floor(opts.cacheKiB ?? DEFAULT_CACHE_KIB))}`);
    // A multi-row INSERT OR REPLACE keeps a statement journal (the pages it touched, for statement
    // rollback) which spills to a temp file past 64 KiB: with random dirty keys that quintupled the bytes
    // written per checkpoint (49 MB vs 9.4 MB for 10k keys over 100k). It is scratch, never needed
    // after a crash, so memory is the right place for it.
    db.pragma('temp_store = MEMORY');
  } catch (err) {
    db.close();
    tidy();
    if (isBusy(err)) throw lockedError(path, err);
    throw fromSqlite(err, path);
  }

  const pidFile = `${path}-pid`;
  if (!memory && !readonly) writeFileSync(pidFile, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
  return {
    db,
    memory,
    release() {
      db.close();
      if (!memory && !readonly) removeOwnPidFile(pidFile);
      tidy();
    },
  };
}

/** Refuses a non-SQLite file before SQLite sees it; creates the directory of a new file. */
function checkFileBeforeOpen(path: string, readonly: boolean): void {
  const wal = walProblem(path);
  if (wal !== null) throw new StateError('STATE_CORRUPT', `state file ${path}: ${wal}`);
  if (!existsSync(path)) {
    if (readonly) throw new StateError('STATE_NOT_FOUND', `state file ${path} does not exist`);
    mkdirSync(dirname(path), { recursive: true });
    return;
  }
  const st = statSync(path);
  if (st.isDirectory()) throw new StateError('STATE_IO', `state path ${path} is a directory; give a file path such as ${path}/state.db`);
  if (st.size === 0) return; // SQLite treats an empty file as a new database.
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 16 || head.toString('latin1') !== SQLITE_MAGIC) {
    throw new StateError('STATE_CORRUPT', corruptMessage(path, 'not a SQLite database: bad header'));
  }
}

/**
 * Called before a read-only open: returns a function that, after the connection closed, removes the
 * -shm it created and the -wal it created if that is still empty. Files that were there before (a
 * crashed engine's WAL with committed checkpoints in it) are never touched. Another reader that still
 * has them open keeps working on its open descriptors, and no writer can start while it reads.
 */
function readerSidecars(path: string): () => void {
  const wal = `${path}-wal`;
  const shm = `${path}-shm`;
  const hadWal = existsSync(wal);
  const hadShm = existsSync(shm);
  return () => {
    try {
      if (!hadWal && existsSync(wal) && statSync(wal).size === 0) rmSync(wal, { force: true });
      if (!hadShm) rmSync(shm, { force: true });
    } catch {
      // Best effort: they are SQLite's scratch files, harmless if left.
    }
  };
}

function quickCheck(db: Database.Database, path: string): void {
  const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
  if (problems.length > 0) throw new StateError('STATE_CORRUPT', corruptMessage(path, problems.join('; ')));
}

let expectedTables: readonly string[] | null = null;

/** The tables this schema version has (from the migrations themselves, run once on a scratch database). */
function schemaTables(): readonly string[] {
  if (expectedTables === null) {
    const scratch = new Database(':memory:');
    try {
      migrate(scratch, 0, 0);
      expectedTables = tableNames(scratch);
    } finally {
      scratch.close();
    }
  }
  return expectedTables;
}

function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

/** A table dropped by hand (the sqlite3 shell) would surface later as a raw "no such table": say it now. */
function checkTables(db: Database.Database, path: string): void {
  const have = new Set(tableNames(db));
  const missing = schemaTables().filter((t) => !have.has(t));
  if (missing.length === 0) return;
  throw new StateError(
    'STATE_CORRUPT',
    `state file ${path} is missing its internal table${missing.length === 1 ? '' : 's'} ${missing.join(', ')} ` +
      `(dropped or renamed outside tumbleql?). It was left untouched: restore the file from a backup, or move it away to start fresh.`,
  );
}

function lockedError(path: string, cause: unknown): StateError {
  let holder = 'another process';
  try {
    const info = JSON.parse(readFileSync(`${path}-pid`, 'utf8')) as { pid?: number; host?: string; since?: string };
    if (typeof info.pid === 'number') {
      holder = isAlive(info.pid)
        ? `tumbleql process ${info.pid}${info.host !== undefined ? ` on ${info.host}` : ''}${info.since !== undefined ? ` (since ${info.since})` : ''}`
        : `another process (the pid file names ${info.pid}, which is no longer running; a tool such as the sqlite3 shell may hold the file)`;
    }
  } catch {
    // No or unreadable pid file: the holder is not a tumbleql engine, or is just starting.
  }
  return new StateError(
    'STATE_LOCKED',
    `state file ${path} is in use by ${holder}. Stop that process, or give this engine another state path.`,
    { cause },
  );
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeOwnPidFile(pidFile: string): void {
  try {
    const info = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid?: number };
    if (info.pid === process.pid) rmSync(pidFile, { force: true });
  } catch {
    // Already gone or replaced by a later owner: leave it.
  }
}
