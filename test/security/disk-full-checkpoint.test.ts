/**
 * Disk full during a periodic checkpoint (issue 12, item 8): the state file and its input log on a real
 * 4 MiB tmpfs, filled by a file of zeros. The background checkpoint fails with STATE_IO, the server keeps
 * answering and serving subscribers, inserts get STATE_IO with their id; once space returns, inserts
 * are acknowledged again, the next checkpoint writes what the failed one held, and after a crash every
 * acknowledged row is there — output log contiguous, operator state (a per-key count) exact.
 * Needs `mount -t tmpfs` (root); skipped where it is not allowed.
 */
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TumbleEngine } from '../../src/executor/index.js';
import { createEngine } from '../../src/index.js';
import { auth, startSecure } from './harness.js';
import { fillDisk, mountTmpfs, unmountTmpfs } from './tmpfs.js';

const DDL = `
CREATE SOURCE bids (auction BIGINT, pad VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket');
CREATE VIEW per_auction AS SELECT auction, COUNT(*) AS n FROM bids GROUP BY auction;
CREATE VIEW padded AS SELECT auction, pad FROM bids;`;

let dir = '';
let mounted = false;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tq-sec-fullcp-'));
  mounted = mountTmpfs(dir, '4m');
});
afterAll(() => {
  if (mounted) unmountTmpfs(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('a full disk during the periodic checkpoint', () => {
  it('keeps serving, refuses inserts with STATE_IO, and writes the failed checkpoint once space returns', async (ctx) => {
    if (!mounted) ctx.skip();
    const statePath = join(dir, 'state.db');
    // The timer never fires within the test: the periodic checkpoint is called as the timer would.
    const sec = await startSecure({}, { statePath, checkpointIntervalMs: 3_600_000 }, DDL);
    const engine = sec.engine as TumbleEngine;
    const pad = 'p'.repeat(30_000);
    const acked: number[] = [];
    let refused = 0;
    let crashed = false;
    try {
      const producer = await sec.as('admin-secret');
      const watcher = await sec.as('admin-secret');
      expect(await watcher.request({ type: 'subscribe', view: 'per_auction' })).toMatchObject({ type: 'subscribed' });
      const insert = async (i: number): Promise<Record<string, unknown>> => {
        const r = await producer.request({ type: 'insert', source: 'bids', rows: [{ auction: i % 3, pad, ts: 1000 + i }] });
        if (r['type'] === 'ack') acked.push(i);
        return r;
      };
      for (let i = 0; i < 10; i++) expect(await insert(i)).toMatchObject({ type: 'ack' });

      const filler = fillDisk(dir);
      // The checkpoint holds ten 30 KB output rows and ten count changes: it cannot be written.
      await expect(engine.checkpointInBackground()).rejects.toMatchObject({ code: 'STATE_IO' });
      // Inserts: the input log may still have a page or two; then STATE_IO, with the request's id.
      let full: Record<string, unknown> | null = null;
      for (let i = 10; i < 60 && full === null; i++) {
        const r = await insert(i);
        if (r['type'] === 'error') full = r;
      }
      expect(full).toMatchObject({ type: 'error', code: 'STATE_IO' });
      expect(full!['id']).toEqual(expect.any(String));
      refused++;
      // A second periodic checkpoint fails too, and the engine still runs.
      await expect(engine.checkpointInBackground()).rejects.toMatchObject({ code: 'STATE_IO' });
      expect(await producer.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
      expect((await fetch(`${sec.server.httpUrl}/health`, { headers: auth('admin-secret') })).status).toBe(200);
      // Subscribers are served: the live one has every acknowledged change, a new one replays them.
      await watcher.until(() => watcher.rows('per_auction').filter((r) => r.op !== '-U').length === acked.length, 'a change per acknowledged row');
      const late = await sec.as('admin-secret');
      await late.request({ type: 'subscribe', view: 'padded', from: 'earliest' });
      await late.until(() => late.rows('padded').length === acked.length, 'the padded rows replayed');

      // Space returns: inserts are acknowledged again and the next periodic checkpoint writes everything.
      unlinkSync(filler);
      const resumeAt = 100;
      for (let i = resumeAt; i < resumeAt + 5; i++) expect(await insert(i)).toMatchObject({ type: 'ack' });
      await engine.checkpointInBackground();
      await sec.server.close();
      engine.crash(); // no final checkpoint: only what the periodic one wrote survives
      crashed = true;
    } finally {
      if (!crashed) {
        await sec.server.close();
        engine.crash();
      }
    }

    expect(refused).toBe(1);
    const again = createEngine({ statePath, checkpointIntervalMs: 0 });
    try {
      again.execute(DDL);
      const padded = again.readLog('padded', 1, 1000);
      expect(padded.map((r) => r.seq)).toEqual(acked.map((_, k) => k + 1));
      expect(padded.map((r) => r.row['auction'])).toEqual(acked.map((i) => i % 3));
      // The counts' operator state includes the rows of the checkpoint that failed.
      const seen: number[] = [];
      again.subscribe('per_auction', (rows) => {
        for (const r of rows) if (r.op === '+I' || r.op === '+U') seen.push(Number(r.row['n']));
      });
      again.push('bids', [{ auction: 0, pad: 'x', ts: 5000 }]);
      expect(seen.at(-1)).toBe(acked.filter((i) => i % 3 === 0).length + 1);
    } finally {
      await again.close();
    }
  }, 60_000);
});
