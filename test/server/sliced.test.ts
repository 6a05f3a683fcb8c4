/**
 * The server in front of an engine that fires windows in slices (`sliceRows`), with a state file: inserts
 * over a real websocket are acknowledged while a large window is still firing, the subscriber receives
 * every row once, in seq order, exactly as an engine firing at once computes them, and the durable log
 * (frames built from its row JSON) holds the same rows. A burst of inserts beyond the backlog bound that
 * arrives during a firing runs ahead of it (runtime/pacer.ts) and is acknowledged before the window is out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/index.js';
import type { OutputRow } from '../../src/executor/api.js';
import { startServer, type RunningServer } from '../../src/executor/server/index.js';
import { ROWS_PER_MESSAGE } from '../../src/executor/server/follower.js';
import { silentLogger } from '../../src/util/log.js';
import { connect, expectContiguous, type Client } from './helpers.js';
import { DDL, T0 } from './real-engine.js';

const AUCTIONS = 3000;
/** Window w: every auction bids once (its watermark fires window w − 1: AUCTIONS rows). */
const window = (w: number) => Array.from({ length: AUCTIONS }, (_, i) => ({ auction: i + 1, price: w + i / 10, ts: T0 + w * 10_000 + 1500 }));

let dir = '';
let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A server over a durable engine firing in chunks of 50 rows, with a subscriber and a producer connected. */
async function slicedServer(checkpointIntervalMs: number, maxBufferedMb: number, sliceRows = 50): Promise<{ engine: Engine; sub: Client; prod: Client }> {
  dir = mkdtempSync(join(tmpdir(), 'tumbleql-sliced-'));
  const engine: Engine = createEngine({ statePath: join(dir, 'state.db'), checkpointIntervalMs, sliceRows });
  engine.execute(DDL);
  const server: RunningServer = await startServer(engine, { port: 0, logger: silentLogger, token: '', maxBufferedBytes: maxBufferedMb * 1024 * 1024 });
  const clients: Client[] = [];
  cleanup = async () => {
    for (const c of clients) c.ws.terminate();
    await server.close();
    await engine.close();
  };
  const sub = await connect(server.url);
  const prod = await connect(server.url);
  clients.push(sub, prod);
  return { engine, sub, prod };
}

