/**
 * The replay → live hand-over under conditions the real engine does not produce: listeners called in
 * either order, and a log that lags far behind the emitted rows so most of the catch-up comes from the
 * tail subscription while live rows keep arriving and the client's budget forces pacing.
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

describe.each([
  ['channel first', false],
  ['tail first', true],
])('hand-over from replay to live (%s)', (_name, reverseListeners) => {
  it('delivers every row exactly once while live rows arrive during a paced catch-up', async () => {
    const engine = new FakeEngine({ reverseListeners, committedSeq: 3000 });
    engine.execute('CREATE SOURCE s; CREATE VIEW v AS SELECT * FROM s');
    const pad = 'z'.repeat(100);
    const push = (from: number, n: number) => engine.push('s', Array.from({ length: n }, (_, i) => ({ id: from + i, pad })));
    push(1, 20_000);
    server = await startServer(engine, { port: 0, logger: silentLogger, token: '', maxBufferedBytes: 64 * 1024 });
    const early = await connect(server.url); // on the shared channel before the others catch up
    const late = await connect(server.url);
    const resumer = await connect(server.url);
    clients.push(early, late, resumer);
    await early.request({ type: 'subscribe', view: 'v', from: 'latest' });
    await late.request({ type: 'subscribe', view: 'v', from: 'earliest' });
    await resumer.request({ type: 'subscribe', view: 'v', from: 15_000 });
    for (let b = 0; b < 20; b++) {
      push(20_001 + b * 100, 100);
      await new Promise((r) => setTimeout(r, 2));
    }
    await late.until(() => late.rows('v').length === 22_000, 'all rows', 30_000);
    await resumer.until(() => resumer.rows('v').length === 7001, 'rows from 15000', 30_000);
    await early.until(() => early.rows('v').length === 2000, 'live rows', 30_000);
    expectContiguous(late.rows('v'), 1, 22_000);
    expectContiguous(resumer.rows('v'), 15_000, 22_000);
    expectContiguous(early.rows('v'), 20_001, 22_000);
    push(22_001, 1);
    await late.until(() => late.rows('v').length === 22_001, 'one more');
    expect(engine.listenerCount('v')).toBe(1); // everyone ended up on the shared channel
  }, 60_000);
});
