/**
 * The engine-introspection requests over the real engine: `late`, `rejects`, `stats` and `checkpoint`
 * (what `tumbleql repl --connect` uses for \late, \rejects, \checkpoint and its status line), and how the
 * server reports a view after end of input (watermark +∞).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bidsIn, startReal, T0, type Harness } from './real-engine.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

/** Window 5's bids, then one bid for window 0: late for `counts` (window 0 has closed), fine for `pass`. */
const LATE_BID = { auction: 9, price: 1, ts: T0 + 1500 };

describe('late', () => {
  it('lists late rows, newest last, filtered by a view spelled like subscribe', async () => {
    h = await startReal();
    h.insert(bidsIn(5));
    h.insert([LATE_BID, { ...LATE_BID, auction: 10 }]);
    const c = await h.open();
    const all = await c.request({ type: 'late' });
    expect(all).toEqual({
      type: 'late_rows', id: all['id'],
      rows: [
        { view: 'counts', source: 'bids', row: { auction: 9, price: 1, ts: '2020-10-10T00:00:01.500Z' }, watermark: '2020-10-10T00:00:50.500Z' },
        { view: 'counts', source: 'bids', row: { auction: 10, price: 1, ts: '2020-10-10T00:00:01.500Z' }, watermark: '2020-10-10T00:00:50.500Z' },
      ],
    });
    expect(all['rows']).toEqual(h.engine.lateRows());
    expect((await c.request({ type: 'late', view: 'COUNTS', limit: 1 }))['rows']).toEqual([all['rows'][1]]);
    expect(await c.request({ type: 'late', view: 'pass' })).toMatchObject({ type: 'late_rows', rows: [] });
    expect(await c.request({ type: 'late', view: 'gone' })).toMatchObject({ type: 'late_rows', rows: [] });
  });
});

describe('rejects', () => {
  it('lists rejected inputs with their origin, filtered by source', async () => {
    h = await startReal();
    const c = await h.open();
    await c.request({ type: 'insert', source: 'bids', rows: [{ auction: 'one' }, ...bidsIn(0), 'not an object'] });
    await fetch(`${h.server.httpUrl}/sources/bids`, { method: 'POST', body: '{"auction":"two"}\n' });
    const reply = await c.request({ type: 'rejects', source: 'BIDS' });
    expect(reply['type']).toBe('rejected_rows');
    const rows = reply['rows'] as Record<string, unknown>[];
    expect(rows.map((r) => [r['source'], r['origin'], r['input']])).toEqual([
      ['bids', 'ws', { auction: 'one' }],
      ['bids', 'ws', 'not an object'],
      ['bids', 'http', { auction: 'two' }],
    ]);
    for (const r of rows) {
      expect(r['reason']).toEqual(expect.any(String));
      expect(new Date(String(r['at'])).toISOString()).toBe(r['at']);
    }
    expect(rows).toEqual(h.engine.rejectedRows());
    expect((await c.request({ type: 'rejects', limit: 2 }))['rows']).toEqual(rows.slice(1));
    expect(await c.request({ type: 'rejects', source: 'nope' })).toMatchObject({ rows: [] });
  });
});

