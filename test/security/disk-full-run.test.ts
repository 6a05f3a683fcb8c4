/**
 * Disk full under `tumbleql run` itself (issue 12, item 8): the state file on a 4 MiB tmpfs, periodic
 * checkpoints every 100 ms. Filling the disk used to stop the process (exit 1) at the next checkpoint; now
 * it keeps serving, says so once, writes again once space returns, and stops cleanly with every
 * acknowledged row in its state file. Needs `mount -t tmpfs` (root); skipped where it is not allowed.
 */
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { StateStore } from '../../src/executor/state/index.js';
import { buildCli, removeDir, start, tempDir } from '../run/helpers.js';
import { connect } from '../server/helpers.js';
import { fillDisk, mountTmpfs, unmountTmpfs } from './tmpfs.js';

let dir = '';
let disk = '';
let bin = '';
let mounted = false;
beforeAll(() => {
  dir = tempDir('tq-sec-fullrun-');
  bin = buildCli(dir);
  disk = join(dir, 'disk');
  mkdirSync(disk);
  mounted = mountTmpfs(disk, '4m');
}, 120_000);
afterAll(() => {
  if (mounted) unmountTmpfs(disk);
  removeDir(dir);
});

describe('tumbleql run on a full disk', () => {
  it('keeps running through failed checkpoints and resumes writing when space returns', async (ctx) => {
    if (!mounted) ctx.skip();
    const sql = join(dir, 'job.sql');
    writeFileSync(sql, "CREATE SOURCE bids (auction BIGINT, pad VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket');\nCREATE VIEW padded AS SELECT auction, pad FROM bids;\n");
    const statePath = join(disk, 'state.db');
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const run = start(bin, ['run', sql, '--state', statePath, '--checkpoint-interval', '100ms', '--port', String(port), '--token', 'tok'], dir);
    // Each request's round trip, printed with the server's stderr when the test fails: a reply that does
    // not come says whether the server stalled (a long wait before it) or dropped the request.
    const trace: string[] = [];
    const t0 = performance.now();
    const stamp = (what: string): void => void trace.push(`${(performance.now() - t0).toFixed(0).padStart(6)} ms ${what}`);
    onTestFailed(() => {
      console.error(`disk-full-run trace:\n${trace.join('\n')}\nserver stderr:\n${run.err()}`);
    });
    try {
      await run.waitForStderr('running');
      const c = await connect(`ws://127.0.0.1:${port}/ws`, { authorization: 'Bearer tok' });
      const pad = 'p'.repeat(30_000);
      let acked = 0;
      const insert = async (i: number) => {
        stamp(`insert ${i} sent`);
        const r = await c.request({ type: 'insert', source: 'bids', rows: [{ auction: i, pad, ts: 1000 + i }] }, 10_000);
        stamp(`insert ${i} -> ${String(r['type'])}${r['type'] === 'error' ? ` ${String(r['code'])}: ${String(r['message'])}` : ''}`);
        if (r['type'] === 'ack') acked++;
        return r;
      };
      for (let i = 0; i < 5; i++) expect(await insert(i)).toMatchObject({ type: 'ack' });
      const filler = fillDisk(disk);
      stamp('disk full');
      for (let i = 5; i < 15; i++) await insert(i); // acked while the input log has pages, then STATE_IO
      await run.waitForStderr('a checkpoint failed');
      expect(await c.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
      unlinkSync(filler);
      stamp('space back');
      await run.waitForStderr('checkpoints are written again');
      for (let i = 15; i < 18; i++) expect(await insert(i)).toMatchObject({ type: 'ack' });
      c.close();
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      const store = StateStore.open(statePath, { readonly: true });
      try {
        const rows = store.readOutput('padded', 1, 1000);
        expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: acked }, (_, k) => k + 1));
      } finally {
        store.close();
      }
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 90_000);
});
