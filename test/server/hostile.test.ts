/**
 * Hostile and broken input against the real engine: every case gets an `error` with a code or a clean
 * close, the server keeps running and other clients are unaffected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import type { ServerOptions } from '../../src/executor/server/index.js';
import { upgradeStatus } from './helpers.js';
import { bidsIn, startReal, type Harness } from './real-engine.js';

let h: Harness | null = null;

async function setup(options: Partial<ServerOptions> = {}) {
  h = await startReal(options);
  const c = await h.open();
  const bystander = await h.open();
  await bystander.request({ type: 'subscribe', view: 'pass' });
  const engine = h.engine;
  /** The bystander still streams: the failure stayed inside one request or one client. */
  const stillFine = async () => {
    const n = bystander.rows('pass').length;
    engine.push('bids', bidsIn(0, 1));
    await bystander.until(() => bystander.rows('pass').length === n + 1, 'bystander row');
  };
  return { engine, c, stillFine, server: h.server };
}

afterEach(async () => {
  await h?.stop();
  h = null;
});

const bad = (m: Record<string, unknown>) => m['type'] === 'error';

describe('hostile input', () => {
  it.each([
    ['malformed JSON', '{"type":"subscribe",', /malformed JSON/],
    ['a JSON array', '[1,2]', /JSON object/],
    ['a bare number', '42', /JSON object/],
    ['no type', '{"view":"pass"}', /missing "type"/],
    ['an unknown type', '{"type":"drop_everything","id":7}', /unknown message type 'drop_everything'/],
    ['subscribe without view', '{"type":"subscribe"}', /"view"/],
    ['a bad from', '{"type":"subscribe","view":"pass","from":"yesterday"}', /"from"/],
    ['insert rows not an array', '{"type":"insert","source":"bids","rows":{"auction":1}}', /"rows"/],
    ['a misspelt field', '{"type":"subscribe","view":"pass","form":"earliest"}', /form/],
    ['execute with a number for sql', '{"type":"execute","sql":5}', /"sql"/],
  ])('answers %s with BAD_MESSAGE and keeps the connection', async (_name, frame, pattern) => {
    const { c, stillFine } = await setup();
    c.send(frame);
    const err = await c.waitFor(bad, 'error');
    expect(err['code']).toBe('BAD_MESSAGE');
    expect(err['message']).toMatch(pattern);
    expect(await c.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    await stillFine();
  });

  it('echoes the request id on errors', async () => {
    const { c } = await setup();
    expect(await c.request({ type: 'subscribe', view: 'nope' })).toMatchObject({ type: 'error', code: 'UNKNOWN_VIEW' });
    expect(await c.request({ type: 'insert', source: 'nope', rows: [] })).toMatchObject({ code: 'UNKNOWN_SOURCE' });
    expect(await c.request({ type: 'unsubscribe', view: 'pass' })).toMatchObject({ code: 'NOT_SUBSCRIBED' });
    expect(await c.request({ type: 'cancel', view: 'q9' })).toMatchObject({ code: 'UNKNOWN_VIEW' });
  });

  it('rejects binary frames', async () => {
    const { c } = await setup();
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await c.waitFor(bad)).toMatchObject({ code: 'BAD_MESSAGE', message: expect.stringMatching(/binary/) });
  });

  it('closes with 1009 on a frame over maxPayload and leaves other clients alone', async () => {
    const { c, stillFine } = await setup({ maxPayload: 1024 });
    c.send({ type: 'insert', source: 'bids', rows: [{ auction: 'x'.repeat(4096) }] });
    expect(await c.closed()).toBe(1009);
    await stillFine();
  });

  it('closes with 1007 on invalid UTF-8 in a text frame', async () => {
    const { c, stillFine } = await setup();
    c.ws.send(Buffer.from([0xff, 0xfe, 0x7b]), { binary: false });
    expect(await c.closed()).toBe(1007);
    await stillFine();
  });

  it('runs DDL with execute and inserts with per-row errors that do not poison the batch', async () => {
    const { c } = await setup();
    expect(await c.request({ type: 'execute', sql: 'CREATE VIEW cheap AS SELECT auction FROM bids WHERE price < 5' })).toMatchObject({
      type: 'ok',
      results: [{ kind: 'created_view', name: 'cheap' }],
    });
    const ack = await c.request({ type: 'insert', source: 'BIDS', rows: [bidsIn(0, 1)[0], { auction: 'x', ts: 'never' }, 'text', bidsIn(1, 1)[0]] });
    expect(ack).toMatchObject({ type: 'ack', count: 2, offset: 2, errors: [{ index: 1, reason: expect.any(String) }, { index: 2, reason: expect.any(String) }] });
  });

  it('reports SQL errors with code, line and column', async () => {
    const { c } = await setup();
    expect(await c.request({ type: 'execute', sql: 'CREATE VIEW x AS\nSELEC auction FROM bids' })).toMatchObject({ type: 'error', code: 'SQL_SYNTAX', line: 2, column: 1 });
    expect(await c.request({ type: 'execute', sql: 'CREATE VIEW x AS SELECT prce FROM bids' })).toMatchObject({ code: 'UNKNOWN_COLUMN', line: 1, column: 25 });
    expect(await c.request({ type: 'query', sql: 'SELECT nope FROM bids' })).toMatchObject({ code: 'UNKNOWN_COLUMN', line: 1, column: 8 });
    expect(await c.request({ type: 'query', sql: 'SELECT * FROM nowhere' })).toMatchObject({ type: 'error', line: 1, column: 15 });
    expect(await c.request({ type: 'execute', sql: 'SELECT * FROM bids' })).toMatchObject({ code: 'BAD_MESSAGE' });
    expect(await c.request({ type: 'query', sql: 'CREATE SOURCE t (a INT)' })).toMatchObject({ code: 'BAD_MESSAGE' });
    expect(h!.engine.views().filter((v) => v.adhoc)).toEqual([]); // failed queries leave nothing behind
  });

  it('caps subscriptions per connection', async () => {
    const { c, engine } = await setup({ maxSubscriptions: 3 });
    for (let i = 0; i < 5; i++) engine.execute(`CREATE VIEW w${i} AS SELECT auction FROM bids`);
    for (let i = 0; i < 3; i++) expect(await c.request({ type: 'subscribe', view: `w${i}` })).toMatchObject({ type: 'subscribed' });
    expect(await c.request({ type: 'subscribe', view: 'w3' })).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS' });
    expect(await c.request({ type: 'query', sql: 'SELECT auction FROM bids' })).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS' });
    expect(await c.request({ type: 'subscribe', view: 'w0', from: 'earliest' })).toMatchObject({ type: 'subscribed' }); // re-subscribe is fine
  });

  it('paces a subscribe/unsubscribe flood (answering every message it reads) and closes a sustained one with 1008', async () => {
    let now = 0; // the rate limiter's clock: moved by the test only
    const { c, stillFine } = await setup({ rateLimit: { perSecond: 100, burst: 400 }, floodCloseMs: 300, rateClock: { now: () => now } });
    for (let i = 0; i < 500; i++) {
      c.send({ type: 'subscribe', view: 'pass', from: 'earliest', id: `s${i}` });
      c.send({ type: 'unsubscribe', view: 'pass', id: `u${i}` });
    }
    const replies = () => c.messages.filter((m) => m['type'] !== 'rows' && m['type'] !== 'progress');
    await c.until(() => replies().length >= 400, 'the burst answered', 20_000);
    expect(c.closeCode).toBeNull(); // paced, not closed: the clock has not moved
    now += 400;
    expect(await c.closed(20_000)).toBe(1008);
    expect(replies().every((m) => typeof m['id'] === 'string')).toBe(true); // paced, never dropped unanswered
    await stillFine();
  });

  it('turns an engine exception into INTERNAL for that request only', async () => {
    const { c, engine, stillFine } = await setup();
    const push = engine.push;
    engine.push = () => {
      throw new TypeError('boom');
    };
    expect(await c.request({ type: 'insert', source: 'bids', rows: bidsIn(0) })).toMatchObject({ code: 'INTERNAL', message: 'boom' });
    expect(await c.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    engine.push = push;
    await stillFine();
  });

  it('refuses upgrades on other paths with 404 and survives garbage on the TCP port', async () => {
    const { stillFine } = await setup();
    expect(await upgradeStatus(h!.server.url.replace('/ws', '/other'))).toBe(404);
    const sock = net.connect(h!.server.port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    sock.write('GARBAGE \x00\x01\r\n\r\n');
    await new Promise((r) => setTimeout(r, 50));
    sock.destroy();
    await stillFine();
  });

  it('says 1001 going-away to every client on close', async () => {
    const { c, server } = await setup();
    const closing = server.close();
    expect(await c.closed()).toBe(1001);
    await closing;
    expect((await fetch(`${server.httpUrl}/health`).catch((e: Error) => e)) instanceof Error).toBe(true); // port closed
  });
});
