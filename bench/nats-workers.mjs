// `node bench/nats-workers.mjs [--events N] [--quick]`: events/s of `tumbleql run --worker i/N` processes
// reading a 12-partition JetStream stream, for 1 and 2 workers, for a TUMBLE and a HOP aggregate, with the
// raw JetStream rates measured in the same run as the limit: publishing the input (library publisher, 20
// rows per message) and reading it back (12 split readers decoding rows, no engine).
//
// Each case: a fresh sink stream and state files; the workers start (`tumbleql run job.sql --worker i/N
// --checkpoint-interval 200ms`), read every event from the stream (published beforehand, 20 rows per
// message), and INSERT their windows INTO the sink stream (100 rows per message). Time runs from the first
// worker's "running" line to the moment the sink stream holds every expected row (the count comes from the
// same SQL run in memory over the same events); one closing event per partition far in the future makes
// every window fire. Prints a table and one `RESULT {json}` line; ratios are 2 workers / 1 worker and
// workers / raw read. Needs `npm run build` and Debian's nats-server. `--quick`: 40 000 events.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startNatsServer } from './lib/nats-server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'tumbleql.js');
const argv = process.argv.slice(2);
const option = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : dflt;
};
const QUICK = argv.includes('--quick');
const N = option('events', QUICK ? 40_000 : 200_000);
const P = 12;
const KEYS = 100;
const BASE = 1_700_000_000_000;

const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
const nats = await dist('src/executor/connectors/nats/index.js');
const { makeRowDecoder, makeRowEncoder } = await dist('src/executor/values.js');
const { T } = await dist('src/parser/types.js');
const { createEngine } = await dist('src/index.js');

const COLUMNS = [
  { name: 'k', type: T.bigint(), notNull: false },
  { name: 'v', type: T.double(), notNull: false },
  { name: 'ts', type: T.timestamp(), notNull: false },
];
const encodeRow = makeRowEncoder(COLUMNS);
const decodeRow = makeRowDecoder(COLUMNS, 2);

const QUERIES = {
  tumble: `SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS s
  FROM TABLE(TUMBLE(TABLE ev_bus, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end`,
  hop: `SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS s
  FROM TABLE(HOP(TABLE ev_bus, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end`,
};

const evTable = (servers) => `CREATE TABLE ev_bus (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
  WITH (connector = 'nats', servers = '${servers}', stream = 'EV', subject = 'ev', partitions = '${P}', partition_key = 'k')`;

function jobSql(servers, query, sink) {
  return `${evTable(servers)};
CREATE TABLE agg_bus (k BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), n BIGINT, s DOUBLE)
  WITH (connector = 'nats', servers = '${servers}', stream = '${sink}', subject = '${sink.toLowerCase()}',
        partitions = '${P}', partition_key = 'k', 'sink.batch_rows' = '100');
CREATE VIEW agg AS ${query};
INSERT INTO agg_bus SELECT * FROM agg;
`;
}

// Events in time order, 10 ms apart, keys spread; then one closing event per partition.
const events = Array.from({ length: N }, (_, i) => [(i * 7919) % KEYS, (i % 1000) / 10, BASE + i * 10]);
const seen = new Set();
for (let k = 1_000_000; seen.size < P; k++) {
  const p = nats.partitionOf(k, P);
  if (!seen.has(p)) {
    seen.add(p);
    events.push([k, 0, BASE + N * 10 + 100_000_000]);
  }
}
const TOTAL = events.length;

/** Output rows the job publishes: the same query in memory (the closing events' windows never fire). */
function expectedCount(query) {
  const e = createEngine({ runConnectors: false });
  e.execute(`CREATE TABLE ev_bus (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND); CREATE VIEW agg AS ${query};`);
  const cut = BASE + N * 10 + 100_000_000;
  let n = 0;
  e.subscribe('agg', (rows) => {
    for (const r of rows) if (Date.parse(r.row.window_start) + 10_000 <= cut) n++;
  });
  for (let i = 0; i < events.length; i += 10_000) e.push('ev_bus', events.slice(i, i + 10_000).map(([k, v, ts]) => ({ k, v, ts })));
  e.advanceWatermark('ev_bus', cut - 1_000 - 1);
  void e.close();
  return n;
}

