/**
 * Errors of the state store. Every failure a user can cause or meet (a file from a newer tumbleql, a
 * corrupt or foreign file, a second engine on the same file, an edited view whose saved state no longer
 * fits) is a `StateError` with a stable `code` and a message that names the file or view and says what
 * to do. SQLite's own errors are translated at the store's boundary by `fromSqlite`, so callers never
 * have to know SQLite's codes.
 */

export type StateErrorCode =
  /** The file was written by a newer schema version than this build understands; it is left untouched. */
  | 'STATE_NEWER_VERSION'
  /** The file is not a database, or SQLite found damage in it; it is left untouched. */
  | 'STATE_CORRUPT'
  /** A valid SQLite database that is not a tumbleql state file; it is left untouched. */
  | 'STATE_FOREIGN'
  /** Another live process (or connection) holds the file. */
  | 'STATE_LOCKED'
  /** A view's definition changed and its saved state no longer fits; `--reset <view>` discards it. */
  | 'STATE_MISMATCH'
  /** A read-only open of a file that does not exist. */
  | 'STATE_NOT_FOUND'
  /** A write through a store opened with `readonly: true`. */
  | 'STATE_READONLY'
  /** Disk full, permission denied, I/O failure. */
  | 'STATE_IO'
  /** The store was used after `close()`. */
  | 'STATE_CLOSED'
  /** A caller broke the store's contract (unregistered operator, seq gap, bad value); nothing was written. */
  | 'STATE_INVALID';

export class StateError extends Error {
  constructor(
    readonly code: StateErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StateError';
  }
}

/** better-sqlite3's SqliteError carries SQLite's extended code as text ('SQLITE_BUSY', 'SQLITE_IOERR_LOCK'). */
function sqliteCode(err: unknown): string | undefined {
  if (err instanceof Error && typeof (err as { code?: unknown }).code === 'string') {
    const code = (err as unknown as { code: string }).code;
    return code.startsWith('SQLITE_') ? code : undefined;
  }
  return undefined;
}

export function isBusy(err: unknown): boolean {
  const code = sqliteCode(err);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export function isCorrupt(err: unknown): boolean {
  const code = sqliteCode(err);
  return code !== undefined && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

export function corruptMessage(path: string, detail: string): string {
  return (
    `state file ${path} is corrupt (${detail}). It was left untouched: move it away ` +
    `(e.g. mv ${path} ${path}.corrupt) to start with empty state, or restore it from a backup.`
  );
}

/**
 * Translates an error thrown by SQLite into a StateError; anything else (including StateErrors and
 * programming errors) is returned unchanged so it propagates as is.
 */
export function fromSqlite(err: unknown, path: string): unknown {
  if (err instanceof StateError) return err;
  const code = sqliteCode(err);
  if (code === undefined) return err;
  const detail = (err as Error).message;
  if (isCorrupt(err)) return new StateError('STATE_CORRUPT', corruptMessage(path, detail), { cause: err });
  if (isBusy(err)) {
    return new StateError('STATE_LOCKED', `state file ${path} is locked by another process (${detail})`, { cause: err });
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new StateError('STATE_READONLY', `state file ${path} is read-only here (${detail})`, { cause: err });
  }
  if (code === 'SQLITE_FULL') {
    return new StateError('STATE_IO', `state file ${path}: the disk is full; nothing was written (${detail})`, { cause: err });
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return new StateError('STATE_IO', `state file ${path}: I/O error (${code}: ${detail})`, { cause: err });
  }
  return err;
}
