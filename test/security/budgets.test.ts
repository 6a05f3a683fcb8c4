/**
 * Attack 4, memory and disk bounded in bytes, not only rows: late rows and rejected inputs kept for
 * inspection are evicted oldest-first past their byte budgets (their counts stay exact), a huge late row
 * is kept as a preview, and a pushed source's input log is held within limits.input_log_bytes (a
 * checkpoint trims it; one push over the budget is refused with LIMIT_EXCEEDED and its id).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ByteBoundedList } from '../../src/security/index.js';
import { DDL, startSecure, type Sec } from './harness.js';

let sec: Sec | null = null;
let dir: string | null = null;
afterEach(async () => {
  await sec?.stop();
  sec = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

const T = Date.UTC(2026, 0, 1);

describe('byte budgets', () => {
  it('evicts the oldest entries past the byte budget and keeps the newest', () => {
    const l = new ByteBoundedList<number>(100, 1000);
    for (let i = 0; i < 50; i++) l.push(i, 10);
    expect(l.toArray()).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
    expect([l.bytes, l.evicted]).toEqual([100, 40]);
    l.push(99, 500); // larger than the budget alone: kept, everything older goes
    expect(l.toArray()).toEqual([99]);
  });

  it('keeps late rows and rejects within their byte budgets over the wire, counts exact, huge rows previewed', async () => {
    sec = await startSecure({}, { security: { limits: { lateBytes: 8 * 1024, rejectBytes: 8 * 1024 } } }, `${DDL}
      CREATE SOURCE tags (t VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket');
      CREATE VIEW tag_counts AS SELECT t, window_start, COUNT(*) AS n
        FROM TABLE(TUMBLE(TABLE tags, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY t, window_start, window_end;`);
    const c = await sec.as('admin-secret');
    const pad = 'p'.repeat(300);
    expect(await c.request({ type: 'insert', source: 'bids', rows: [{ auction: 1, price: 1, ts: T + 60_000 }] })).toMatchObject({ count: 1 });
    for (let i = 0; i < 20; i++) {
      const late = Array.from({ length: 10 }, (_, k) => ({ auction: i * 10 + k, price: 1, ts: T, pad }));
      const bad = Array.from({ length: 10 }, () => ({ auction: 'x', price: 1, ts: T, pad }));
      expect(await c.request({ type: 'insert', source: 'bids', rows: [...late, ...bad] })).toMatchObject({ count: 10 });
    }
    const stats = sec.engine.stats();
    expect(stats.views.find((v) => v.view === 'counts')!.lateRows).toBe(200); // every late row counted
    expect(stats.sources.find((s) => s.source === 'bids')!.rejected).toBe(200);
    const late = await c.request({ type: 'late', view: 'counts', limit: 1000 });
    const kept = late['rows'] as { row: { auction: number } }[];
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.length).toBeLessThan(200);
    expect(JSON.stringify(kept).length).toBeLessThan(2 * 8 * 1024);
    expect(kept[kept.length - 1]!.row.auction).toBe(199); // the newest stays
    const rejects = await c.request({ type: 'rejects', source: 'bids', limit: 1000 });
    expect((rejects['rows'] as unknown[]).length).toBeLessThan(200);
    expect(JSON.stringify(rejects['rows']).length).toBeLessThan(2 * 8 * 1024);

    const huge = { t: 'h'.repeat(200_000), ts: T };
    expect(await c.request({ type: 'insert', source: 'tags', rows: [{ t: 'a', ts: T + 60_000 }, huge] })).toMatchObject({ count: 2 });
    const last = sec.engine.lateRows('tag_counts', 1)[0]!;
    expect(String(last.row['_preview'])).toContain('more characters');
    expect(JSON.stringify(last).length).toBeLessThan(2000);
  });

  it('holds a pushed source\'s input log within its budget and refuses one push over it, with its id', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tq-budget-'));
    sec = await startSecure({}, { statePath: join(dir, 'state.db'), checkpointIntervalMs: 0, security: { limits: { inputLogBytes: 64 * 1024 } } });
    const c = await sec.as('producer-secret');
    // The log holds a batch's decoded rows (here 4 + 8 + 4 bytes a row: keys and times as offsets, prices as doubles), not the text sent.
    const rows = (n: number, from: number) => Array.from({ length: n }, (_, j) => ({ auction: from + j, price: (from + j) / 4, ts: T + from + j }));
    const before = sec.engine.stats().checkpoint?.count ?? 0;
    for (let i = 0; i < 200; i++) {
      expect(await c.request({ type: 'insert', source: 'bids', rows: rows(50, i * 50) })).toMatchObject({ type: 'ack', count: 50 });
    }
    // ~160 KB logged through a 64 KiB log: it was checkpointed (and trimmed) along the way, nothing lost.
    expect((sec.engine.stats().checkpoint?.count ?? 0) - before).toBeGreaterThanOrEqual(2);
    expect(sec.engine.stats().sources.find((s) => s.source === 'bids')!.eventsIn).toBe(10_000);
    const big = await c.request({ type: 'insert', source: 'bids', rows: rows(6_000, 0) });
    expect(big).toMatchObject({ type: 'error', code: 'LIMIT_EXCEEDED' });
    expect(String(big['message'])).toContain('limits.input_log_bytes');
    expect(await c.request({ type: 'insert', source: 'bids', rows: [{ auction: 2, price: 1, ts: T }] })).toMatchObject({ type: 'ack', count: 1 });
  });
});
