// One benchmark measurement in a fresh process (bench/run.mjs starts one per case and system, so the
// peak RSS of one does not leak into another's, and no JIT feedback carries over):
//
//   node --expose-gc bench/case.mjs engine      <case> <events> [options]
//   node --expose-gc bench/case.mjs handwritten <case> <events> [options]
//   node --expose-gc bench/case.mjs duckdb      <case,case,...> <events> [options]
//   options: --rate 100000 (event-time events/s) --seed 0 --warmup <events> (default min(200k, events/10))
//            --repeat 1 (timed runs; the fastest counts)  --digest 0 (skip the digest run)
//            --dist <dir> (compiled engine, default ../dist) --threads 1 (DuckDB query threads)
//            --clock wall|cpu (default wall): what a timed run measures; cpu = the process's CPU time
//            (user + system, all threads, GC helpers included), steadier than wall time on a loaded machine
//            --input generate|pregen (default generate): pregen = the batches of the warm-up and of the N
//            events are generated once before the timed runs and replayed (lib/pregen.mjs) to the engine's
//            connector and the hand-written loop alike, so nothing is subtracted from a timed run
//
// <events> counts generator events of all kinds; the bid stream is 46/50 of them. Every system sees the
// same bids (same generator, seed and rate) in batches of 4096 and produces the case's result digest.
//   engine       CREATE SOURCE bid ... WITH (connector = 'nexmark', events = N) + the case's view,
//                engine.start() / await engine.idle(): the real connector path, result rows only counted.
//   handwritten  the generator's batches fed to the case's hand-written loop, result rows only counted.
//   For both: time = wall time of the run − generation time (see measure()); with --input pregen, the
//   whole run (replaying a kept batch is one array copy). A separate, untimed run of the same events
//   digests the result rows.
//   duckdb       batches appended to an in-memory table (load time apart); each case timed as execute +
//                materialize inside DuckDB; digested after, untimed (canonical text built in SQL).
// Prints one line `RESULT {json}`.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { AUCTION_COLUMNS_DDL, BID_COLUMNS_DDL, PERSON_COLUMNS_DDL, getCase } from './cases.mjs';
import { installReplay } from './lib/pregen.mjs';
import { createDigest } from './reference/digest.mjs';

const BATCH = 4096;
const [, , system, caseArg, eventsArg, ...rest] = process.argv;
const opts = {};
for (let i = 0; i < rest.length; i += 2) opts[rest[i].replace(/^--/, '')] = rest[i + 1];
const N = Number(eventsArg);
const rate = Number(opts.rate ?? 100_000);
const seed = Number(opts.seed ?? 0);
const warmup = Number(opts.warmup ?? Math.min(200_000, Math.floor(N / 10)));
const repeat = Math.max(1, Number(opts.repeat ?? 1));
const digestRun = opts.digest !== '0';
const dist = resolve(opts.dist ?? new URL('../dist', import.meta.url).pathname);
const cpuClock = opts.clock === 'cpu';
const pregen = opts.input === 'pregen';
if (opts.input !== undefined && opts.input !== 'pregen' && opts.input !== 'generate') throw new Error(`--input must be generate or pregen, got ${opts.input}`);
if (opts.clock !== undefined && opts.clock !== 'cpu' && opts.clock !== 'wall') throw new Error(`--clock must be wall or cpu, got ${opts.clock}`);
/** The clock of timed runs and generation (ms). */
const clock = cpuClock
  ? () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    }
  : () => performance.now();

