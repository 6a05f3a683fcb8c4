// `node bench/nats-raw.mjs [--messages N] [--partitions P] [--quick]`: the JetStream limit on this machine,
// the figure the nats connector's worker throughput is compared against (docs/nats.md).
//
// Starts its own nats-server (JetStream, file storage in a temp dir, a free loopback port), then measures,
// each on a fresh stream of P partition subjects:
//   publish raw          js.publish of pre-encoded JSON rows with Nats-Msg-Id, 256 in flight
//   publish (library)    planMessages + publishMessages, sink.batch_rows = 1 and = 20 (rows/s), and
//                        1 row with max_in_flight = 1 (strict order under failures; 5 000 rows)
//   consume raw          P split readers (ordered consumers) in parallel, bytes only
//   consume + decode     the same, each message decoded to rows by the engine's JSON row decoder
// Prints a table and one `RESULT {json}` line. `--quick` runs 30 000 messages; `--prefetch M` sets the
// readers' prefetch (default 1024). Needs `npm run build`
// (reads dist/) and Debian's nats-server.
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startNatsServer } from './lib/nats-server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : dflt;
};
const QUICK = argv.includes('--quick');
const N = option('messages', QUICK ? 30_000 : 200_000);
const P = option('partitions', 12);

const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
const nats = await dist('src/executor/connectors/nats/index.js');
const { makeRowDecoder, makeRowEncoder } = await dist('src/executor/values.js');
const { T } = await dist('src/parser/types.js');

const COLUMNS = [
  { name: 'k', type: T.bigint(), notNull: false },
  { name: 'v', type: T.double(), notNull: false },
  { name: 'ts', type: T.timestamp(), notNull: false },
];
const encodeRow = makeRowEncoder(COLUMNS);
const decodeRow = makeRowDecoder(COLUMNS, 2);
const rowsFrom = (n) => Array.from({ length: n }, (_, i) => ({ seq: i + 1, op: '+I', row: [(i * 7919) % 100_000, i / 4, 1_700_000_000_000 + i] }));

const server = await startNatsServer();
const clients = await nats.connectNats([server.url]);
let streamNo = 0;
async function freshTable(batchRows = 1) {
  const options = nats.parseNatsOptions({
    connector: 'nats', servers: server.url, stream: `BENCH${++streamNo}`, subject: `b${streamNo}`, partitions: String(P),
    partition_key: 'k', 'sink.batch_rows': String(batchRows),
  });
  await nats.ensureStream(clients.jsm, options);
  return options;
}
const sinkOf = (o) => ({ subject: o.subject, partitions: o.partitions, partitionKeyIndex: 0, format: o.format, batchRows: o.sink.batchRows, encodeRow });
const LIMITS = { maxInFlight: 256, ackTimeoutMs: 10_000, retryDeadlineMs: 60_000 };

const results = {};
const rows = rowsFrom(N);
const PREFETCH = option('prefetch', 1024);

// Warm-up (not measured): JIT the publish and read paths, and let the server create its first files.
{
  const o = await freshTable();
  const warm = rowsFrom(Math.min(N, 5_000));
  await nats.publishMessages(clients.js, nats.planMessages('warm', warm, sinkOf(o)), LIMITS);
  for (const subject of nats.subjectsOf(o)) {
    const end = await nats.lastSequenceOf(clients.jsm, o.stream, subject);
    if (end === 0) continue;
    const reader = await nats.SplitReader.open(clients.js, { stream: o.stream, subject, startSeq: 1 });
    while (reader.position < end) await reader.nextBatch(4096, 10_000);
    await reader.close();
  }
}

// Raw publish: the payloads and subjects planned beforehand, only js.publish + acks timed.
{
  const o = await freshTable();
  const plan = nats.planMessages('bench', rows, sinkOf(o));
  const enc = new TextEncoder();
  const payloads = plan.map((m) => enc.encode(m.payload));
  const t0 = performance.now();
  const inflight = [];
  for (let i = 0; i < plan.length; i++) {
    inflight.push(clients.js.publish(plan[i].subject, payloads[i], { msgID: plan[i].msgId }));
    if (inflight.length >= LIMITS.maxInFlight) await inflight.shift();
  }
  await Promise.all(inflight);
  results.publish_raw_msgs_per_sec = Math.round(plan.length / ((performance.now() - t0) / 1000));
}

