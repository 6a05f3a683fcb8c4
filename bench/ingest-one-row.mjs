#!/usr/bin/env node
/**
 * One producer, one row per websocket message, on one connection, against a real server on loopback with a
 * durable engine (state file): events/s end to end (every insert acknowledged with its id). The producer
 * keeps a window of unacknowledged inserts in flight, as a real client would.
 *   node bench/ingest-one-row.mjs [--events 50000] [--window 2000] [--memory]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { createEngine } from '../dist/src/index.js';
import { startServer } from '../dist/src/executor/server/index.js';
import { silentLogger } from '../dist/src/util/log.js';

if (!isMainThread) await producer(workerData);
else {
const { values } = parseArgs({ options: { events: { type: 'string' }, window: { type: 'string' }, memory: { type: 'boolean' } } });
const N = Number(values.events ?? 50_000);
const WINDOW = Number(values.window ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'tq-ingest-'));
const engine = createEngine(values.memory ? {} : { statePath: join(dir, 'state.db') });
engine.execute(`CREATE SOURCE bids (auction BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket');
CREATE VIEW counts AS SELECT auction, window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY auction, window_start, window_end;`);
const server = await startServer(engine, { port: 0, logger: silentLogger });
// The producer runs in a worker thread: the server's event loop is measured, not the client's.
const cpu0 = mainThreadCpuMs();
const result = await new Promise((resolve, reject) => {
  const w = new Worker(new URL(import.meta.url), { workerData: { url: server.url, N, WINDOW } });
  w.once('message', resolve);
  w.once('error', reject);
});
// The event loop's own CPU time: on a shared machine the wall-clock rate is the load's, this is the server's
// (events per second of event-loop CPU = the rate one otherwise idle core would sustain).
const cpuMs = mainThreadCpuMs() - cpu0;
const perCpuSecond = Math.round(N / (cpuMs / 1000));
console.log(JSON.stringify({ bench: 'ingest-one-row', durable: !values.memory, events: N, window: WINDOW, ...result, eventsIn: engine.stats().sources[0].eventsIn, mainThreadCpuMs: cpuMs, eventsPerMainThreadCpuSecond: perCpuSecond }));
await server.close();
await engine.close();
rmSync(dir, { recursive: true, force: true });
}

/** CPU time of this process's main thread (the server's event loop), from /proc, in ms (10 ms ticks). */
function mainThreadCpuMs() {
  const f = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

async function producer({ url, N, WINDOW }) {
const ws = new WebSocket(url);
await new Promise((r) => ws.once('open', r));
let sent = 0;
let acked = 0;
let errors = 0;
const t0 = performance.now();
const done = new Promise((resolve) => {
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString());
    if (m.type === 'ack') acked++;
    else errors++;
    if (acked + errors === N) resolve();
    else pump();
  });
});
// Messages produced in one turn leave in one write (as any batching producer library does).
function pump() {
  if (sent >= N || sent - acked - errors >= WINDOW / 2) return;
  ws._socket.cork();
  process.nextTick(() => ws._socket.uncork());
  while (sent < N && sent - acked - errors < WINDOW) {
    ws.send(JSON.stringify({ type: 'insert', source: 'bids', id: sent, rows: [{ auction: sent % 100, price: 1, ts: 1_600_000_000_000 + sent }] }));
    sent++;
  }
}
pump();
await done;
const secs = (performance.now() - t0) / 1000;
ws.close();
parentPort.postMessage({ seconds: +secs.toFixed(2), eventsPerSecond: Math.round(N / secs), errors });
}
