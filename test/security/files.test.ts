/**
 * Attack 1: any SQL client could read any file the server can (/etc/passwd through `rejects`,
 * /proc/self/environ leaking the token). File sources now read regular files under the configured roots
 * only, and SQL that arrives over the network may name files only with a token that has `files: true`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSourcePath, openSourceFile } from '../../src/security/index.js';
import { createEngine } from '../../src/index.js';
import { startSecure, type Sec } from './harness.js';

const fileSource = (name: string, path: string, extra = '') =>
  `CREATE SOURCE ${name} (line VARCHAR, ts TIMESTAMP(3)) WITH (connector = 'file', path = '${path}'${extra})`;

let dir: string;
let root: string;
let sec: Sec;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tq-sec-files-'));
  root = join(dir, 'data');
  mkdirSync(root);
  writeFileSync(join(root, 'ok.jsonl'), '{"line":"a","ts":1}\n');
  writeFileSync(join(root, 'bad.jsonl'), `${'x'.repeat(100_000)}\n{"line":"fine","ts":2}\n`);
  writeFileSync(join(root, 'long.jsonl'), `{"line":"${'y'.repeat(5000)}","ts":1}\n{"line":"short","ts":2}\n`);
  symlinkSync('/etc/passwd', join(root, 'passwd-link'));
  execFileSync('mkfifo', [join(root, 'fifo')]);
  sec = await startSecure(
    { tokens: [{ name: 'ops', token: 'admin-secret', role: 'admin' }, { name: 'loader', token: 'files-secret', role: 'admin', files: true }] },
    { security: { fileRoots: [root] } },
  );
});

afterAll(async () => {
  await sec.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('file sources named over the network', () => {
  it('refuses /etc/passwd from an admin token without files, with the request id and a place', async () => {
    const c = await sec.as('admin-secret');
    const r = await c.request({ type: 'execute', sql: fileSource('f', '/etc/passwd') });
    expect(r).toMatchObject({ type: 'error', code: 'FILE_NOT_ALLOWED', line: 1, column: 1 });
    expect(sec.engine.sources().map((s) => s.name)).not.toContain('f');
    const rej = await c.request({ type: 'rejects' });
    expect(JSON.stringify(rej)).not.toContain('root:x:0:0');
  });

  it('refuses a path inside the root too when the token may not name files', async () => {
    const c = await sec.as('admin-secret');
    expect(await c.request({ type: 'execute', sql: fileSource('f', join(root, 'ok.jsonl')) })).toMatchObject({ code: 'FILE_NOT_ALLOWED' });
  });

  it.each([
    ['/etc/passwd', 'outside the allowed file roots'],
    ['/proc/self/environ', 'in /proc'],
    ['/dev/zero', 'in /dev'],
    ['passwd-link', 'resolves to /etc/passwd'],
    ['fifo', 'is a FIFO, not a regular file'],
    ['.', 'is a directory'],
  ])('with files: true still refuses %s (%s)', async (path, why) => {
    const c = await sec.as('files-secret');
    const full = path.startsWith('/') ? path : join(root, path);
    const r = await c.request({ type: 'execute', sql: fileSource('g', full) });
    expect(r).toMatchObject({ type: 'error', code: 'FILE_NOT_ALLOWED' });
    expect(r['message']).toContain(why);
  });

  it('with files: true reads a regular file under a root', async () => {
    const c = await sec.as('files-secret');
    expect(await c.request({ type: 'execute', sql: fileSource('okf', join(root, 'ok.jsonl')) })).toMatchObject({ type: 'ok' });
  });
});

describe('reading files', () => {
  it('keeps a bounded preview of a bad line, never the whole line', async () => {
    const e = createEngine({ security: { fileRoots: [root] } });
    e.execute(fileSource('b', join(root, 'bad.jsonl')));
    e.start();
    await e.idle();
    const [rej] = e.rejectedRows('b');
    expect(rej!.reason).toContain('invalid JSON');
    expect(String(rej!.input).length).toBeLessThan(1200);
    expect(String(rej!.input)).toContain('more characters');
    await e.close();
  });

  it('rejects a line over max_line_bytes and goes on with the next', async () => {
    const e = createEngine({ security: { fileRoots: [root] } });
    const rows: unknown[] = [];
    e.execute(`${fileSource('l', join(root, 'long.jsonl'), ", max_line_bytes = '1000'")}; CREATE VIEW lv AS SELECT line FROM l`);
    e.subscribe('lv', (r) => rows.push(...r.map((x) => x.row)));
    e.start();
    await e.idle();
    expect(e.rejectedRows('l')[0]!.reason).toContain('longer than 1000 bytes');
    expect(rows).toEqual([{ line: 'short' }]);
    await e.close();
  });

  it('refuses max_line_bytes above limits.line_bytes at CREATE', () => {
    const e = createEngine({ security: { fileRoots: [root], limits: { lineBytes: 4096 } } });
    expect(() => e.execute(fileSource('l', join(root, 'ok.jsonl'), ", max_line_bytes = '1000000'"))).toThrow(/limits.line_bytes/);
  });

  it('re-checks at open: a file swapped for a FIFO or a link out of the root after CREATE is not read', () => {
    expect(() => openSourceFile(join(root, 'fifo'), [root])).toThrow(/FIFO/);
    expect(() => openSourceFile(join(root, 'passwd-link'), [root])).toThrow(/outside the allowed file roots/);
    expect(checkSourcePath(join(root, 'ok.jsonl'), [root]).ok).toBe(true);
    expect(checkSourcePath(join(root, 'not-yet.jsonl'), [root]).ok).toBe(true); // a followed file created later
    expect(checkSourcePath(join(root, 'ok.jsonl'), []).ok).toBe(false);
  });
});
