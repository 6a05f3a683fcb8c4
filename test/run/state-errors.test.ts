/**
 * A state file that cannot be used is refused through the CLI with a message that says what is wrong
 * and what to do, a non-zero exit, and not one byte written: corrupt, from a newer tumbleql, or held by
 * a live engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSync, readdirSync, statSync, writeFileSync, writeSync, closeSync, copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildCli, cli, removeDir, sha256, start, tempDir } from './helpers.js';

const JOB = `
CREATE SOURCE clicks (user_id VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'file', path = 'clicks.jsonl');
CREATE VIEW w AS SELECT user_id, window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, user_id;
`;
/** Pushed source: `run` keeps going until a signal, holding the file. */
const LIVE = `
CREATE SOURCE clicks (user_id VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW c AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id;
`;

let dir: string;
let bin: string;
/** A valid state file with some output, copied before each damage. */
let good: string;
beforeAll(() => {
  dir = tempDir();
  bin = buildCli(dir);
  const lines = [];
  for (let i = 0; i < 3000; i++) lines.push(JSON.stringify({ user_id: `u${i % 37}`, ts: 1_577_836_800_000 + i * 97 }));
  writeFileSync(join(dir, 'clicks.jsonl'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'job.sql'), JOB);
  writeFileSync(join(dir, 'live.sql'), LIVE);
  good = join(dir, 'good.db');
  const r = cli(bin, ['run', 'job.sql', '--state', good], dir);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => removeDir(dir));

/** Files next to the state file (sidecars a refused open must not create). */
function siblings(path: string): string[] {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return readdirSync(dir).filter((f) => f.startsWith(base)).sort();
}

function expectRefused(path: string, message: RegExp): void {
  const hash = sha256(path);
  const files = siblings(path);
  const mtime = statSync(path).mtimeMs;
  const run = cli(bin, ['run', 'job.sql', '--state', path, '--output', 'jsonl'], dir);
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  const log = cli(bin, ['log', 'w', '--state', path], dir);
  expect(log.status).toBe(1);
  expect(log.stderr).toMatch(message);
  expect(sha256(path)).toBe(hash);
  expect(statSync(path).mtimeMs).toBe(mtime);
  expect(siblings(path)).toEqual(files);
}

describe('tumbleql run / log on a state file they must not use', () => {
  it('refuses a file that is not a SQLite database, and leaves it as it was', () => {
    const path = join(dir, 'garbage.db');
    writeFileSync(path, 'this is not a database, but someone pointed --state at it\n'.repeat(100));
    expectRefused(path, /state file .*garbage\.db is corrupt \(not a SQLite database: bad header\)\. It was left untouched: move it away/);
  });

  it('refuses a damaged state file (pages overwritten), and leaves it as it was', () => {
    const path = join(dir, 'damaged.db');
    copyFileSync(good, path);
    const pages = Math.floor(statSync(path).size / 4096);
    expect(pages).toBeGreaterThan(3);
    const fd = openSync(path, 'r+');
    for (let p = 2; p < pages; p++) writeSync(fd, Buffer.alloc(300, 0xff), 0, 300, p * 4096 + 100);
    closeSync(fd);
    expectRefused(path, /state file .*damaged\.db is corrupt \(.*\)\. It was left untouched/s);
  });

  it('refuses a file written by a newer tumbleql, naming both versions', () => {
    const path = join(dir, 'newer.db');
    copyFileSync(good, path);
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expectRefused(path, /has schema version 99, but this tumbleql understands versions up to \d+\. It was left untouched: run a newer tumbleql/);
  });

  it('refuses a file a live engine holds, naming its pid, and the live engine carries on', async () => {
    const path = join(dir, 'live.db');
    const holder = start(bin, ['run', 'live.sql', '--state', path], dir);
    try {
      await holder.waitForStderr(' running ');
      const pid = holder.child.pid!;
      const second = cli(bin, ['run', 'live.sql', '--state', path, '--output', 'jsonl'], dir);
      expect(second.status).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toContain(`is in use by tumbleql process ${pid}`);
      const log = cli(bin, ['log', 'c', '--state', path], dir);
      expect(log.status).toBe(1);
      expect(log.stderr).toContain(`held by a running tumbleql engine (pid ${pid})`);
      expect(siblings(path)).not.toContain('live.db.printed');
      expect(JSON.parse(readFileSync(`${path}-pid`, 'utf8'))).toMatchObject({ pid });
      expect(holder.child.exitCode).toBe(null);
    } finally {
      holder.child.kill('SIGTERM');
    }
    expect(await holder.exit, holder.err()).toBe(0);
    expect(holder.err()).toContain('stopping reason=SIGTERM');
    // Released: the log can be read now (an empty one: nothing was pushed).
    const log = cli(bin, ['log', 'c', '--state', path], dir);
    expect(log.status, log.stderr).toBe(0);
    expect(log.stdout).toBe('');
  });
});
