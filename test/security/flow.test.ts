/**
 * Attack 9: a flood of inserts was answered with RATE_LIMITED without request ids (the inserts silently
 * dropped) and the documented 1008 close never came. Now reading pauses (backpressure) instead: every
 * request read is answered with its id, a client that does not read its replies holds a bounded amount of
 * memory, a sustained flood is closed with 1008, and HTTP ingest over budget gets 429 with Retry-After.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { auth, startSecure, type Sec } from './harness.js';

let sec: Sec | null = null;
afterEach(async () => {
  await sec?.stop();
  sec = null;
});

describe('flow control', () => {
  it('answers each of 3,000 pipelined one-row inserts with its id and loses none', async () => {
    sec = await startSecure();
    const c = await sec.as('producer-secret');
    const N = 3000;
    for (let i = 0; i < N; i++) c.send({ type: 'insert', source: 'bids', id: i, rows: [{ auction: i, price: 1, ts: 1000 + i }] });
    await c.until(() => c.messages.length >= N, 'all acks', 20_000);
    const ids = new Set(c.messages.filter((m) => m['type'] === 'ack').map((m) => m['id']));
    expect(ids.size).toBe(N);
    expect(sec.engine.stats().sources.find((s) => s.source === 'bids')!.eventsIn).toBe(N);
  });

  it('pauses a client that does not read its replies instead of buffering them without bound', async () => {
    sec = await startSecure({ maxInflightBytes: 64 * 1024 });
    const ws = new WebSocket(sec.server.url, { headers: auth('admin-secret') });
    await new Promise((r) => ws.once('open', r));
    ws.pause(); // never reads: the server's replies pile up in its send buffer
    const big = JSON.stringify({ type: 'stats' });
    for (let i = 0; i < 20_000; i++) ws.send(big);
    await new Promise((r) => setTimeout(r, 300));
    const before = sec.engine.stats().sources.length; // the engine is untouched and the server answers others
    const other = await sec.as('admin-secret');
    expect(await other.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    expect(before).toBe(2);
    ws.resume();
    // Once it reads again, every request is answered (paused, not dropped).
    let answered = 0;
    ws.on('message', () => answered++);
    const deadline = Date.now() + 20_000;
    while (answered < 20_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(20_000);
    ws.terminate();
  }, 30_000);

  it('closes a client that stays over its message rate with 1008 (the limiter reads an injected clock)', async () => {
    // The limiter's clock stands still until the test moves it: the bucket never refills by itself, so
    // how fast this machine reads the socket does not matter.
    let now = 0;
    sec = await startSecure({ rateLimit: { perSecond: 200, burst: 1000 }, floodCloseMs: 200, rateClock: { now: () => now } });
    const c = await sec.as('admin-secret');
    for (let i = 0; i < 5000; i++) c.send({ type: 'ping', id: i });
    await c.until(() => c.messages.length >= 1000, 'the burst answered', 20_000);
    // Over the rate and paused (frames already received are still answered; the rest waits in TCP), not closed.
    expect(c.closeCode).toBeNull();
    now += 300; // over the rate for longer than floodCloseMs: the connection is closed
    expect(await c.closed(20_000)).toBe(1008);
    expect(c.messages.every((m) => m['type'] === 'pong' && typeof m['id'] === 'number')).toBe(true);
  });

  it('answers HTTP ingest over the byte budget with 429 and Retry-After', async () => {
    sec = await startSecure({ maxIngestBytes: 1024 });
    const body = `${JSON.stringify({ auction: 1, price: 1, ts: 1, pad: 'x'.repeat(4000) })}\n`;
    const r = await fetch(`${sec.server.httpUrl}/sources/bids`, { method: 'POST', headers: auth('producer-secret'), body });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('1');
    const small = await fetch(`${sec.server.httpUrl}/sources/bids`, { method: 'POST', headers: auth('producer-secret'), body: '{"auction":1,"price":1,"ts":1}\n' });
    expect(small.status).toBe(200);
  });
});

describe('byte budgets', () => {
  it('keeps a bounded preview of a huge rejected row, in memory and over the wire', async () => {
    sec = await startSecure();
    const c = await sec.as('admin-secret');
    const huge = { auction: 'not a number', price: 1, ts: 1, pad: 'p'.repeat(500_000) };
    const r = await c.request({ type: 'insert', source: 'bids', rows: [huge] });
    expect(r).toMatchObject({ type: 'ack', count: 0 });
    const rej = await c.request({ type: 'rejects', source: 'bids' });
    const input = String(rej['rows'][0].input);
    expect(input.length).toBeLessThan(1200);
    expect(input).toContain('more characters');
  });

  it('refuses an HTTP body over max_body_bytes with 413', async () => {
    sec = await startSecure({ maxBodyBytes: 64 * 1024 });
    const body = `${JSON.stringify({ auction: 1, price: 1, ts: 1, pad: 'x'.repeat(100_000) })}\n`;
    const r = await fetch(`${sec.server.httpUrl}/sources/bids`, { method: 'POST', headers: auth('producer-secret'), body });
    expect(r.status).toBe(413);
  });
});
