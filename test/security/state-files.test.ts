/**
 * Attack 8, state files: a 0-byte main file next to a crashed engine's WAL was taken for a new database
 * and the WAL deleted (every checkpoint lost); a byte flipped in the WAL rolled the commits after it back
 * silently; a refused file still got an "opened" row; a dropped internal table surfaced as a raw
 * SqliteError. Now each is refused before SQLite writes anything, byte-identical, with a message that
 * says what is wrong and what to do. The WAL comes from a real process killed with SIGKILL.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateError, StateStore } from '../../src/executor/state/index.js';
import { bundleStore, killAndWait, removeDir, sha256, spawnWithStore, tempDir, waitForLine } from '../state/helpers.js';
import { startSecure } from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COMMITS = 6;

let dir: string;
/** A state file whose last COMMITS checkpoints are only in its WAL (the writer was killed with -9). */
let crashed: string;

beforeAll(async () => {
  dir = tempDir();
  crashed = join(dir, 'crashed.db');
  const child = spawnWithStore(
    bundleStore(dir),
    dir,
    `
    const s = StateStore.open(${JSON.stringify(crashed)});
    s.putCatalog({ kind: 'source', name: 'bids', sql: "CREATE SOURCE bids (a BIGINT) WITH (connector = 'websocket')" });
    for (let i = 1; i <= ${COMMITS}; i++) s.commit({ offsets: { bids: i }, output: [] });
    console.log('committed');
    setInterval(() => {}, 1000);
    `,
  );
  await waitForLine(child, 'committed');
  await killAndWait(child, 'SIGKILL');
  expect(readFileSync(`${crashed}-wal`).length).toBeGreaterThan(4096);
}, 60_000);
afterAll(() => removeDir(dir));

/** A fresh copy of the crashed file and its WAL under `name`. */
function copyCrashed(name: string): string {
  const path = join(dir, name);
  copyFileSync(crashed, path);
  copyFileSync(`${crashed}-wal`, `${path}-wal`);
  return path;
}

function refusal(fn: () => unknown): StateError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StateError) return e;
    throw e;
  }
  throw new Error('expected a StateError');
}

function hashes(path: string): string[] {
  return [path, `${path}-wal`].map((p) => (existsSync(p) ? sha256(p) : 'absent'));
}

describe('state-file safety', () => {
  it('opens a crashed engine\'s file with its WAL (the control: the checks accept a real kill -9)', async () => {
    const path = copyCrashed('ok.db');
    const s = StateStore.open(path);
    try {
      expect(s.offset('bids')).toBe(COMMITS);
    } finally {
      s.close();
    }
  });

  it('refuses a 0-byte main file next to a non-empty WAL, leaving both byte-identical', async () => {
    const path = copyCrashed('empty-main.db');
    truncateSync(path, 0);
    const before = hashes(path);
    const e = refusal(() => StateStore.open(path));
    expect(e.code).toBe('STATE_CORRUPT');
    expect(e.message).toMatch(/empty \(0 bytes\) but its write-ahead log .* holds \d+ bytes/);
    expect(e.message).toMatch(/restore the main file|move .* away to start fresh/);
    expect(hashes(path)).toEqual(before);
    // The server refuses it the same way: the engine never starts, nothing is written.
    await expect(startSecure({}, { statePath: path })).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    expect(hashes(path)).toEqual(before);
    expect(existsSync(`${path}-pid`)).toBe(false);
  });

  it('refuses a missing main file next to a WAL', () => {
    const path = copyCrashed('no-main.db');
    rmSync(path);
    const e = refusal(() => StateStore.open(path));
    expect(e.message).toContain('the state file is missing');
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a WAL with a flipped byte and commits after it, instead of rolling them back silently', () => {
    const path = copyCrashed('flipped.db');
    // Frame 1's page data (after the 32-byte WAL header and the 24-byte frame header).
    const fd = openSync(`${path}-wal`, 'r+');
    const b = Buffer.alloc(1);
    try {
      const at = 32 + 24 + 200;
      b[0] = readFileSync(`${path}-wal`)[at]! ^ 0xff;
      writeSync(fd, b, 0, 1, at);
    } finally {
      closeSync(fd);
    }
    const before = hashes(path);
    const e = refusal(() => StateStore.open(path));
    expect(e.code).toBe('STATE_CORRUPT');
    expect(e.message).toMatch(/write-ahead log .* is damaged: frame 1 of \d+ .* fails its checksum/);
    expect(e.message).toMatch(/committed transactions? follow/);
    expect(e.message).toContain('Restore both from a backup');
    expect(hashes(path)).toEqual(before);
    expect(refusal(() => StateStore.open(path, { readonly: true })).code).toBe('STATE_CORRUPT'); // `tumbleql log` too
    expect(hashes(path)).toEqual(before);
  });

  it('accepts a torn last frame (a write cut short: nothing committed is lost)', () => {
    const path = copyCrashed('torn.db');
    const wal = readFileSync(`${path}-wal`);
    writeFileSync(`${path}-wal`, wal.subarray(0, wal.length - 100));
    const s = StateStore.open(path);
    try {
      expect(s.offset('bids')).toBe(COMMITS - 1); // the last commit's frame is incomplete: it never happened
    } finally {
      s.close();
    }
  });

  it('names a dropped internal table instead of a raw SqliteError, and writes nothing', () => {
    const path = join(dir, 'dropped.db');
    StateStore.open(path).close();
    const db = new Database(path);
    db.exec('DROP TABLE tq_late');
    db.close();
    const before = hashes(path);
    const e = refusal(() => StateStore.open(path));
    expect(e.code).toBe('STATE_CORRUPT');
    expect(e.message).toContain('missing its internal table tq_late');
    expect(e.message).toContain('restore the file from a backup');
    expect(hashes(path)).toEqual(before); // no "opened" row, no migration, no WAL
  });

  it('makes `tumbleql run` exit with the message, the files untouched', () => {
    const path = copyCrashed('run.db');
    truncateSync(path, 0);
    const before = hashes(path);
    writeFileSync(join(dir, 'job.sql'), "CREATE SOURCE bids (a BIGINT) WITH (connector = 'websocket');\n");
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/tumbleql.js'), 'run', join(dir, 'job.sql'), '--state', path, '--port', '0'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('write-ahead log');
    expect(hashes(path)).toEqual(before);
  });
});