describe('stats and checkpoint', () => {
  it('returns the engine counters, including ad-hoc queries and each view\'s last seq', async () => {
    h = await startReal();
    const c = await h.open();
    const q = await c.request({ type: 'query', sql: 'SELECT auction FROM bids' });
    await c.request({ type: 'insert', source: 'bids', rows: [...bidsIn(0), ...bidsIn(1), { auction: 'x' }] });
    h.insert([LATE_BID]);
    const st = await c.request({ type: 'stats' });
    expect(st).toEqual({ type: 'stats', id: st['id'], ...JSON.parse(JSON.stringify(h.engine.stats())) });
    expect(st['checkpoint']).toBeNull(); // in memory
    expect(st['sources']).toEqual([{ source: 'bids', eventsIn: 5, rejected: 1, watermark: T0 + 10_500 }]);
    expect(st['views']).toEqual(expect.arrayContaining([
      { view: 'counts', rowsOut: 2, lateRows: 1, rejectedRows: 0, watermark: T0 + 10_500, lastSeq: 2 },
      { view: 'pass', rowsOut: 5, lateRows: 0, rejectedRows: 0, watermark: T0 + 10_500, lastSeq: 5 },
      expect.objectContaining({ view: q['view'], rowsOut: 5, lastSeq: 5 }),
    ]));
  });

  it('answers checkpoint with ok (a no-op in memory)', async () => {
    h = await startReal();
    const c = await h.open();
    const ok = await c.request({ type: 'checkpoint' });
    expect(ok).toEqual({ type: 'ok', id: ok['id'] });
  });

  it('validates the new requests like the others and echoes the id on errors', async () => {
    h = await startReal();
    const c = await h.open();
    for (const bad of [
      { type: 'late', limit: 0 },
      { type: 'late', limit: 10_001 },
      { type: 'late', view: 7 },
      { type: 'rejects', source: '' },
      { type: 'rejects', limit: 1.5 },
      { type: 'checkpoint', now: true },
      { type: 'stats', view: 'counts' },
    ]) {
      expect(await c.request(bad)).toMatchObject({ type: 'error', code: 'BAD_MESSAGE', message: expect.stringContaining(`invalid ${bad.type} message`) });
    }
    expect(await c.request({ type: 'ping' })).toMatchObject({ type: 'pong' }); // the connection is fine
  });
});

describe('end of input', () => {
  it('keeps heartbeats, /views and the lag gauge working once the watermark is +∞', async () => {
    h = await startReal({ heartbeatMs: 40 });
    h.insert(bidsIn(0));
    const c = await h.open();
    await c.request({ type: 'subscribe', view: 'counts' });
    h.engine.flush();
    await c.until(() => c.rows('counts').length === 2, 'the last window');
    const after = c.messages.length;
    const beat = await c.waitFor((m) => m['type'] === 'progress', 'a heartbeat after end of input', 3000, after);
    expect(beat).toEqual({ type: 'progress', view: 'counts', watermark: null, seq: 2 });
    const res = await fetch(`${h.server.httpUrl}/views`);
    expect(res.status).toBe(200);
    const { views } = (await res.json()) as { views: Record<string, unknown>[] };
    expect(views.find((v) => v['name'] === 'counts')).toMatchObject({ watermark: null, rowsOut: 2 });
    const metrics = await (await fetch(`${h.server.httpUrl}/metrics`)).text();
    expect(metrics).not.toMatch(/^tumbleql_watermark_lag_seconds\{/m);
    // stats passes the engine's +∞ through as it is (Number.MAX_SAFE_INTEGER), like engine.stats().
    expect((await c.request({ type: 'stats' }))['sources']).toEqual([expect.objectContaining({ watermark: Number.MAX_SAFE_INTEGER })]);
  });
});

describe('constant queries over the websocket', () => {
  it('answers a query without FROM with its one row, and a VALUES query with its rows', async () => {
    h = await startReal();
    const c = await h.open();
    const q = await c.request({ type: 'query', sql: "SELECT 1 + 2 AS x, 'a' || 'b' AS s, DATE '2024-01-02' AS d, TIME '12:34:56.5' AS t" });
    expect(q).toMatchObject({ type: 'subscribed', columns: [{ name: 'x', type: 'INT' }, { name: 's', type: 'VARCHAR' }, { name: 'd', type: 'DATE' }, { name: 't', type: 'TIME' }] });
    const view = q['view'] as string;
    await c.waitFor((m) => m['type'] === 'rows' && m['view'] === view, 'the row');
    expect(c.rows(view)).toEqual([{ seq: 1, op: '+I', row: { x: 3, s: 'ab', d: '2024-01-02', t: '12:34:56.500' } }]);
    const v = await c.request({ type: 'query', sql: "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t (n, s) WHERE n > 1" });
    await c.waitFor((m) => m['type'] === 'rows' && m['view'] === v['view'], 'the VALUES rows');
    expect(c.rows(v['view'] as string)).toEqual([{ seq: 1, op: '+I', row: { n: 2, s: 'b' } }]);
  });
});
