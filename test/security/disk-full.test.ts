/**
 * Disk full (issue 12, item 8, the part done): the state file on a 2 MiB tmpfs. Inserts that cannot be
 * written are answered with STATE_IO and their id (not INTERNAL), HTTP ingest with 503 STATE_IO and
 * Retry-After, and the server keeps answering. Needs `mount -t tmpfs` (root); skipped where it is not allowed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startSecure, type Sec } from './harness.js';
import { fillDisk, mountTmpfs, unmountTmpfs } from './tmpfs.js';

let dir = '';
let mounted = false;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tq-sec-full-'));
  mounted = mountTmpfs(dir, '2m');
});
afterAll(() => {
  if (mounted) unmountTmpfs(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('a full disk', () => {
  it('answers inserts with STATE_IO and their id, and keeps serving', async (ctx) => {
    if (!mounted) ctx.skip();
    const sec: Sec = await startSecure({}, { statePath: join(dir, 'state.db'), checkpointIntervalMs: 0 });
    try {
      const c = await sec.as('producer-secret');
      const pad = 'x'.repeat(20_000);
      expect(await c.request({ type: 'insert', source: 'bids', rows: [{ auction: 0, price: 1, ts: 1000, pad }] })).toMatchObject({ type: 'ack', count: 1 });
      // The source keeps no `pad` column: a logged batch is a few dozen bytes, so the disk is filled here
      // (the input log's last page may still take a few appends).
      fillDisk(dir);
      let full: Record<string, unknown> | null = null;
      for (let i = 1; i < 400 && full === null; i++) {
        const r = await c.request({ type: 'insert', source: 'bids', rows: [{ auction: i, price: 1, ts: 1000 + i, pad }] });
        if (r['type'] === 'error') full = r;
        else expect(r).toMatchObject({ type: 'ack', count: 1 });
      }
      expect(full).toMatchObject({ code: 'STATE_IO' });
      expect(String(full!['message'])).toContain('disk is full');
      const http = await fetch(`${sec.server.httpUrl}/sources/bids`, { method: 'POST', headers: auth('producer-secret'), body: `${JSON.stringify({ auction: 1, price: 1, ts: 1, pad })}\n` });
      expect(http.status).toBe(503);
      expect(http.headers.get('retry-after')).toBe('5');
      expect(await c.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
      expect((await fetch(`${sec.server.httpUrl}/health`, { headers: auth('admin-secret') })).status).toBe(200);
    } finally {
      await sec.server.close();
      try {
        await sec.engine.close();
      } catch {
        // the final checkpoint cannot be written either: expected here
      }
    }
  }, 30_000);
});