if (pregen && !process.execArgv.includes('--single-threaded-gc')) {
  // The kept input is a large old generation (≈ 160 MB per million bids): the forced collections before
  // each timed run leave sweeping (and parallel-GC helper) work on it that would run on other threads
  // inside the timed run and be charged to whichever system runs there. With every GC phase on the main
  // thread, that work stays inside the (untimed) forced collections; both systems run under the same GC.
  const r = spawnSync(process.execPath, [...process.execArgv, '--single-threaded-gc', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

if (!system || !caseArg || !(N > 0)) {
  console.error('usage: node --expose-gc bench/case.mjs engine|handwritten|duckdb <case[,case...]> <events> [--rate R] [--seed S] [--warmup W] [--dist DIR] [--threads T]');
  process.exit(2);
}

/** Imports a module of the compiled engine; retries briefly if someone is rebuilding dist/ right now. */
async function importDist(rel) {
  const url = pathToFileURL(`${dist}/${rel}`).href;
  for (let attempt = 0; ; attempt++) {
    try {
      return await import(url);
    } catch (e) {
      if (attempt >= 20 || e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const peakRssMb = () => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10; // maxRSS is in KiB
const gc = () => globalThis.gc?.();

/** Where rows go in timed runs: counted, kept live so producing them cannot be optimized away. */
let blackhole = null;

/**
 * The generator alone over n events, in batches of BATCH bids as the connector asks for them: what the
 * engine's timed runs subtract.
 */
function generatorPass(NexmarkGenerator, n, tables = ['bid']) {
  gc();
  const t0 = clock();
  // One generator per table, as the engine runs one nexmark source per table.
  for (const table of tables) {
    const g = new NexmarkGenerator({ seed, eventsPerSecond: rate, maxEvents: n });
    while (!g.done()) {
      const rows = [];
      g.nextBatch(table, BATCH, rows);
      blackhole = rows;
    }
  }
  blackhole = null;
  return clock() - t0;
}

const DDL = { bid: BID_COLUMNS_DDL, person: PERSON_COLUMNS_DDL, auction: AUCTION_COLUMNS_DDL };

/**
 * Runs `once(n, digest)` as: warm-up (W events), the timed runs (N events, `--repeat` times, result rows
 * only counted; the fastest is reported, and the peak RSS after them), then the digest run (N, untimed:
 * correctness; skipped with `--digest 0`).
 *
 * What is subtracted from a timed run's wall time as generation:
 *  - engine: the generator's time in a standalone pass over the same N events, in this process. Not the
 *    time inside the connector's nextBatch calls: garbage collections that the engine's own allocations
 *    make necessary often happen there (on q0 that doubled the generator's apparent time), so the
 *    standalone figure charges the engine for all the GC beyond the generator's own (conservative).
 *  - hand-written: the time inside the feeding loop's nextBatch calls (clock reads around each batch).
 *    The loops allocate little, and their run is short next to the generator's, so a difference of two
 *    long noisy runs would mostly be noise.
 * With --input pregen nothing is subtracted: the input was generated before the warm-up and is replayed
 * (the replay, one array copy per batch, is in both systems' time; input_mb = the heap it holds, which
 * the peak RSS and the engine's live heap include).
 */
async function measure(once, standaloneGen, tables, measuresOwnGeneration) {
  const rssStart = mb(process.memoryUsage().rss);
  let inputMb = null;
  if (pregen) {
    // Generated once, outside every timed run; replayed to whichever generator asks (lib/pregen.mjs).
    const record = installReplay(standaloneGen, { seed, rate });
    inputMb = record(N, tables, BATCH) + (warmup > 0 ? record(warmup, tables, BATCH) : 0);
  }
  if (warmup > 0) {
    if (!pregen && !measuresOwnGeneration) generatorPass(standaloneGen, warmup, tables);
    await once(warmup, false);
  }
  const genMs = pregen || measuresOwnGeneration ? null : generatorPass(standaloneGen, N, tables);
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    gc();
    runs.push(await once(N, false));
  }
  const peak = peakRssMb();
  const ms = runs.map((r) => r.wall_ms - (pregen ? 0 : measuresOwnGeneration ? r.generate_in_run_ms : genMs));
  const best = runs[ms.indexOf(Math.min(...ms))];
  let checked = null;
  if (digestRun) {
    gc();
    checked = await once(N, true);
    if (checked.rows_out !== best.rows_out) throw new Error(`timed run gave ${best.rows_out} rows, digest run ${checked.rows_out}`);
  }
  return {
    bids: best.bids,
    rows_out: best.rows_out,
    late: checked?.late ?? best.late,
    wall_ms: best.wall_ms,
    input: pregen ? 'pregen' : 'generate',
    input_mb: inputMb,
    generate_ms: pregen ? 0 : measuresOwnGeneration ? best.generate_in_run_ms : genMs,
    generate_in_run_ms: best.generate_in_run_ms,
    ms: Math.min(...ms),
    runs_ms: ms,
    live_heap_end_mb: best.live_heap_end_mb,
    rss_start_mb: rssStart,
    peak_rss_mb: peak,
    digest: checked?.digest ?? null,
    digest_ms: checked?.digest_ms ?? null,
  };
}

async function engineCase(caseName) {
  const c = getCase(caseName);
  const { createEngine } = await importDist('src/index.js');
  const { nexmarkCounters } = await importDist('src/executor/sources/nexmark.js');
  const { NexmarkGenerator } = await importDist('src/executor/sources/nexmark-generator.js');
  const once = async (n, digest) => {
    const engine = createEngine();
    for (const t of c.tables ?? ['bid']) {
      engine.execute(`CREATE SOURCE ${t} (${DDL[t]}) WITH (connector = 'nexmark', 'table' = '${t}', events = ${n}, rate = ${rate}, seed = ${seed})`);
    }
    engine.execute(`CREATE VIEW v AS ${c.sql}`);
    const d = digest ? createDigest(caseName) : null;
    let digestMs = 0;
    let rowsOut = 0;
    engine.subscribeRaw(
      'v',
      d === null
        ? (rows) => {
            rowsOut += rows.length;
            blackhole = rows;
          }
        : (rows, ops) => {
            const t = performance.now();
            // A changelog (ops given) is folded: the digest is that of its final table.
            if (ops === null) for (let i = 0; i < rows.length; i++) d.add(rows[i]);
            else for (let i = 0; i < rows.length; i++) d.apply(rows[i], ops[i]);
            rowsOut += rows.length;
            digestMs += performance.now() - t;
          },
    );
    gc();
    nexmarkCounters.generateMs = 0;
    nexmarkCounters.rows = 0;
    const t0 = clock();
    engine.start();
    await engine.idle();
    const wallMs = clock() - t0;
    blackhole = null;
    const rejected = engine.rejectedRows();
    if (rejected.length > 0) throw new Error(`the nexmark source rejected: ${rejected[0].reason}`);
    const view = engine.stats().views.find((v) => v.view === 'v');
    gc(); // what the engine still holds once every window has fired: state, logs (and any leak)
    const liveHeap = process.memoryUsage().heapUsed;
    await engine.close();
    return {
      bids: nexmarkCounters.rows,
      rows_out: rowsOut,
      late: view?.lateRows ?? 0,
      wall_ms: wallMs,
      generate_in_run_ms: nexmarkCounters.generateMs,
      live_heap_end_mb: mb(liveHeap),
      digest_ms: digestMs,
      digest: d?.result() ?? null,
    };
  };
  return measure(once, NexmarkGenerator, c.tables ?? ['bid'], false);
}

async function handwrittenCase(caseName) {
  const { NexmarkGenerator } = await importDist('src/executor/sources/nexmark-generator.js');
  const { createHandwritten } = await import('./reference/handwritten.mjs');
  // Join cases read person and auction rows from the generator's mixed stream, in event order.
  const mixed = getCase(caseName).tables !== undefined;
  const once = (n, digest) => {
    const g = new NexmarkGenerator({ seed, eventsPerSecond: rate, maxEvents: n });
    const d = digest ? createDigest(caseName) : null;
    let rowsOut = 0;
    let digestMs = 0;
    let innerGenerateMs = 0;
    let bids = 0;
    const emit =
      d === null
        ? (row) => {
            rowsOut++;
            blackhole = row;
          }
        : (row, op) => {
            const t = performance.now();
            d.apply(row, op);
            rowsOut++;
            digestMs += performance.now() - t;
          };
    const s = createHandwritten(caseName, emit);
    gc();
    const t0 = clock();
    while (!g.done()) {
      const rows = [];
      const t = clock();
      g.nextBatch(mixed ? null : 'bid', BATCH, rows);
      innerGenerateMs += clock() - t;
      bids += rows.length;
      s.push(rows);
    }
    const late = s.end();
    const wallMs = clock() - t0;
    blackhole = null;
    return {
      bids,
      rows_out: rowsOut,
      late,
      wall_ms: wallMs,
      generate_in_run_ms: innerGenerateMs,
      live_heap_end_mb: null,
      digest_ms: digestMs,
      digest: d?.result() ?? null,
    };
  };
  return measure(once, NexmarkGenerator, [mixed ? null : 'bid'], true);
}

async function duckdbCases(caseNames) {
  const { NexmarkGenerator } = await importDist('src/executor/sources/nexmark-generator.js');
  const { createDuckDb, runDuckDbCase } = await import('./reference/duckdb.mjs');
  const threads = Number(opts.threads ?? 1);
  const db = await createDuckDb({ threads });
  const g = new NexmarkGenerator({ seed, eventsPerSecond: rate, maxEvents: N });
  let generateMs = 0;
  while (!g.done()) {
    const rows = [];
    const t = performance.now();
    g.nextBatch('bid', BATCH, rows);
    generateMs += performance.now() - t;
    db.append(rows);
  }
  db.finish();
  if (caseNames.some((c) => getCase(c).tables !== undefined)) {
    const gt = new NexmarkGenerator({ seed, eventsPerSecond: rate, maxEvents: N });
    while (!gt.done()) {
      const rows = [];
      const t = performance.now();
      gt.nextBatch(null, BATCH, rows);
      generateMs += performance.now() - t;
      await db.appendTables(rows);
    }
    db.finishTables();
  }
  const cases = {};
  for (const name of caseNames) {
    gc();
    const r = await runDuckDbCase(db, name, { queryThreads: threads, digestThreads: os.cpus().length });
    cases[name] = { rows_out: r.rowsOut, ms: r.queryMs, digest_ms: r.digestMs, digest: r.digest };
  }
  db.close();
  return { bids: db.rows, threads, load_ms: db.loadMs, generate_ms: generateMs, cases, peak_rss_mb: peakRssMb() };
}

try {
  let result;
  if (system === 'engine') result = await engineCase(caseArg);
  else if (system === 'handwritten') result = await handwrittenCase(caseArg);
  else if (system === 'duckdb') result = await duckdbCases(caseArg.split(','));
  else throw new Error(`unknown system '${system}': engine, handwritten or duckdb`);
  console.log(`RESULT ${JSON.stringify({ system, case: caseArg, events: N, rate, seed, clock: cpuClock ? 'cpu' : 'wall', ...result })}`);
} catch (e) {
  console.log(`RESULT ${JSON.stringify({ system, case: caseArg, events: N, error: String(e?.stack ?? e) })}`);
  process.exitCode = 1;
}
