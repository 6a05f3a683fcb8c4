// Websocket end-to-end latency: an `insert` frame leaving the producer → the row arriving at a subscriber.
// Needs the compiled engine: `npm run build`, then
//   node bench/server-latency.mjs [--rates 10000,50000] [--subs 1,100] [--seconds 5] [--threads 4]
// The engine + server run in one worker thread (as in production: one process, one event loop); the
// producer and the subscribers run in other threads so their JSON parsing does not slow the server down.
// The view is a plain projection, so a row's latency is queueing + engine + fan-out + network, not
// windowing delay. Each row carries its send time (performance.timeOrigin + now(), shared by all threads).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const now = () => performance.timeOrigin + performance.now();
const WARMUP_MS = 1000;

const SQL = `
CREATE SOURCE ev (id BIGINT, sent DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
  WITH (connector = 'websocket', format = 'json');
CREATE VIEW pass AS SELECT id, sent FROM ev;`;

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

async function serverThread() {
  const { createEngine } = await import('../dist/src/index.js');
  const { startServer } = await import('../dist/src/executor/server/index.js');
  const engine = createEngine();
  engine.execute(SQL);
  const server = await startServer(engine, { port: 0, token: '', logLevel: 'warn', maxBufferedBytes: 64 * 1024 * 1024, rateLimit: { perSecond: 1e6, burst: 1e6 } });
  parentPort.postMessage({ url: server.url });
  parentPort.once('message', async () => {
    const dropped = (await server.metrics.registry.getSingleMetric('tumbleql_ws_slow_consumers_dropped_total').get()).values[0]?.value ?? 0;
    await server.close();
    await engine.close();
    parentPort.postMessage({ closed: true, dropped });
  });
}

async function subscriberThread({ url, count, startAt, sampleEvery }) {
  const lat = [];
  let received = 0;
  const clients = await Promise.all(
    Array.from({ length: count }, () => new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on('error', reject);
      ws.on('open', () => {
        ws.send(JSON.stringify({ type: 'subscribe', view: 'pass', from: 'latest' }));
        resolve(ws);
      });
      ws.on('message', (data) => {
        const t = now();
        const msg = JSON.parse(data.toString());
        if (msg.type !== 'rows') return;
        received += msg.rows.length;
        if (t < startAt) return;
        for (const r of msg.rows) if (r.row.id % sampleEvery === 0) lat.push(t - r.row.sent);
      });
    })),
  );
  parentPort.postMessage({ ready: true });
  parentPort.once('message', () => {
    for (const ws of clients) ws.terminate();
    parentPort.postMessage({ lat: Float64Array.from(lat), received });
  });
}

async function producerThread({ url, rate, seconds }) {
  const ws = new WebSocket(url);
  await new Promise((r, j) => { ws.on('open', r); ws.on('error', j); });
  let acked = 0;
  let rejected = 0;
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString());
    if (m.type === 'ack') { acked += m.count; rejected += m.errors.length; }
  });
  const tickMs = 5;
  const start = now();
  let sent = 0;
  let id = 0;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.floor(((now() - start) / 1000) * rate) - sent;
      if (due > 0) {
        const t = now();
        const rows = [];
        for (let i = 0; i < due; i++) rows.push({ id: id++, sent: t, ts: Math.floor(t) });
        ws.send(JSON.stringify({ type: 'insert', source: 'ev', rows }));
        sent += due;
      }
      if (now() - start >= seconds * 1000) { clearInterval(timer); resolve(); }
    }, tickMs);
  });
  const elapsed = (now() - start) / 1000;
  await new Promise((r) => setTimeout(r, 500)); // let acks drain
  ws.terminate();
  parentPort.postMessage({ sent, acked, rejected, seconds: elapsed });
}

function spawn(data) {
  const w = new Worker(new URL(import.meta.url), { workerData: data });
  const next = () => new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
  return { w, next };
}

function pct(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function runCase(rate, subs, seconds, threads) {
  const server = spawn({ role: 'server' });
  const { url } = await server.next();
  const startAt = now() + WARMUP_MS;
  const n = Math.min(threads, subs);
  // About 20k samples per second in total, whatever the fan-out, so memory stays flat at 100 × 50k/s.
  const sampleEvery = Math.max(1, Math.floor((rate * subs) / 20_000));
  const subThreads = Array.from({ length: n }, (_, i) => spawn({ role: 'subs', url, startAt, sampleEvery, count: Math.floor(subs / n) + (i < subs % n ? 1 : 0) }));
  await Promise.all(subThreads.map((t) => t.next()));
  const producer = spawn({ role: 'producer', url, rate, seconds });
  const prod = await producer.next();
  await new Promise((r) => setTimeout(r, 300));
  const results = await Promise.all(subThreads.map((t) => { t.w.postMessage('stop'); return t.next(); }));
  server.w.postMessage('stop');
  const { dropped } = await server.next();
  for (const t of [server, producer, ...subThreads]) await t.w.terminate();
  const all = new Float64Array(results.reduce((a, r) => a + r.lat.length, 0));
  let o = 0;
  for (const r of results) { all.set(r.lat, o); o += r.lat.length; }
  all.sort();
  const received = results.reduce((a, r) => a + r.received, 0);
  return {
    rate, subs,
    achieved: Math.round(prod.acked / prod.seconds),
    delivered: `${((received / subs / Math.max(1, prod.acked)) * 100).toFixed(1)}%`,
    p50: pct(all, 50).toFixed(2), p99: pct(all, 99).toFixed(2), max: (all[all.length - 1] ?? NaN).toFixed(2),
    slowDropped: dropped,
  };
}

if (isMainThread) {
  const rates = arg('rates', '10000,50000').split(',').map(Number);
  const subsList = arg('subs', '1,100').split(',').map(Number);
  const seconds = Number(arg('seconds', '5'));
  const threads = Number(arg('threads', '4'));
  console.log(`server latency: insert → subscriber receipt, ${seconds}s per case after ${WARMUP_MS}ms warm-up (ms)`);
  const rows = [];
  for (const rate of rates) for (const subs of subsList) {
    const r = await runCase(rate, subs, seconds, threads);
    console.log(JSON.stringify(r));
    rows.push(r);
  }
  console.table(rows);
} else if (workerData.role === 'server') {
  await serverThread();
} else if (workerData.role === 'subs') {
  await subscriberThread(workerData);
} else {
  await producerThread(workerData);
}
