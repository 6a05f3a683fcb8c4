// The client side of bench/e2e-server.mjs: a producer and a subscriber, each in its own worker thread
// (so the subscriber's JSON parsing does not delay the producer's sends), talking to the server over
// real websockets. Times are `performance.timeOrigin + performance.now()`, one clock for all threads.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { PER_MS, T0, WINDOW_MS } from './e2e-server-process.mjs';

const now = () => performance.timeOrigin + performance.now();
const EVENTS_PER_WINDOW = PER_MS * WINDOW_MS;

function open(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Index of the event that fires window w: the first with ts ≥ window_end (watermark = ts − 1 ms). */
export function triggerIndex(w) {
  return (w + 1) * WINDOW_MS * PER_MS;
}

/**
 * Inserts `events` events in batches of `batch`, `inFlight` unacknowledged at a time, until all are sent
 * or `seconds` have passed since the warm-up (the first `warmupBatches`) was acknowledged and at least one
 * window after it has fired — or, whatever happens, `maxSeconds` since the start. Event i: k = i mod keys, ts = T0 + floor(i / PER_MS) (100 events per ms of
 * event time, so a 1 s window holds 100k events: every key once at 100k keys). Reports per batch the
 * send and ack times, and per window the send time of the batch that fires it.
 */
async function producer({ url, keys, events, batch, inFlight, seconds, maxSeconds, warmupBatches }) {
  const ws = await open(url);
  const batches = Math.ceil(events / batch);
  const sentAt = new Float64Array(batches);
  const ackAt = new Float64Array(batches);
  const firedAt = []; // window index → send time of the batch holding its trigger event
  let next = 0;
  let acked = 0;
  let ackedEvents = 0;
  let rejected = 0;
  let errors = 0;
  let lastError = null;
  const hardStop = now() + maxSeconds * 1000;
  let deadline = hardStop; // moved closer once the warm-up is acknowledged
  // The batch that fires the first window after the warm-up: a run always goes past it (unless hardStop).
  const firstMeasured = Math.floor(triggerIndex(Math.ceil((warmupBatches * batch) / EVENTS_PER_WINDOW)) / batch);
  let stopAt = batches; // batches actually sent; lowered when the deadline passes

  const send = () => {
    const b = next++;
    const first = b * batch;
    const n = Math.min(batch, events - first);
    const rows = new Array(n);
    for (let j = 0; j < n; j++) {
      const i = first + j;
      rows[j] = { k: i % keys, v: (i % 997) * 0.5, ts: T0 + Math.floor(i / PER_MS) };
    }
    const text = JSON.stringify({ type: 'insert', id: b, source: 'ev', rows });
    const t = now();
    sentAt[b] = t;
    const w = Math.floor(first / EVENTS_PER_WINDOW) - 1;
    if (w >= 0 && triggerIndex(w) >= first && triggerIndex(w) < first + n) firedAt[w] = t;
    ws.send(text);
  };

  await new Promise((resolve) => {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.type === 'error') {
        errors++;
        lastError = `${m.code}: ${m.message}`;
        if (typeof m.id !== 'number') return;
      }
      if (m.type !== 'ack' && m.type !== 'error') return;
      ackAt[m.id] = now();
      acked++;
      if (m.type === 'ack') {
        ackedEvents += m.count;
        rejected += m.errors.length;
      }
      if (m.id === warmupBatches - 1) deadline = Math.min(hardStop, now() + seconds * 1000);
      if (next < stopAt && (now() >= hardStop || (now() >= deadline && next > firstMeasured))) stopAt = next;
      if (next < stopAt) send();
      else if (acked === next) resolve();
    });
    ws.on('close', () => resolve());
    for (let i = 0; i < inFlight && next < batches; i++) send();
  });
  ws.terminate();
  parentPort.postMessage({
    sent: next,
    acked,
    ackedEvents,
    rejected,
    errors,
    lastError,
    sentAt: sentAt.subarray(0, next),
    ackAt: ackAt.subarray(0, next),
    firedAt: Float64Array.from(firedAt, (x) => x ?? NaN),
  });
}

