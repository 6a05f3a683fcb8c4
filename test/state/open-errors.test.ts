/**
 * A state file that cannot be used is refused with a clear error and left exactly as it was: same
 * bytes, and no -wal/-shm/-pid files appear next to it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_VERSION, StateError, StateStore } from '../../src/executor/state/index.js';
import { removeDir, sha256, tempDir } from './helpers.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = join(dir, 'state.db');
});
afterEach(() => removeDir(dir));

/** Opens `file` expecting a StateError; asserts the file and its directory are unchanged. */
function expectRefused(code: string): StateError {
  const before = sha256(file);
  const listing = readdirSync(dir).sort();
  let err: unknown;
  try {
    StateStore.open(file).close();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(StateError);
  expect((err as StateError).code).toBe(code);
  expect(sha256(file)).toBe(before);
  expect(readdirSync(dir).sort()).toEqual(listing);
  return err as StateError;
}

function writeRealState(keys: number): void {
  const s = StateStore.open(file);
  s.registerOperators('v', ['op']);
  s.commit({ operators: [{ id: 'op', upserts: Array.from({ length: keys }, (_, i) => [`key${i}`, 'v'.repeat(200)] as const) }] });
  s.close();
}

describe('refusing unusable state files', () => {
  it('refuses a file of garbage bytes as STATE_CORRUPT, naming the file and suggesting to move it', () => {
    writeFileSync(file, randomBytes(8192));
    const err = expectRefused('STATE_CORRUPT');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/move it away/);
  });

  it('refuses a garbage file that starts with the SQLite header', () => {
    writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0'), randomBytes(8192)]));
    expectRefused('STATE_CORRUPT');
  });

  it('refuses a real state file truncated in the middle of a page', () => {
    writeRealState(2000);
    const size = statSync(file).size;
    truncateSync(file, Math.floor(size / 2) + 1234);
    const err = expectRefused('STATE_CORRUPT');
    expect(err.message).toContain(file);
  });

  it('refuses a file written by a newer schema version, naming both versions', () => {
    writeRealState(10);
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 98}`);
    db.close();
    const err = expectRefused('STATE_NEWER_VERSION');
    expect(err.message).toContain(`schema version ${SCHEMA_VERSION + 98}`);
    expect(err.message).toContain(`up to ${SCHEMA_VERSION}`);
  });

  it('refuses a SQLite database that is not a tumbleql state file', () => {
    const db = new Database(file);
    db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'a')");
    db.close();
    expectRefused('STATE_FOREIGN');
  });

  it('refuses a directory given as the state path', () => {
    expect(() => StateStore.open(dir)).toThrow(expect.objectContaining({ code: 'STATE_IO' }));
  });

  it('accepts an empty file as a new state file and records the schema version', () => {
    writeFileSync(file, '');
    StateStore.open(file).close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
