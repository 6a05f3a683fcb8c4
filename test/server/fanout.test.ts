/**
 * Sharing and back-pressure over the real engine: N subscribers of a view are one engine subscription,
 * identical ad-hoc SQL is one pipeline, and a client that stops reading is dropped (SLOW_CONSUMER)
 * without stalling the engine or the other clients, then resumes by seq without loss.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect, expectContiguous, type Client } from './helpers.js';
import { bidsIn, engineSubscribers, startReal, T0, type Harness } from './real-engine.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

async function metric(name: string): Promise<number> {
  const m = await h!.server.metrics.registry.getSingleMetric(name)?.get();
  return m?.values.reduce((a, v) => a + v.value, 0) ?? 0;
}

describe('shared subscriptions', () => {
  it('gives 100 subscribers identical streams from one engine subscription', async () => {
    h = await startReal({ rateLimit: { perSecond: 1000, burst: 1000 } });
    h.insert([...bidsIn(0, 5), ...bidsIn(1, 5)]); // some history for the 'earliest' ones
    const subs = await Promise.all(Array.from({ length: 100 }, () => h!.open()));
    await Promise.all(subs.map((c, i) => c.request({ type: 'subscribe', view: 'counts', from: i % 2 === 0 ? 'earliest' : 1 })));
    for (let w = 2; w < 12; w++) h.insert(bidsIn(w, 5));
    await Promise.all(subs.map((c) => c.until(() => c.rows('counts').length === 55, '55 rows', 10_000)));
    const first = JSON.stringify(subs[0]!.rows('counts'));
    for (const c of subs) expect(JSON.stringify(c.rows('counts'))).toBe(first);
    expectContiguous(subs[0]!.rows('counts'), 1, 55);
    expect(engineSubscribers(h.engine, 'counts')).toBe(1);
    expect(await metric('tumbleql_subscribers')).toBe(100);
  });

  it('runs ad-hoc queries under a generated name and shares identical SQL until the last client cancels', async () => {
    h = await startReal();
    const a = await h.open();
    const b = await h.open();
    const qa = await a.request({ type: 'query', sql: 'SELECT auction, price FROM bids WHERE price > 10' });
    expect(qa).toMatchObject({ type: 'subscribed', view: expect.stringMatching(/^query_\d+$/), seq: 1, columns: [{ name: 'auction', type: 'BIGINT' }, { name: 'price', type: 'DOUBLE' }] });
    const view = qa['view'] as string;
    h.insert(bidsIn(1)); // price 11: both rows pass the filter
    const qb = await b.request({ type: 'query', sql: 'SELECT auction,   price\nFROM bids WHERE price > 10;' });
    expect(qb['view']).toBe(view);
    expect(h.engine.views().filter((v) => v.adhoc)).toHaveLength(1);
    h.insert([...bidsIn(0), ...bidsIn(2)]); // price 10 filtered out, price 12 in
    await a.until(() => a.rows(view).length === 4, 'query rows');
    await b.until(() => b.rows(view).length === 4, 'the joiner replays the shared output');
    expect(b.rows(view)).toEqual(a.rows(view));
    expect(a.rows(view).map((r) => r.row)).toEqual([{ auction: 1, price: 11 }, { auction: 2, price: 11 }, { auction: 1, price: 12 }, { auction: 2, price: 12 }]);
    expect(await a.request({ type: 'cancel', view })).toMatchObject({ type: 'unsubscribed', view });
    expect(h.engine.views().some((v) => v.name === view)).toBe(true); // b still reads it
    await b.request({ type: 'cancel', view });
    expect(h.engine.views().some((v) => v.name === view)).toBe(false);
  });

  it("reads an ad-hoc query's sources from where 'from' says: earliest (the retained input) or latest", async () => {
    h = await startReal();
    const a = await h.open();
    h.insert(bidsIn(1)); // before either query
    const sql = 'SELECT auction, price FROM bids';
    const early = (await a.request({ type: 'query', sql, from: 'earliest' }))['view'] as string;
    const late = (await a.request({ type: 'query', sql, from: 'latest' }))['view'] as string;
    expect(late).not.toBe(early); // one pipeline per start position
    h.insert(bidsIn(2, 1));
    await a.until(() => a.rows(early).length === 3 && a.rows(late).length === 1, 'rows of both queries');
    expect(a.rows(early).map((r) => r.row)).toEqual([{ auction: 1, price: 11 }, { auction: 2, price: 11 }, { auction: 1, price: 12 }]);
    expect(a.rows(late).map((r) => r.row)).toEqual([{ auction: 1, price: 12 }]);
  });

  it('stops an ad-hoc query when its only client disconnects', async () => {
    h = await startReal();
    const a = await h.open();
    const { view } = (await a.request({ type: 'query', sql: 'SELECT auction FROM bids' })) as { view: string };
    expect(h.engine.views().some((v) => v.name === view)).toBe(true);
    a.ws.terminate();
    await a.closed();
    const deadline = Date.now() + 2000;
    while (h.engine.views().some((v) => v.name === view) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(h.engine.views().some((v) => v.name === view)).toBe(false);
  });
});

describe('slow consumers', () => {
  it('drops a client that stops reading while the engine and others carry on; it resumes without loss', async () => {
    h = await startReal({ maxBufferedBytes: 128 * 1024 });
    const fast = await h.open();
    const slow = await h.open();
    await fast.request({ type: 'subscribe', view: 'pass', from: 'earliest' });
    await slow.request({ type: 'subscribe', view: 'pass', from: 'earliest' });
    const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();

    // Insert until the server gives up on the paused client (kernel buffers absorb the first MBs).
    let pushed = 0;
    const batch = () => Array.from({ length: 1000 }, () => ({ auction: ++pushed, price: 2.5, ts: T0 + pushed }));
    for (let round = 0; round < 400 && (await metric('tumbleql_ws_slow_consumers_dropped_total')) === 0; round++) {
      h.insert(batch());
      await new Promise((r) => setTimeout(r, 1)); // lets the fast client drain
    }
    expect(await metric('tumbleql_ws_slow_consumers_dropped_total')).toBe(1);
    h.insert(batch()); // the engine carries on after the drop
    await fast.until(() => fast.rows('pass').length === pushed, 'the fast client got every row', 20_000);
    expectContiguous(fast.rows('pass'), 1, pushed);

    // Within the grace period: what was in flight (MBs in kernel buffers, slow to drain on a loaded
    // machine), then the error, then the close.
    socket.resume();
    const err = await slow.waitFor((m) => m['type'] === 'error', 'SLOW_CONSUMER', 30_000);
    expect(await slow.closed(5000)).toBe(1013);
    const got = slow.rows('pass');
    expectContiguous(got, 1, got.length);
    expect(err).toMatchObject({ code: 'SLOW_CONSUMER', resume: { pass: got.length + 1 } });

    const again: Client = await connect(h.server.url);
    await again.request({ type: 'subscribe', view: 'pass', from: got.length + 1 });
    await again.until(() => got.length + again.rows('pass').length === pushed, 'the resumed stream', 20_000);
    expectContiguous([...got, ...again.rows('pass')], 1, pushed);
    again.ws.terminate();
  }, 120_000);
});
