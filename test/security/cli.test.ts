/**
 * The command-line side of docs/security.md, driving the real `tumbleql` in child processes:
 * `state list/drop` and `run --skip` remove a poisoned object without deleting the state file; SIGTERM stops
 * the server within seconds; `run` refuses a non-loopback server without a token; file roots default to
 * the config's directory; `server.tokens` takes ${ENV} values.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateStore } from '../../src/executor/state/index.js';
import { buildCli, cli, removeDir, start, tempDir } from '../run/helpers.js';
import { connect } from '../server/helpers.js';

let dir: string;
let bin: string;
beforeAll(() => {
  dir = tempDir('tq-sec-cli-');
  bin = buildCli(dir);
}, 120_000);
afterAll(() => removeDir(dir));

function poisoned(name: string): string {
  const path = join(dir, `${name}.db`);
  const store = StateStore.open(path);
  store.putCatalog({ kind: 'source', name: 'ok', sql: "CREATE SOURCE ok (x BIGINT) WITH (connector = 'websocket')" });
  store.putCatalog({ kind: 'source', name: 'boom', sql: "CREATE SOURCE boom (x BIGINT) WITH (connector = 'datagen', rows_per_second = '1e9')" });
  store.close();
  return path;
}

describe('tumbleql state', () => {
  it('lists the catalog and drops one object, leaving the rest of the file', () => {
    const path = poisoned('drop');
    const list = cli(bin, ['state', 'list', '--state', path], dir);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('source\tboom\t');
    const drop = cli(bin, ['state', 'drop', 'boom', '--state', path], dir);
    expect(drop.status).toBe(0);
    expect(drop.stderr).toContain("dropped source 'boom'");
    expect(cli(bin, ['state', 'list', '--state', path], dir).stdout.trim().split('\n').map((l) => l.split('\t')[1])).toEqual(['ok']);
    const missing = cli(bin, ['state', 'drop', 'nope', '--state', path], dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("no source or view named 'nope'");
    expect(cli(bin, ['state', 'list', '--state', join(dir, 'absent.db')], dir).status).toBe(1);
  });
});

describe('tumbleql run', () => {
  it('--skip starts without a named object, keeps it in the file, and SIGTERM stops within seconds', async () => {
    const path = poisoned('skip');
    const sql = join(dir, 'skip.sql');
    writeFileSync(sql, "CREATE SOURCE ok (x BIGINT) WITH (connector = 'websocket');\nCREATE SOURCE side (x BIGINT) WITH (connector = 'websocket');\n");
    const run = start(bin, ['run', sql, '--state', path, '--skip', 'boom', '--skip', 'side'], dir);
    await run.waitForStderr('running');
    expect(run.err()).toMatch(/sources=ok\b/);
    const t0 = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000); // a bound on shutdown, not a speed measurement
    const store = StateStore.open(path, { readonly: true });
    expect(store.listCatalog().map((c) => c.name).sort()).toEqual(['boom', 'ok']);
    store.close();
  }, 30_000);

  it('without --skip a poisoned object is skipped loudly and the job still starts', async () => {
    const path = poisoned('loud');
    const sql = join(dir, 'loud.sql');
    writeFileSync(sql, "CREATE SOURCE ok (x BIGINT) WITH (connector = 'websocket');\n");
    const run = start(bin, ['run', sql, '--state', path], dir);
    await run.waitForStderr('running');
    expect(run.err()).toContain("cannot restore source 'boom'");
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  }, 30_000);

  it('refuses a server on 0.0.0.0 without a token', () => {
    const cfg = join(dir, 'open.yaml');
    writeFileSync(cfg, `server: { host: 0.0.0.0, port: 0 }\nstate: { path: ':memory:' }\nsql: "CREATE SOURCE s (x BIGINT) WITH (connector = 'websocket')"\n`);
    const r = cli(bin, ['run', cfg], dir, 30_000);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('refusing to listen on 0.0.0.0 without a token');
  });

  it('reads file sources under the config directory only, and takes role tokens from ${ENV}', async () => {
    const app = join(dir, 'app-cfg');
    mkdirSync(join(app, 'data'), { recursive: true });
    writeFileSync(join(app, 'data', 'in.jsonl'), '{"x":1}\n');
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const yaml = (path: string) =>
      `server:\n  port: ${port}\n  tokens:\n    - { name: ops, token: \${TQ_SEC_TEST_TOKEN}, role: admin }\nstate: { path: ':memory:' }\n` +
      `sql: "CREATE SOURCE f (x BIGINT) WITH (connector = 'file', path = '${path}', follow = 'true')"\n`;
    const env = { ...process.env, TQ_SEC_TEST_TOKEN: 'from-env' };
    writeFileSync(join(app, 'outside.yaml'), yaml('/etc/passwd'));
    const refused = spawnSync(process.execPath, [bin, 'run', join(app, 'outside.yaml')], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('FILE_NOT_ALLOWED');
    expect(refused.stderr).toContain('outside the allowed file roots');
    writeFileSync(join(app, 'inside.yaml'), yaml('data/in.jsonl'));
    const child = spawn(process.execPath, [bin, 'run', join(app, 'inside.yaml')], { cwd: app, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const deadline = Date.now() + 20_000;
    while (!err.includes('running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(err).toContain('running');
    const c = await connect(`ws://127.0.0.1:${port}/ws`, { authorization: 'Bearer from-env' });
    expect(await c.request({ type: 'stats' })).toMatchObject({ type: 'stats' });
    c.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.on('close', r));
  }, 60_000);
});
