/**
 * Shared fan-out and slow consumers. The fake engine counts its listeners, which proves N subscribers
 * cost one engine subscription; the real-engine versions of these tests live in server-real.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/executor/server/index.js';
import { silentLogger } from '../../src/util/log.js';
import { FakeEngine } from './fake-engine.js';
import { connect, expectContiguous, type Client } from './helpers.js';

let server: RunningServer | null = null;
const clients: Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await server?.close();
  server = null;
});

async function metric(s: RunningServer, name: string): Promise<number> {
  const m = await s.metrics.registry.getSingleMetric(name)?.get();
  return m?.values.reduce((a, v) => a + v.value, 0) ?? 0;
}

describe('shared subscriptions', () => {
  it('fans one engine subscription out to 100 subscribers who all get identical streams', async () => {
    const engine = new FakeEngine();
    engine.execute('CREATE SOURCE s; CREATE VIEW v AS SELECT * FROM s');
    server = await startServer(engine, { port: 0, logger: silentLogger, token: '', rateLimit: { perSecond: 1000, burst: 1000 } });
    const subs = await Promise.all(Array.from({ length: 100 }, () => connect(server!.url)));
    clients.push(...subs);
    await Promise.all(subs.map((c, i) => c.request({ type: 'subscribe', view: 'v', from: i % 2 === 0 ? 'latest' : 'earliest' })));
    expect(engine.listenerCount('v')).toBe(1);
    for (let b = 0; b < 20; b++) engine.push('s', Array.from({ length: 50 }, (_, i) => ({ id: b * 50 + i })));
    await Promise.all(subs.map((c) => c.until(() => c.rows('v').length === 1000, '1000 rows', 10_000)));
    const first = JSON.stringify(subs[0]!.rows('v'));
    for (const c of subs) expect(JSON.stringify(c.rows('v'))).toBe(first);
    expectContiguous(subs[0]!.rows('v'), 1, 1000);
    expect(await metric(server, 'tumbleql_subscribers')).toBe(100);
  });
});

describe('slow consumers', () => {
  it('paces a replay much larger than the send budget instead of dropping the client', async () => {
    const engine = new FakeEngine({ retain: 1_000_000 });
    engine.execute('CREATE SOURCE s; CREATE VIEW v AS SELECT * FROM s');
    const pad = 'y'.repeat(100);
    for (let b = 0; b < 40; b++) engine.push('s', Array.from({ length: 1000 }, (_, i) => ({ id: b * 1000 + i, pad }))); // ~5 MB
    server = await startServer(engine, { port: 0, logger: silentLogger, token: '', maxBufferedBytes: 256 * 1024 });
    const c = await connect(server.url);
    clients.push(c);
    await c.request({ type: 'subscribe', view: 'v', from: 'earliest' });
    for (let b = 40; b < 50; b++) engine.push('s', Array.from({ length: 1000 }, (_, i) => ({ id: b * 1000 + i, pad }))); // live, mid-replay
    await c.until(() => c.rows('v').length === 50_000, 'whole log then live rows', 30_000);
    expectContiguous(c.rows('v'), 1, 50_000);
    expect(c.closeCode).toBeNull();
    expect(await metric(server, 'tumbleql_ws_slow_consumers_dropped_total')).toBe(0);
    engine.push('s', [{ id: 'live' }]); // and it is on the shared channel now
    await c.until(() => c.rows('v').length === 50_001, 'live row');
    expect(engine.listenerCount('v')).toBe(1);
  }, 60_000);

  it('drops a client that stops reading with SLOW_CONSUMER while others keep streaming; it resumes without loss', async () => {
    const engine = new FakeEngine();
    engine.execute('CREATE SOURCE s; CREATE VIEW v AS SELECT * FROM s');
    server = await startServer(engine, { port: 0, logger: silentLogger, token: '', maxBufferedBytes: 256 * 1024 });
    const fast = await connect(server.url);
    const slow = await connect(server.url);
    clients.push(fast, slow);
    await fast.request({ type: 'subscribe', view: 'v', from: 'earliest' });
    await slow.request({ type: 'subscribe', view: 'v', from: 'earliest' });
    const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();

    // Push until the server gives up on the paused client (kernel buffers absorb the first few MB).
    const pad = 'x'.repeat(200);
    let pushed = 0;
    for (let round = 0; round < 400 && (await metric(server, 'tumbleql_ws_slow_consumers_dropped_total')) === 0; round++) {
      engine.push('s', Array.from({ length: 500 }, () => ({ id: ++pushed, pad })));
      await new Promise((r) => setTimeout(r, 1)); // let the fast client drain
    }
    expect(await metric(server, 'tumbleql_ws_slow_consumers_dropped_total')).toBe(1);
    engine.push('s', [{ id: ++pushed, pad }]); // the engine carries on after the drop
    await fast.until(() => fast.rows('v').length === pushed, 'fast client got every row', 20_000);
    expectContiguous(fast.rows('v'), 1, pushed);

    socket.resume(); // read what was in flight, then the error and the close
    const err = await slow.waitFor((m) => m['type'] === 'error', 'SLOW_CONSUMER', 10_000);
    expect(err).toMatchObject({ code: 'SLOW_CONSUMER' });
    expect(await slow.closed(5000)).toBe(1013);
    const got = slow.rows('v');
    expectContiguous(got, 1, got.length);
    expect(err['resume']).toEqual({ v: got.length + 1 });

    const again = await connect(server.url);
    clients.push(again);
    await again.request({ type: 'subscribe', view: 'v', from: got.length + 1 });
    await again.until(() => got.length + again.rows('v').length === pushed, 'resumed stream', 20_000);
    expectContiguous([...got, ...again.rows('v')], 1, pushed);
  }, 60_000);
});