const server = await startNatsServer();
const clients = await nats.connectNats([server.url]);
const dir = mkdtempSync(join(os.tmpdir(), 'tumbleql-nats-workers-'));
const results = { events: TOTAL };
try {
  // The input, 20 rows per message.
  const table = nats.parseNatsOptions({ connector: 'nats', servers: server.url, stream: 'EV', subject: 'ev', partitions: String(P), partition_key: 'k', 'sink.batch_rows': '20' });
  await nats.ensureStream(clients.jsm, table);
  const sink = await nats.NatsSink.open(clients, table, { view: 'bench', encodeRow, partitionKeyIndex: 0 });
  // The raw publish rate of this run (the library publisher, ids, 20 rows per message, 256 in flight).
  const tp = performance.now();
  await sink.publishRange(events.map((row, i) => ({ seq: i + 1, op: '+I', row })));
  results.raw_publish_rows_per_sec = Math.round(TOTAL / ((performance.now() - tp) / 1000));

  // The limit: 12 readers in parallel decoding rows, no engine.
  {
    const decoder = nats.makePayloadDecoder({ format: 'json', decodeRow, routing: { partitions: P, keyIndex: 0, keyName: 'k' } });
    let rows = 0;
    const t0 = performance.now();
    await Promise.all(nats.subjectsOf(table).map(async (subject, p) => {
      const end = await nats.lastSequenceOf(clients.jsm, 'EV', subject);
      if (end === 0) return;
      const reader = await nats.SplitReader.open(clients.js, { stream: 'EV', subject, startSeq: 1 });
      const out = [];
      while (reader.position < end) {
        for (const m of await reader.nextBatch(4096, 10_000)) decoder(m.data, { stream: 'EV', subject, seq: m.seq }, p, out, []);
        rows += out.length;
        out.length = 0;
      }
      await reader.close();
    }));
    if (rows !== TOTAL) throw new Error(`read ${rows} of ${TOTAL}`);
    results.raw_read_rows_per_sec = Math.round(TOTAL / ((performance.now() - t0) / 1000));
  }

  let caseNo = 0;
  for (const [name, query] of Object.entries(QUERIES)) {
    const expected = expectedCount(query);
    results[`${name}_output_rows`] = expected;
    for (const workers of [1, 2]) {
      const sinkStream = `AGG${++caseNo}`;
      const sql = join(dir, `${sinkStream}.sql`);
      writeFileSync(sql, jobSql(server.url, query, sinkStream));
      let t0 = null;
      const running = [];
      const procs = Array.from({ length: workers }, (_, i) => {
        const args = [BIN, 'run', sql, '--state', join(dir, `${sinkStream}-w${i}.db`), '--checkpoint-interval', '200ms'];
        if (workers > 1) args.push('--worker', `${i}/${workers}`);
        const p = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.on('data', (d) => {
          err += d.toString();
          if (running[i] === undefined && err.includes('running')) {
            running[i] = performance.now();
            t0 ??= running[i];
          }
        });
        p.on('exit', (code, signal) => {
          if (code !== 0 && signal === null) console.error(`worker ${i}/${workers} exited ${code}:\n${err}`);
        });
        return p;
      });
      // Count rows as the sink stream stores them: one reader per subject, opened once the stream exists.
      let stored = 0;
      let readers = null;
      const deadline = Date.now() + 600_000;
      while (stored < expected) {
        if (Date.now() > deadline) throw new Error(`${name}, ${workers} workers: ${stored} of ${expected} rows after 10 minutes`);
        await new Promise((r) => setTimeout(r, 25));
        if (readers === null) {
          const exists = await clients.jsm.streams.info(sinkStream).then(() => true, () => false);
          if (!exists) continue;
          readers = await Promise.all(Array.from({ length: P }, (_, p) => nats.SplitReader.open(clients.js, { stream: sinkStream, subject: `${sinkStream.toLowerCase()}.${p}`, startSeq: 1 })));
        }
        for (const r of readers) {
          for (const m of await r.nextBatch(4096, 0)) {
            const v = JSON.parse(new TextDecoder().decode(m.data));
            stored += Array.isArray(v) ? v.length : 1;
          }
        }
      }
      const s = (performance.now() - t0) / 1000;
      // Nothing more may arrive: a row stored twice would make the figure wrong (and the sink not exactly-once).
      await new Promise((r) => setTimeout(r, 1000));
      for (const r of readers) stored += (await r.nextBatch(4096, 0)).reduce((a, m) => { const v = JSON.parse(new TextDecoder().decode(m.data)); return a + (Array.isArray(v) ? v.length : 1); }, 0);
      if (stored !== expected) throw new Error(`${name}, ${workers} workers: the sink holds ${stored} rows, ${expected} expected`);
      await Promise.all(readers.map((r) => r.close()));
      results[`${name}_${workers}w_events_per_sec`] = Math.round(TOTAL / s);
      // Workers start one after the other on a busy machine; the clock starts with the first, so the skew counts against 2.
      if (workers > 1) results[`${name}_2w_start_skew_ms`] = Math.round(Math.max(...running) - Math.min(...running));
      await Promise.all(procs.map((p) => new Promise((r) => {
        p.once('exit', r);
        p.kill('SIGTERM');
      })));
    }
    results[`${name}_2w_over_1w`] = +(results[`${name}_2w_events_per_sec`] / results[`${name}_1w_events_per_sec`]).toFixed(2);
    results[`${name}_1w_over_raw`] = +(results[`${name}_1w_events_per_sec`] / results.raw_read_rows_per_sec).toFixed(2);
    results[`${name}_2w_over_raw`] = +(results[`${name}_2w_events_per_sec`] / results.raw_read_rows_per_sec).toFixed(2);
  }
} finally {
  await clients.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}



const machine = { cpu: os.cpus()[0]?.model ?? '?', cores: os.cpus().length, node: process.version, load1: os.loadavg()[0].toFixed(2) };
const fmt = (n) => n.toLocaleString('en-US');
console.log(`tumbleql workers on JetStream: ${machine.cpu}, ${machine.cores} cores, ${machine.node}, load ${machine.load1}; ${fmt(TOTAL)} events, ${P} partitions`);
console.log(`  raw publish (ids, 20 rows/message)    ${fmt(results.raw_publish_rows_per_sec).padStart(10)} rows/s`);
console.log(`  raw read (12 split readers, decode)   ${fmt(results.raw_read_rows_per_sec).padStart(10)} rows/s`);
for (const name of Object.keys(QUERIES)) {
  console.log(`  ${name.toUpperCase().padEnd(6)} 1 worker                       ${fmt(results[`${name}_1w_events_per_sec`]).padStart(10)} events/s  (${results[`${name}_1w_over_raw`]}× raw)`);
  console.log(`  ${name.toUpperCase().padEnd(6)} 2 workers                      ${fmt(results[`${name}_2w_events_per_sec`]).padStart(10)} events/s  (${results[`${name}_2w_over_raw`]}× raw, ${results[`${name}_2w_over_1w`]}× 1 worker)`);
}
console.log(`RESULT ${JSON.stringify({ machine, partitions: P, ...results })}`);
