/**
 * Subscribers' back-pressure on large firings (runtime/pacer.ts, Engine.setOutputPressure): a subscriber
 * that is slow for a while is waited for instead of dropped once a window's rows pass its send budget,
 * and one that reads nothing is waited for only up to the bound (on the engine's injected clock), then
 * dropped with SLOW_CONSUMER as before. Real server, real sockets; the subscriber stops reading by
 * pausing its socket.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/index.js';
import { MAX_PRESSURE_WAIT_MS } from '../../src/executor/runtime/pacer.js';
import { startServer, type RunningServer } from '../../src/executor/server/index.js';
import { silentLogger } from '../../src/util/log.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { connect, type Client } from './helpers.js';

const T0 = Date.UTC(2020, 9, 10);
const DDL = `
CREATE SOURCE bids (auction BIGINT, note VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
  WITH (connector = 'websocket', format = 'json');
CREATE VIEW counts AS SELECT auction, window_start, COUNT(*) AS bids, MAX(note) AS note
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end;`;
const KEYS = 20_000;
/** ~1 KB per output row: a window is ~20 MB of frames, more than loopback sockets' buffers take from a reader that has stopped. */
const NOTE = 'x'.repeat(1000);
const windowRows = (w: number) => Array.from({ length: KEYS }, (_, i) => ({ auction: i + 1, note: NOTE, ts: T0 + w * 10_000 + 1500 }));

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function setup(pressure: boolean): Promise<{ engine: Engine; clock: ManualClock; sub: Client; socket: { pause(): void; resume(): void } }> {
  const clock = new ManualClock(0);
  const engine = createEngine({ sliceRows: 100, clock });
  engine.execute(DDL);
  const server: RunningServer = await startServer(engine, { port: 0, logger: silentLogger, token: '', maxBufferedBytes: 1024 * 1024 });
  if (!pressure) engine.setOutputPressure?.(null);
  const sub = await connect(server.url);
  cleanup = async () => {
    sub.ws.terminate();
    await server.close();
    await engine.close();
  };
  await sub.request({ type: 'subscribe', view: 'counts', from: 'latest' });
  const socket = (sub.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  return { engine, clock, sub, socket };
}

const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 5));
};

describe('back-pressure from subscribers on a large firing', () => {
  it('waits for a subscriber that stops reading for a while, and delivers every row', { timeout: 60_000 }, async () => {
    const { engine, sub, socket } = await setup(true);
    socket.pause();
    engine.push('bids', windowRows(0));
    engine.push('bids', windowRows(1)); // its watermark fires window 0: 20,000 rows, far over the budget
    await turns(40);
    expect(sub.closeCode).toBeNull();
    socket.resume();
    await engine.settled();
    await sub.until(() => sub.rows('counts').length >= KEYS, 'every row of the window', 30_000);
    expect(sub.messages.filter((m) => m['type'] === 'error')).toEqual([]);
    expect(sub.rows('counts').map((r) => r.seq)).toEqual(Array.from({ length: KEYS }, (_, i) => i + 1));
  });

  it('drops a subscriber that reads nothing once the wait passes its bound (as without back-pressure at once)', { timeout: 60_000 }, async () => {
    const { engine, clock, sub, socket } = await setup(true);
    socket.pause();
    engine.push('bids', windowRows(0));
    engine.push('bids', windowRows(1));
    await turns(20);
    const sentBefore = engine.stats().views.find((v) => v.view === 'counts')!.rowsOut;
    expect(sentBefore).toBeLessThan(KEYS); // held
    clock.advance(MAX_PRESSURE_WAIT_MS);
    await engine.settled();
    socket.resume();
    await sub.closed(10_000);
    expect(sub.closeCode).toBe(1013);
    expect(sub.messages.some((m) => m['type'] === 'error' && m['code'] === 'SLOW_CONSUMER')).toBe(true);
  });

  it('without it, the same pause gets the subscriber dropped', { timeout: 60_000 }, async () => {
    const { engine, sub, socket } = await setup(false);
    socket.pause();
    engine.push('bids', windowRows(0));
    engine.push('bids', windowRows(1));
    await engine.settled();
    socket.resume();
    await sub.closed(10_000);
    expect(sub.closeCode).toBe(1013);
  });
});