// The library publisher, one row per message and 20 rows per message (planning included).
let consumeTable = null;
for (const batchRows of [1, 20]) {
  const o = await freshTable(batchRows);
  const t0 = performance.now();
  const report = await nats.publishMessages(clients.js, nats.planMessages('bench', rows, sinkOf(o)), { ...LIMITS, maxPayload: clients.maxPayload });
  const s = (performance.now() - t0) / 1000;
  if (report.stored !== report.messages) throw new Error(`publish stored ${report.stored} of ${report.messages}`);
  results[`publish_batch${batchRows}_rows_per_sec`] = Math.round(N / s);
  results[`publish_batch${batchRows}_msgs_per_sec`] = Math.round(report.messages / s);
  if (batchRows === 1) consumeTable = o;
}

// Strict order under failures costs a round trip per message: sink.max_in_flight = 1 (fewer rows).
{
  const o = await freshTable();
  const n = Math.min(N, 5_000);
  const t0 = performance.now();
  await nats.publishMessages(clients.js, nats.planMessages('bench', rowsFrom(n), sinkOf(o)), { ...LIMITS, maxInFlight: 1 });
  results.publish_in_flight1_rows_per_sec = Math.round(n / ((performance.now() - t0) / 1000));
}

// Consume the one-row-per-message stream: all partitions in parallel, raw, then with decoding.
for (const decode of [false, true]) {
  const o = consumeTable;
  const decoder = nats.makePayloadDecoder({ format: 'json', decodeRow, routing: { partitions: P, keyIndex: 0, keyName: 'k' } });
  const ends = await Promise.all(nats.subjectsOf(o).map((s) => nats.lastSequenceOf(clients.jsm, o.stream, s)));
  let count = 0;
  let decoded = 0;
  const t0 = performance.now();
  await Promise.all(
    nats.subjectsOf(o).map(async (subject, p) => {
      if (ends[p] === 0) return;
      const reader = await nats.SplitReader.open(clients.js, { stream: o.stream, subject, startSeq: 1, prefetch: PREFETCH });
      const out = [];
      const rejects = [];
      while (reader.position < ends[p]) {
        const batch = await reader.nextBatch(4096, 10_000);
        if (batch.length === 0) throw new Error(`split ${subject} stalled`);
        count += batch.length;
        if (decode) {
          for (const m of batch) decoder(m.data, { stream: o.stream, subject, seq: m.seq }, p, out, rejects);
          decoded += out.length;
          out.length = 0;
          if (rejects.length > 0) throw new Error(`unexpected reject: ${rejects[0].message}`);
        }
      }
      await reader.close();
    }),
  );
  const s = (performance.now() - t0) / 1000;
  if (count !== N || (decode && decoded !== N)) throw new Error(`consumed ${count} (decoded ${decoded}) of ${N}`);
  results[decode ? 'consume_decode_rows_per_sec' : 'consume_raw_msgs_per_sec'] = Math.round(N / s);
}

await clients.close();
await server.stop();

const machine = { cpu: os.cpus()[0]?.model ?? '?', cores: os.cpus().length, node: process.version, load1: os.loadavg()[0].toFixed(2) };
const fmt = (n) => n.toLocaleString('en-US');
console.log(`JetStream on this machine: ${machine.cpu}, ${machine.cores} cores, ${machine.node}, load ${machine.load1}; ${fmt(N)} rows, ${P} partitions, file storage`);
console.log(`  publish raw (js.publish, 256 in flight)      ${fmt(results.publish_raw_msgs_per_sec).padStart(10)} msgs/s`);
console.log(`  publish, library, 1 row per message          ${fmt(results.publish_batch1_rows_per_sec).padStart(10)} rows/s`);
console.log(`  publish, library, 20 rows per message        ${fmt(results.publish_batch20_rows_per_sec).padStart(10)} rows/s (${fmt(results.publish_batch20_msgs_per_sec)} msgs/s)`);
console.log(`  publish, library, 1 row, max_in_flight = 1     ${fmt(results.publish_in_flight1_rows_per_sec).padStart(10)} rows/s`);
console.log(`  consume raw (${P} ordered consumers)          ${fmt(results.consume_raw_msgs_per_sec).padStart(10)} msgs/s`);
console.log(`  consume + decode to rows                     ${fmt(results.consume_decode_rows_per_sec).padStart(10)} rows/s`);
console.log(`RESULT ${JSON.stringify({ machine, messages: N, partitions: P, ...results })}`);
