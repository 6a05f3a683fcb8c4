/**
 * Subscribing over the real engine: TUMBLE results from earliest / latest / a seq, resume after a
 * reconnect, heartbeats, and replays larger than a client's send budget.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectContiguous } from './helpers.js';
import { bidsIn, engineSubscribers, startReal, T0, type Harness } from './real-engine.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

describe('subscribe', () => {
  it('streams TUMBLE results from earliest, latest and a seq, each in seq order', async () => {
    h = await startReal();
    h.insert([...bidsIn(0), ...bidsIn(1)]); // fires window 0: seqs 1, 2
    const earliest = await h.open();
    const latest = await h.open();
    const fromSeq = await h.open();
    expect(await earliest.request({ type: 'subscribe', view: 'counts', from: 'earliest' })).toMatchObject({ type: 'subscribed', view: 'counts', seq: 1 });
    expect(await latest.request({ type: 'subscribe', view: 'counts', from: 'latest' })).toMatchObject({ seq: 3 });
    expect(await fromSeq.request({ type: 'subscribe', view: 'counts', from: 2 })).toMatchObject({ seq: 2 });
    h.insert(bidsIn(2)); // fires window 1: seqs 3, 4
    await earliest.until(() => earliest.rows('counts').length === 4, 'earliest rows');
    await latest.until(() => latest.rows('counts').length === 2, 'latest rows');
    await fromSeq.until(() => fromSeq.rows('counts').length === 3, 'from-seq rows');
    expectContiguous(earliest.rows('counts'), 1, 4);
    expectContiguous(latest.rows('counts'), 3, 4);
    expectContiguous(fromSeq.rows('counts'), 2, 4);
    expect(earliest.rows('counts')[0]).toEqual({
      seq: 1, op: '+I',
      row: { auction: 1, window_start: '2020-10-10T00:00:00.000Z', window_end: '2020-10-10T00:00:10.000Z', bids: 1, top: 10 },
    });
    // `subscribed` precedes the replayed rows
    expect(earliest.messages.findIndex((m) => m['type'] === 'subscribed')).toBeLessThan(earliest.messages.findIndex((m) => m['type'] === 'rows'));
  });

  it('resumes after a reconnect with no gap and no duplicate while windows keep firing', async () => {
    h = await startReal();
    const a = await h.open();
    await a.request({ type: 'subscribe', view: 'counts', from: 'earliest' });
    for (let w = 0; w < 5; w++) h.insert(bidsIn(w, 3));
    await a.until(() => a.rows('counts').length === 12, 'four windows × 3 auctions');
    a.ws.terminate();
    for (let w = 5; w < 8; w++) h.insert(bidsIn(w, 3)); // fired while nobody listens
    const b = await h.open();
    await b.request({ type: 'subscribe', view: 'counts', from: a.rows('counts').at(-1)!.seq + 1 });
    h.insert(bidsIn(8, 3));
    await b.until(() => b.rows('counts').length === 12, 'the rest');
    expectContiguous([...a.rows('counts'), ...b.rows('counts')], 1, 24);
  });

  it('resolves view names case-insensitively and answers with the canonical name', async () => {
    h = await startReal();
    const c = await h.open();
    expect(await c.request({ type: 'subscribe', view: 'COUNTS' })).toMatchObject({ type: 'subscribed', view: 'counts' });
    expect(await c.request({ type: 'unsubscribe', view: 'Counts' })).toMatchObject({ type: 'unsubscribed', view: 'counts' });
    expect(engineSubscribers(h.engine, 'counts')).toBe(0);
  });

  it('moves the position when a connection subscribes again, without a second stream', async () => {
    h = await startReal();
    h.insert([...bidsIn(0), ...bidsIn(1), ...bidsIn(2)]); // seqs 1..4
    const c = await h.open();
    await c.request({ type: 'subscribe', view: 'counts', from: 'earliest' });
    await c.until(() => c.rows('counts').length === 4, '4 rows');
    await c.request({ type: 'subscribe', view: 'counts', from: 3 });
    h.insert(bidsIn(3)); // seqs 5, 6
    await c.until(() => c.rows('counts').length === 8, 'replayed 3, 4 then 5, 6');
    expect(c.rows('counts').map((r) => r.seq)).toEqual([1, 2, 3, 4, 3, 4, 5, 6]);
    expect(engineSubscribers(h.engine, 'counts')).toBe(1);
  });

  it('sends progress heartbeats with the watermark while a view is idle, and none after unsubscribe', async () => {
    h = await startReal({ heartbeatMs: 40 });
    h.insert([...bidsIn(0), ...bidsIn(1)]);
    const c = await h.open();
    await c.request({ type: 'subscribe', view: 'counts', from: 'earliest' });
    const p = await c.waitFor((m) => m['type'] === 'progress', 'progress');
    expect(p).toEqual({ type: 'progress', view: 'counts', watermark: '2020-10-10T00:00:10.500Z', seq: 2 });
    await c.request({ type: 'unsubscribe', view: 'counts' });
    const n = c.messages.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(c.messages.slice(n).filter((m) => m['type'] === 'progress')).toEqual([]);
  });

  it('paces a replay far larger than the send budget instead of dropping the client', async () => {
    // In memory the log keeps what retainOutput says (10k by default); this replay needs all 50k.
    h = await startReal({ maxBufferedBytes: 128 * 1024 }, { retainOutput: 100_000 });
    const batch = (b: number) => Array.from({ length: 1000 }, (_, i) => ({ auction: b * 1000 + i, price: 1.25, ts: T0 + b }));
    for (let b = 0; b < 40; b++) h.insert(batch(b)); // 40k rows ≈ 1.5 MB of JSON in the log
    const c = await h.open();
    await c.request({ type: 'subscribe', view: 'pass', from: 'earliest' });
    for (let b = 40; b < 50; b++) h.insert(batch(b)); // live rows during the replay
    await c.until(() => c.rows('pass').length === 50_000, 'log then live rows', 30_000);
    expectContiguous(c.rows('pass'), 1, 50_000);
    expect(c.closeCode).toBeNull();
    h.insert(batch(50));
    await c.until(() => c.rows('pass').length === 51_000, 'on the shared channel now');
    expect(engineSubscribers(h.engine, 'pass')).toBe(1);
  }, 60_000);
});
