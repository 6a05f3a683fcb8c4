/**
 * Subscription semantics against the fake engine, where replay timing and retention can be chosen:
 * from earliest / latest / seq, resume without gap or duplicate, heartbeats, ad-hoc queries.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/executor/server/index.js';
import { silentLogger } from '../../src/util/log.js';
import { FakeEngine, type FakeOptions } from './fake-engine.js';
import { connect, expectContiguous, type Client } from './helpers.js';

let server: RunningServer | null = null;
const clients: Client[] = [];

async function setup(opts: FakeOptions = {}, heartbeatMs = 60_000) {
  const engine = new FakeEngine(opts);
  engine.execute('CREATE SOURCE s; CREATE VIEW v AS SELECT * FROM s');
  server = await startServer(engine, { port: 0, heartbeatMs, logger: silentLogger, token: '' });
  const open = async () => {
    const c = await connect(server!.url);
    clients.push(c);
    return c;
  };
  const push = (from: number, to: number) => engine.push('s', Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i })));
  return { engine, open, push };
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await server?.close();
  server = null;
});

describe.each([
  ['sync replay', {}],
  ['async replay', { asyncReplay: true }],
] as const)('subscribe (%s)', (_name, opts) => {
  it('replays the retained log from earliest, then streams live rows in seq order', async () => {
    const { open, push } = await setup(opts);
    push(1, 5);
    const c = await open();
    const sub = await c.request({ type: 'subscribe', view: 'v', from: 'earliest' });
    expect(sub).toMatchObject({ type: 'subscribed', view: 'v', seq: 1 });
    await c.until(() => c.rows('v').length === 5, '5 replayed rows');
    push(6, 8);
    await c.until(() => c.rows('v').length === 8, '8 rows');
    expectContiguous(c.rows('v'), 1, 8);
    expect(c.rows('v')[5]).toEqual({ seq: 6, op: '+I', row: { id: 6 } });
    // `subscribed` comes before any row of that view
    expect(c.messages.findIndex((m) => m['type'] === 'subscribed')).toBeLessThan(c.messages.findIndex((m) => m['type'] === 'rows'));
  });

  it('from latest sends only rows emitted after subscribing and reports the next seq', async () => {
    const { open, push } = await setup(opts);
    push(1, 3);
    const c = await open();
    expect(await c.request({ type: 'subscribe', view: 'v', from: 'latest' })).toMatchObject({ seq: 4 });
    push(4, 6);
    await c.until(() => c.rows('v').length === 3, '3 rows');
    expectContiguous(c.rows('v'), 4, 6);
  });

  it('from a seq replays from that seq', async () => {
    const { open, push } = await setup(opts);
    push(1, 10);
    const c = await open();
    expect(await c.request({ type: 'subscribe', view: 'v', from: 7 })).toMatchObject({ seq: 7 });
    push(11, 12);
    await c.until(() => c.rows('v').length === 6, '6 rows');
    expectContiguous(c.rows('v'), 7, 12);
  });

  it('resumes after a reconnect with no gap and no duplicate while rows keep flowing', async () => {
    const { open, push } = await setup(opts);
    const a = await open();
    await a.request({ type: 'subscribe', view: 'v', from: 'earliest' });
    push(1, 20);
    await a.until(() => a.rows('v').length === 20, '20 rows');
    a.ws.terminate();
    push(21, 30); // emitted while disconnected
    const b = await open();
    const last = a.rows('v').at(-1)!.seq;
    await b.request({ type: 'subscribe', view: 'v', from: last + 1 });
    push(31, 40);
    await b.until(() => b.rows('v').length === 20, '20 rows after resume');
    expectContiguous([...a.rows('v'), ...b.rows('v')], 1, 40);
  });
});

describe('subscribe', () => {
  it('keeps two subscribers of the same view on one engine subscription', async () => {
    const { engine, open, push } = await setup({ asyncReplay: true });
    push(1, 3);
    const a = await open();
    const b = await open();
    await a.request({ type: 'subscribe', view: 'v', from: 'latest' });
    await b.request({ type: 'subscribe', view: 'v', from: 'earliest' });
    push(4, 4); // catch-up joins the shared channel once it reaches the live seq
    await b.until(() => b.rows('v').length === 4, 'b caught up');
    await new Promise((r) => setTimeout(r, 10));
    expect(engine.listenerCount('v')).toBe(1);
    a.close();
    b.close();
    await a.closed();
    await b.closed();
    await new Promise((r) => setTimeout(r, 20));
    expect(engine.listenerCount('v')).toBe(0);
  });

  it('resolves view names case-insensitively and answers in the canonical name', async () => {
    const { open } = await setup();
    const c = await open();
    expect(await c.request({ type: 'subscribe', view: 'V' })).toMatchObject({ type: 'subscribed', view: 'v' });
    expect(await c.request({ type: 'unsubscribe', view: 'V' })).toMatchObject({ type: 'unsubscribed', view: 'v' });
  });

  it('delivers from the oldest retained row when the requested seq has aged out of the log', async () => {
    const { open, push } = await setup({ retain: 5 });
    push(1, 20);
    const c = await open();
    await c.request({ type: 'subscribe', view: 'v', from: 3 });
    await c.until(() => c.rows('v').length === 5, 'retained rows');
    expectContiguous(c.rows('v'), 16, 20);
  });

  it('sends progress heartbeats while a view is idle and stops after unsubscribe', async () => {
    const { engine, open, push } = await setup({}, 40);
    engine.advanceWatermark('s', Date.UTC(2020, 9, 10, 0, 0, 5));
    push(1, 2);
    const c = await open();
    await c.request({ type: 'subscribe', view: 'v', from: 'earliest' });
    const p = await c.waitFor((m) => m['type'] === 'progress', 'progress');
    expect(p).toEqual({ type: 'progress', view: 'v', watermark: '2020-10-10T00:00:05.000Z', seq: 2 });
    await c.request({ type: 'unsubscribe', view: 'v' });
    const n = c.messages.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(c.messages.slice(n).filter((m) => m['type'] === 'progress')).toEqual([]);
  });

  it('re-subscribing on the same connection moves the position instead of duplicating the stream', async () => {
    const { open, push } = await setup();
    push(1, 5);
    const c = await open();
    await c.request({ type: 'subscribe', view: 'v', from: 'earliest' });
    await c.until(() => c.rows('v').length === 5, '5 rows');
    await c.request({ type: 'subscribe', view: 'v', from: 4 });
    push(6, 6);
    await c.until(() => c.rows('v').length === 8, 'replayed 4,5 then 6');
    expect(c.rows('v').map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 4, 5, 6]);
  });
});

describe('ad-hoc query', () => {
  it('streams rows under a generated name until cancel, then drops the query', async () => {
    const { engine, open, push } = await setup();
    const c = await open();
    const sub = await c.request({ type: 'query', sql: 'SELECT * FROM s' });
    expect(sub).toMatchObject({ type: 'subscribed', view: 'q1', seq: 1, columns: [{ name: 'id', type: 'BIGINT' }] });
    push(1, 3);
    await c.until(() => c.rows('q1').length === 3, 'query rows');
    expect(await c.request({ type: 'cancel', view: 'q1' })).toMatchObject({ type: 'unsubscribed', view: 'q1' });
    expect(engine.vws.has('q1')).toBe(false);
  });

  it('shares one pipeline between identical SQL (whitespace-normalized) and drops it when the last client leaves', async () => {
    const { engine, open, push } = await setup();
    const a = await open();
    const b = await open();
    const qa = await a.request({ type: 'query', sql: 'SELECT * FROM s' });
    push(1, 2);
    const qb = await b.request({ type: 'query', sql: '  SELECT   *\n  FROM s ;' });
    expect(qb['view']).toBe(qa['view']);
    expect([...engine.vws.values()].filter((v) => v.adhoc)).toHaveLength(1);
    push(3, 3);
    await b.until(() => b.rows(qa['view']).length === 3, 'joiner replays the shared output');
    await a.until(() => a.rows(qa['view']).length === 3, 'creator gets the live row');
    expect(b.rows(qa['view'])).toEqual(a.rows(qa['view']));
    a.ws.terminate();
    await new Promise((r) => setTimeout(r, 50));
    expect(engine.vws.has(qa['view'])).toBe(true); // b still follows it
    b.ws.terminate();
    await new Promise((r) => setTimeout(r, 50));
    expect(engine.vws.has(qa['view'])).toBe(false);
  });
});