/**
 * Subscribes to `agg` from 'latest' and records, per run of rows of one window within a `rows` message,
 * [window index, receive time, row count]: the driver turns them into delivery latencies.
 *
 * `parseRows` false (the default): a `rows` message is not parsed. A 100k-row window is ~14 MB of JSON,
 * and JSON.parse of it takes this thread ~60 ms of CPU (0.6 µs per row): with one row per event that
 * alone put a window's last rows 60 ms or more after its first, and on a 2-core machine it took CPU from
 * the server. Delivery latency is meant to be the engine's, the fan-out's and the network's delay, not
 * this client's parse backlog. Instead, the first and the last row's seq and window_end are read from
 * the bytes: a live message's seqs are contiguous, so when both rows are of one window (rows of a window
 * leave together) every row between is too; otherwise (a message across windows) each row's window_end
 * is read in turn. This relies on the view's rows having one window_end each and no text column (`agg`).
 */
async function subscriber({ url, parseRows = false }) {
  const ws = await open(url);
  const segments = [];
  let received = 0;
  let lastAt = 0;
  let closed = null;
  const windowOf = new Map(); // window_end text → window index
  const windowIndex = (end) => {
    let rw = windowOf.get(end);
    if (rw === undefined) {
      rw = Math.round((Date.parse(end) - T0) / WINDOW_MS) - 1;
      windowOf.set(end, rw);
    }
    return rw;
  };
  const ROWS = Buffer.from('{"type":"rows"');
  const SEQ = Buffer.from('{"seq":');
  const KEY = Buffer.from('"window_end":"');
  const TS = 24; // "2024-01-01T00:00:01.000Z"
  const endAt = (b, at) => b.toString('latin1', at + KEY.length, at + KEY.length + TS);
  const seqAt = (b, at) => Number(b.toString('latin1', at + SEQ.length, b.indexOf(44, at))); // up to the ','
  ws.on('message', (data) => {
    const t = now();
    if (!parseRows && Buffer.isBuffer(data) && data.subarray(0, ROWS.length).equals(ROWS)) {
      const first = data.indexOf(KEY);
      const last = data.lastIndexOf(KEY);
      if (first < 0) return;
      const n = seqAt(data, data.lastIndexOf(SEQ)) - seqAt(data, data.indexOf(SEQ)) + 1;
      const end = endAt(data, first);
      if (end === endAt(data, last)) segments.push(windowIndex(end), t, n);
      else {
        // Rows of more than one window: runs of rows with one window_end.
        let w = windowIndex(end);
        let count = 0;
        for (let at = first; at >= 0; at = data.indexOf(KEY, at + KEY.length + TS)) {
          const rw = windowIndex(endAt(data, at));
          if (rw !== w) {
            segments.push(w, t, count);
            w = rw;
            count = 0;
          }
          count++;
        }
        segments.push(w, t, count);
      }
      received += n;
      lastAt = t;
      return;
    }
    const text = data.toString();
    const m = JSON.parse(text);
    if (m.type === 'subscribed') parentPort.postMessage({ ready: true });
    if (m.type === 'error') closed = `${m.code}: ${m.message}`;
    if (m.type !== 'rows') return;
    let w = -1;
    let count = 0;
    for (const r of m.rows) {
      const rw = windowIndex(r.row.window_end);
      if (rw !== w) {
        if (count) segments.push(w, t, count);
        w = rw;
        count = 0;
      }
      count++;
    }
    if (count) segments.push(w, t, count);
    received += m.rows.length;
    lastAt = t;
  });
  ws.on('close', (code, reason) => (closed ??= `closed ${code} ${reason}`));
  ws.send(JSON.stringify({ type: 'subscribe', view: 'agg', from: 'latest' }));
  parentPort.on('message', (msg) => {
    if (msg === 'status') parentPort.postMessage({ received, lastAt, closed });
    if (msg === 'stop') {
      ws.terminate();
      parentPort.postMessage({ received, closed, segments: Float64Array.from(segments) });
    }
  });
}

if (workerData?.role === 'producer') await producer(workerData);
else if (workerData?.role === 'subscriber') await subscriber(workerData);
