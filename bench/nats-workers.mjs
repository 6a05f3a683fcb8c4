// `node bench/nats-workers.mjs [--events N] [--keys K] [--quick] [--only tumble|hop] [--workers 1,2]
//  [--cpu-prof DIR] [--node-flags '...']`: events/s of
// `tumbleql run --worker i/N` processes reading a 12-partition JetStream stream, for 1 and 2 workers, for a
// TUMBLE and a HOP aggregate, with the raw JetStream rates measured in the same run as the limit:
// publishing the input (library publisher, 20 rows per message) and reading it back (12 split readers
// decoding rows, no engine). Default 1,000,000 events (start-up and the last checkpoint are then a few per
// cent of a case); `--quick`: 40,000 (a smoke test: fixed latencies dominate it).
//
// Each case: a fresh sink stream and state files; the workers start (`tumbleql run job.sql --worker i/N
// --checkpoint-interval 200ms`), read every event from the stream (published beforehand), and INSERT their
// windows INTO the sink stream (100 rows per message). The clock runs from the first worker's "running"
// line (the process has compiled its SQL and opened its state; it has not yet connected to NATS) to the
// moment the sink stream holds every expected row (the count comes from the same SQL run in memory over
// the same events); one closing event per partition far in the future makes every window fire. So a case
// includes connecting, the last checkpoint (≤ 200 ms) and the publication of its output.
//
// CPU seconds (from /proc) over the same interval: the workers' (from their "running" line), nats-server's,
// this process's (it counts the sink's rows as they arrive), and the whole machine's (other processes'
// load shows as `other`). Events per worker-CPU-second do not depend on how busy the machine was.
// Prints a table and one `RESULT {json}` line. Needs `node scripts/build.mjs` and Debian's nats-server.
// `--cpu-prof DIR`: the workers run under `node --cpu-prof` and leave their profiles in DIR (see
// bench/cpuprofile-top.mjs); `--node-flags`: flags for the workers' node (e.g. '--single-threaded-gc').
// `--keys` (default 1000): see KEYS below.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startNatsServer } from './lib/nats-server.mjs';
import { cpuByThread, cpuOfPid, cpuOfSelf, machineBusy } from './lib/proc-cpu.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'tumbleql.js');
const argv = process.argv.slice(2);
const option = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const QUICK = argv.includes('--quick');
const N = Number(option('events', QUICK ? 40_000 : 1_000_000));
const ONLY = option('only', null);
const CPU_PROF = option('cpu-prof', null);
/** Flags for the workers' node (`--node-flags '--max-semi-space-size=16'`), to measure runtime settings. */
const NODE_FLAGS = (option('node-flags', '') ?? '').split(' ').filter(Boolean);
const WORKER_COUNTS = String(option('workers', '1,2')).split(',').map(Number);
const P = 12;
/**
 * Keys, and event spacing such that each key has about 10 events per 10 s window whatever the key count
 * (100 keys: 10 ms apart). A worker owns the keys that hash into its partitions: with 100 keys worker 0 of
 * 2 gets 64 of them (and 64 % of the events), which alone caps 2 workers at 1.56× one; 1000 keys split
 * 52.5 / 47.5. The split is printed with the results.
 */
const KEYS = Number(option('keys', 1000));
const SPACING_MS = Math.max(1, Math.round(10_000 / (10 * KEYS)));
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
const events = Array.from({ length: N }, (_, i) => [(i * 7919) % KEYS, (i % 1000) / 10, BASE + i * SPACING_MS]);
const seen = new Set();
for (let k = 1_000_000; seen.size < P; k++) {
  const p = nats.partitionOf(k, P);
  if (!seen.has(p)) {
    seen.add(p);
    events.push([k, 0, BASE + N * SPACING_MS + 100_000_000]);
  }
}
const TOTAL = events.length;
/** Events of worker 0 of 2 (its partitions' keys): what 2 workers can gain at most is TOTAL / this. */
const w0 = new Set(nats.partitionsOfWorker({ index: 0, count: 2 }, P));
const WORKER0_SHARE = events.reduce((a, e) => a + (w0.has(nats.partitionOf(e[0], P)) ? 1 : 0), 0) / TOTAL;

/** Output rows the job publishes: the same query in memory (the closing events' windows never fire). */
function expectedCount(query) {
  const e = createEngine({ runConnectors: false });
  e.execute(`CREATE TABLE ev_bus (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND); CREATE VIEW agg AS ${query};`);
  const cut = BASE + N * SPACING_MS + 100_000_000;
  let n = 0;
  e.subscribe('agg', (rows) => {
    for (const r of rows) if (Date.parse(r.row.window_start) + 10_000 <= cut) n++;
  });
  for (let i = 0; i < events.length; i += 10_000) e.push('ev_bus', events.slice(i, i + 10_000).map(([k, v, ts]) => ({ k, v, ts })));
  e.advanceWatermark('ev_bus', cut - 1_000 - 1);
  void e.close();
  return n;
}

