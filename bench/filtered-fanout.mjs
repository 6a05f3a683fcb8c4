#!/usr/bin/env node
/**
 * The notification fan-out: N subscribers on one view, each with a row filter on its own user_id, against
 * N subscribers without a filter, at the demo's rate (300 events/s, each for a random user). Reports
 * delivery latency (push → client receipt) p50/p99 and the server thread's event-loop utilization (its CPU
 * share, and the server process's CPU seconds). Subscribers run in a child process.
 *   node bench/filtered-fanout.mjs [--subscribers 10000] [--seconds 5] [--rate 300] [--mode filtered|unfiltered|both]
 */
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import WebSocket from 'ws';

// Subscribers run in a child process: the server's loop is measured on its own, and each process stays
// under the open-files limit (10,000 sockets each side).
const parentPort = { postMessage: (m) => process.send(m), once: (ev, f) => process.once(ev, f) };
if (process.argv[2] === '--subscribers-child') process.once('message', (m) => void subscribers(m));
else await main();

async function main() {
  const { values } = parseArgs({ options: { subscribers: { type: 'string' }, seconds: { type: 'string' }, rate: { type: 'string' }, mode: { type: 'string' } } });
  const N = Number(values.subscribers ?? 10_000);
  const seconds = Number(values.seconds ?? 5);
  const rate = Number(values.rate ?? 300);
  const modes = values.mode === undefined || values.mode === 'both' ? ['filtered', 'unfiltered'] : [values.mode];
  for (const mode of modes) console.log(JSON.stringify({ bench: 'filtered-fanout', mode, subscribers: N, rate, seconds, ...(await run(mode, N, seconds, rate)) }));
}

async function run(mode, N, seconds, rate) {
  const { createEngine } = await import('../dist/src/index.js');
  const { startServer } = await import('../dist/src/executor/server/index.js');
  const { silentLogger } = await import('../dist/src/util/log.js');
  const engine = createEngine();
  engine.execute(`CREATE SOURCE notes (user_id BIGINT, body VARCHAR, sent_at BIGINT) WITH (connector = 'websocket');
    CREATE VIEW notifications AS SELECT user_id, body, sent_at FROM notes`);
  const server = await startServer(engine, { port: 0, logger: silentLogger, maxSubscriptions: 10, maxBufferedBytes: 64 * 1024 * 1024 });
  const worker = fork(new URL(import.meta.url).pathname, ['--subscribers-child'], { stdio: 'inherit' });
  worker.send({ url: server.url, N, filtered: mode === 'filtered' });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`subscribers exited ${code}`)));
  });
  // Push in 10 ms ticks at `rate` events/s, each for a random user.
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  let pushed = 0;
  let seq = 0;
  await new Promise((resolve) => {
    const tick = setInterval(() => {
      const due = Math.floor(((Date.now() - t0) / 1000) * rate) - pushed;
      if (due > 0) {
        const now = Date.now();
        engine.push('notes', Array.from({ length: due }, () => ({ user_id: Math.floor(Math.random() * N), body: `n${seq++}`, sent_at: now })));
        pushed += due;
      }
      if (Date.now() - t0 >= seconds * 1000) {
        clearInterval(tick);
        resolve();
      }
    }, 10);
  });
  const elu = performance.eventLoopUtilization(elu0);
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setTimeout(r, 500)); // in-flight rows land
  worker.send('report');
  const report = await new Promise((resolve) => worker.once('message', resolve));
  worker.removeAllListeners('exit');
  worker.kill();
  await server.close();
  await engine.close();
  return { pushed, serverLoopUtilization: +elu.utilization.toFixed(3), processCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2), ...report };
}

async function subscribers({ url, N, filtered }) {
  const latencies = [];
  let received = 0;
  let wrongUser = 0;
  let closed = 0;
  let errors = 0;
  const open = [];
  // One subscriber; a handshake reset under load (10,000 connects) is retried, not fatal.
  const connectOne = (i, attempt = 0) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      let subscribed = false;
      ws.on('error', (e) => {
        if (subscribed) errors++;
        else if (attempt < 5) setTimeout(() => connectOne(i, attempt + 1).then(resolve, reject), 100 * (attempt + 1));
        else reject(e);
      });
      ws.on('close', () => subscribed && closed++);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', view: 'notifications', ...(filtered ? { where: { user_id: i } } : {}) })));
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.type === 'subscribed') {
          subscribed = true;
          return resolve();
        }
        if (m.type !== 'rows') return;
        const now = Date.now();
        for (const r of m.rows) {
          received++;
          if (filtered && r.row.user_id !== i) wrongUser++;
          latencies.push(now - r.row.sent_at);
        }
      });
    });
  for (let i = 0; i < N; i++) {
    open.push(connectOne(i));
    // Connect in steps of 200: the listen backlog (511) would drop a burst of 10,000 handshakes.
    if (open.length % 200 === 0) await Promise.all(open.slice(-200));
  }
  await Promise.all(open);
  parentPort.postMessage('ready');
  parentPort.once('message', () => {
    setTimeout(() => process.exit(0), 200);
    latencies.sort((a, b) => a - b);
    const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? null;
    parentPort.postMessage({ rowsDelivered: received, wrongUser, closedConnections: closed, socketErrors: errors, latencyMsP50: q(0.5), latencyMsP99: q(0.99), latencyMsMax: latencies.at(-1) ?? null });
  });
}