describe('a server whose engine fires windows in slices', () => {
  it('acknowledges inserts during a firing and delivers every row once, in order, as firing at once would', { timeout: 60_000 }, async () => {
    const { engine, sub, prod } = await slicedServer(20, 64);
    await sub.request({ type: 'subscribe', view: 'counts', from: 'earliest' });

    const reference = createEngine();
    reference.execute(DDL);
    const expected: OutputRow[] = [];
    reference.subscribe('counts', (rows) => expected.push(...rows));

    const WINDOWS = 6;
    for (let w = 0; w < WINDOWS; w++) {
      reference.push('bids', window(w));
      // One insert per window, sent back to back (the server coalesces what one socket read holds):
      // they are acknowledged while earlier windows' 3,000 rows are still going out in chunks of 50.
      prod.send({ type: 'insert', source: 'bids', rows: window(w), id: `w${w}` });
    }
    await prod.until(() => prod.messages.filter((m) => m['type'] === 'ack' || m['type'] === 'error').length >= WINDOWS, 'acks', 20_000);
    expect(prod.messages.filter((m) => m['type'] === 'error')).toEqual([]);
    const rows = (): number => sub.rows('counts').length;
    await sub.until(() => rows() >= expected.length, `${expected.length} rows`, 20_000);
    const got = sub.rows('counts');
    expect(got.length).toBe((WINDOWS - 1) * AUCTIONS);
    expectContiguous(got, 1, got.length);
    expect(got).toEqual(expected);
    // Many frames: the windows went out in chunks.
    expect(sub.messages.filter((m) => m['type'] === 'rows').length).toBeGreaterThanOrEqual(got.length / 50);

    await engine.settled();
    engine.checkpoint();
    const logged = engine.readLog('counts', 1, 1_000_000);
    expect(logged).toEqual(expected);
    await reference.close();
  });

  it('sends each chunk of a firing of 1,024 rows as one rows message', { timeout: 60_000 }, async () => {
    const { sub, prod } = await slicedServer(60_000, 64, ROWS_PER_MESSAGE);
    await sub.request({ type: 'subscribe', view: 'counts', from: 'latest' });
    prod.send({ type: 'insert', source: 'bids', rows: window(0), id: 'w0' });
    prod.send({ type: 'insert', source: 'bids', rows: window(1), id: 'w1' }); // fires window 0: 3,000 rows
    await sub.until(() => sub.rows('counts').length >= AUCTIONS, `${AUCTIONS} rows`, 20_000);
    const sizes = sub.messages.filter((m) => m['type'] === 'rows').map((m) => (m['rows'] as unknown[]).length);
    // Chunks of 1,024 rows: 1,024 + 1,024 + 952, one message each (at 500 rows a message: 8 messages).
    expect(ROWS_PER_MESSAGE).toBe(1024);
    expect(sizes).toEqual([1024, 1024, AUCTIONS - 2048]);
    const first = sub.rows('counts')[0]!.seq;
    expectContiguous(sub.rows('counts'), first, first + AUCTIONS - 1);
  });

  it('acknowledges a burst of inserts beyond the backlog bound that arrives during a firing before the window is out', { timeout: 60_000 }, async () => {
    const { sub, prod } = await slicedServer(60_000, 256);
    const KEYS = 100_000;
    const BURST = 24; // inserts of 1,000 rows: past the backlog bound of 16,384 queued rows
    const w0 = Array.from({ length: KEYS }, (_, i) => ({ auction: i + 1, price: i / 10, ts: T0 + 1500 }));
    for (let i = 0; i < KEYS; i += 1000) prod.send({ type: 'insert', source: 'bids', rows: w0.slice(i, i + 1000) });
    const acks = (): number => prod.messages.filter((m) => m['type'] === 'ack').length;
    await prod.until(() => acks() >= KEYS / 1000, 'acks of window 0', 30_000);
    await sub.request({ type: 'subscribe', view: 'counts', from: 'latest' });

    // Rows the subscriber has when the burst's last ack arrives.
    const received = (): number => sub.messages.reduce((n, m) => n + (m['type'] === 'rows' ? (m['rows'] as unknown[]).length : 0), 0);
    let atLastAck = -1;
    prod.ws.on('message', () => {
      if (atLastAck < 0 && acks() === KEYS / 1000 + 1 + BURST) atLastAck = received();
    });
    // Closes window 0 (100,000 rows, in 2,000 chunks), then the burst into window 1.
    prod.send({ type: 'insert', source: 'bids', rows: [{ auction: 1, price: 1, ts: T0 + 11_500 }] });
    for (let b = 0; b < BURST; b++) {
      prod.send({ type: 'insert', source: 'bids', rows: Array.from({ length: 1000 }, (_, i) => ({ auction: b * 1000 + i + 1, price: 2, ts: T0 + 11_600 })) });
    }
    await prod.until(() => acks() >= KEYS / 1000 + 1 + BURST, 'acks of the burst', 30_000);
    await sub.until(() => received() >= KEYS, 'window 0', 30_000);
    expect(prod.messages.filter((m) => m['type'] === 'error')).toEqual([]);
    expect(atLastAck).toBeGreaterThanOrEqual(0);
    expect(atLastAck).toBeLessThan(KEYS);
    const got = sub.rows('counts');
    expect(got.length).toBe(KEYS);
    expectContiguous(got, 1, KEYS);
    expect(got.map((r) => r.row['auction'])).toEqual(w0.map((r) => r.auction));
  });
});