/** CPU seconds of the machine, nats-server and this process now (for deltas over an interval). */
const sample = (server) => ({ t: performance.now(), machine: machineBusy(), nats: cpuOfPid(server.pid), bench: cpuOfSelf() });
const delta = (a, b) => ({
  wall_s: +((b.t - a.t) / 1000).toFixed(3),
  machine_cpu_s: +(b.machine - a.machine).toFixed(2),
  nats_cpu_s: +(b.nats - a.nats).toFixed(2),
  bench_cpu_s: +(b.bench - a.bench).toFixed(2),
});

/** Rows in a sink message without parsing it: its rows are flat objects of numbers and timestamps. */
const OPEN_BRACE = 0x7b;
function rowsIn(data) {
  let n = 0;
  for (let i = data.indexOf(OPEN_BRACE); i >= 0; i = data.indexOf(OPEN_BRACE, i + 1)) n++;
  return n;
}

const server = await startNatsServer();
const clients = await nats.connectNats([server.url]);
const dir = mkdtempSync(join(os.tmpdir(), 'tumbleql-nats-workers-'));
const results = { events: TOTAL, keys: KEYS, worker0_share_of_2: +WORKER0_SHARE.toFixed(3) };
const cpu = {};
try {
  // The input, 20 rows per message.
  const table = nats.parseNatsOptions({ connector: 'nats', servers: server.url, stream: 'EV', subject: 'ev', partitions: String(P), partition_key: 'k', 'sink.batch_rows': '20' });
  await nats.ensureStream(clients.jsm, table);
  const sink = await nats.NatsSink.open(clients, table, { view: 'bench', encodeRow, partitionKeyIndex: 0 });
  // The raw publish rate of this run (the library publisher, ids, 20 rows per message, 256 in flight).
  let s0 = sample(server);
  await sink.publishRange(events.map((row, i) => ({ seq: i + 1, op: '+I', row })));
  cpu.raw_publish = delta(s0, sample(server));
  results.raw_publish_rows_per_sec = Math.round(TOTAL / cpu.raw_publish.wall_s);

  // The limit: 12 readers in parallel decoding rows, no engine.
  {
    const decoder = nats.makePayloadDecoder({ format: 'json', decodeRow, routing: { partitions: P, keyIndex: 0, keyName: 'k' } });
    let rows = 0;
    s0 = sample(server);
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
    cpu.raw_read = delta(s0, sample(server));
    results.raw_read_rows_per_sec = Math.round(TOTAL / cpu.raw_read.wall_s);
  }

  let caseNo = 0;
  for (const [name, query] of Object.entries(QUERIES)) {
    if (ONLY !== null && ONLY !== name) continue;
    const expected = expectedCount(query);
    results[`${name}_output_rows`] = expected;
    for (const workers of WORKER_COUNTS) {
      const sinkStream = `AGG${++caseNo}`;
      const sql = join(dir, `${sinkStream}.sql`);
      writeFileSync(sql, jobSql(server.url, query, sinkStream));
      let first = null;
      const running = [];
      const startCpu = [];
      let started = null;
      const procs = Array.from({ length: workers }, (_, i) => {
        const args = [BIN, 'run', sql, '--state', join(dir, `${sinkStream}-w${i}.db`), '--checkpoint-interval', '200ms'];
        if (workers > 1) args.push('--worker', `${i}/${workers}`);
        if (CPU_PROF !== null) args.unshift('--cpu-prof', '--cpu-prof-dir', CPU_PROF, '--cpu-prof-name', `${name}-${workers}w-w${i}.cpuprofile`);
        args.unshift(...NODE_FLAGS);
        const p = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.on('data', (d) => {
          err += d.toString();
          if (running[i] === undefined && err.includes('running')) {
            running[i] = performance.now();
            startCpu[i] = cpuByThread(p.pid);
            if (first === null) {
              first = running[i];
              started = sample(server);
            }
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
      // When the first and the middle output rows were stored: output that comes only at the end means
      // windows fire late (a watermark held back), and the case then measures a final burst.
      let firstOutput = null;
      let halfOutput = null;
      const deadline = Date.now() + 600_000;
      while (stored < expected) {
        if (Date.now() > deadline) throw new Error(`${name}, ${workers} workers: ${stored} of ${expected} rows after 10 minutes`);
        await new Promise((r) => setTimeout(r, 25));
        if (readers === null) {
          const exists = await clients.jsm.streams.info(sinkStream).then(() => true, () => false);
          if (!exists) continue;
          readers = await Promise.all(Array.from({ length: P }, (_, p) => nats.SplitReader.open(clients.js, { stream: sinkStream, subject: `${sinkStream.toLowerCase()}.${p}`, startSeq: 1, prefetch: 64 })));
        }
        for (const r of readers) for (const m of await r.nextBatch(4096, 0)) stored += rowsIn(m.data);
        if (stored > 0) firstOutput ??= performance.now();
        if (stored >= expected / 2) halfOutput ??= performance.now();
      }
      const ended = sample(server);
      // Each worker's CPU since its "running" line: its main thread (JavaScript) and its other threads
      // (the checkpoint's commit thread, GC helpers).
      const threads = procs.map((p, i) => {
        const now = cpuByThread(p.pid);
        return { main: now.main - startCpu[i].main, others: now.others - startCpu[i].others };
      });
      const workerCpu = threads.reduce((a, t) => a + t.main + t.others, 0);
      const s = (ended.t - first) / 1000;
      // Nothing more may arrive: a row stored twice would make the figure wrong (and the sink not exactly-once).
      await new Promise((r) => setTimeout(r, 1000));
      for (const r of readers) for (const m of await r.nextBatch(4096, 0)) stored += rowsIn(m.data);
      if (stored !== expected) throw new Error(`${name}, ${workers} workers: the sink holds ${stored} rows, ${expected} expected`);
      await Promise.all(readers.map((r) => r.close()));
      const c = { ...delta(started, ended), workers_cpu_s: +workerCpu.toFixed(2), workers_main_thread_cpu_s: +threads.reduce((a, t) => a + t.main, 0).toFixed(2) };
      c.other_cpu_s = +Math.max(0, c.machine_cpu_s - c.nats_cpu_s - c.bench_cpu_s - c.workers_cpu_s).toFixed(2);
      c.first_output_s = +((firstOutput - first) / 1000).toFixed(2);
      c.half_output_s = +((halfOutput - first) / 1000).toFixed(2);
      cpu[`${name}_${workers}w`] = c;
      results[`${name}_${workers}w_events_per_sec`] = Math.round(TOTAL / s);
      results[`${name}_${workers}w_events_per_worker_cpu_s`] = Math.round(TOTAL / c.workers_cpu_s);
      // Workers start one after the other on a busy machine; the clock starts with the first, so the skew counts against 2.
      if (workers > 1) results[`${name}_2w_start_skew_ms`] = Math.round(Math.max(...running) - Math.min(...running));
      await Promise.all(procs.map((p) => new Promise((r) => {
        p.once('exit', r);
        p.kill('SIGTERM');
      })));
    }
    if (!WORKER_COUNTS.includes(1) || !WORKER_COUNTS.includes(2)) continue;
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
const cpuCols = (c) => `${c.wall_s.toFixed(2).padStart(6)} s  cpu: workers ${(c.workers_cpu_s ?? 0).toFixed(2).padStart(5)} (main threads ${(c.workers_main_thread_cpu_s ?? 0).toFixed(2).padStart(5)})  nats ${c.nats_cpu_s.toFixed(2).padStart(5)}  bench ${c.bench_cpu_s.toFixed(2).padStart(5)}  other ${(c.other_cpu_s ?? Math.max(0, c.machine_cpu_s - c.nats_cpu_s - c.bench_cpu_s)).toFixed(2).padStart(5)}  (machine ${c.machine_cpu_s.toFixed(2)} of ${(machine.cores * c.wall_s).toFixed(2)})${c.first_output_s === undefined ? '' : `; output: first ${c.first_output_s} s, half ${c.half_output_s} s`}`;
console.log(`tumbleql workers on JetStream: ${machine.cpu}, ${machine.cores} cores, ${machine.node}, load ${machine.load1}; ${fmt(TOTAL)} events, ${P} partitions, ${fmt(KEYS)} keys`);
console.log(`  worker 0 of 2 owns ${(WORKER0_SHARE * 100).toFixed(1)} % of the events: 2 workers can be ${(1 / Math.max(WORKER0_SHARE, 1 - WORKER0_SHARE)).toFixed(2)}× one at most`);
console.log(`  raw publish (ids, 20 rows/message)    ${fmt(results.raw_publish_rows_per_sec).padStart(10)} rows/s    ${cpuCols(cpu.raw_publish)}`);
console.log(`  raw read (12 split readers, decode)   ${fmt(results.raw_read_rows_per_sec).padStart(10)} rows/s    ${cpuCols(cpu.raw_read)}`);
for (const name of Object.keys(QUERIES)) {
  for (const w of WORKER_COUNTS) {
    if (results[`${name}_${w}w_events_per_sec`] === undefined) continue;
    const raw = (results[`${name}_${w}w_events_per_sec`] / results.raw_read_rows_per_sec).toFixed(2);
    const ratio = w === 2 && results[`${name}_2w_over_1w`] !== undefined ? `${raw}× raw, ${results[`${name}_2w_over_1w`]}× 1 worker` : `${raw}× raw`;
    console.log(`  ${name.toUpperCase().padEnd(6)} ${w} worker${w > 1 ? 's' : ' '}  ${fmt(results[`${name}_${w}w_events_per_sec`]).padStart(10)} events/s (${ratio}); ${fmt(results[`${name}_${w}w_events_per_worker_cpu_s`])} events per worker-CPU-s`);
    console.log(`           ${cpuCols(cpu[`${name}_${w}w`])}`);
  }
}
console.log(`RESULT ${JSON.stringify({ machine, partitions: P, ...results, cpu })}`);
