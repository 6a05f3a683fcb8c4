// The server side of bench/e2e-server.mjs, in its own process (as in production: one process, one event
// loop, the engine and the websocket server sharing it): createEngine + startServer from dist/, on
// 127.0.0.1 and a free port, with the view of the benchmark. Run as
//
//   node [--cpu-prof --cpu-prof-dir DIR] bench/lib/e2e-server-process.mjs --state <path | :memory:> [--slice-rows N]
//
// Prints `READY {"url":...}` once listening; on a `stop` line on stdin (or stdin closing) it prints
// `DONE {json}` with the engine's and the server's counters, closes both and exits 0 (so a --cpu-prof
// profile is written).
//
// The server's per-connection rate limit (default 200 messages/s, not settable from tumbleql.yaml) is
// raised here: at 1,000 rows per insert it would cap the producer at 200k events/s, which would measure
// the limit rather than the engine.
import { createInterface } from 'node:readline';
import { startLoopProbe } from './loop-probe.mjs';
import { cliArgs } from './stats.mjs';

export const T0 = Date.UTC(2024, 0, 1);
/** Events per ms of event time: a 1 s window holds 100,000 events. */
export const PER_MS = 100;
export const WINDOW_MS = 1000;
// The watermark trails the largest ts by 1 ms: 100 events share each ms, and with `ts` itself the 99
// after the first event at window_end − 1 would be late. A window fires on the first event of the next.

export const SQL = `
CREATE SOURCE ev (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' MILLISECOND)
  WITH (connector = 'websocket', format = 'json');
CREATE VIEW agg AS SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS s
  FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY window_start, window_end, k;`;

async function main() {
  const { option } = cliArgs();
  const statePath = option('state', ':memory:');
  // Rows per chunk of a window firing (EngineOptions.sliceRows; 0 = at once). Builds without the option ignore it.
  const sliceRows = Number(option('slice-rows', '1024'));
  const { createEngine } = await import('../../dist/src/index.js');
  const { startServer } = await import('../../dist/src/executor/server/index.js');
  const engine = createEngine({ statePath, checkpointIntervalMs: 1000, sliceRows });
  engine.execute(SQL);
  const server = await startServer(engine, {
    host: '127.0.0.1',
    port: 0,
    token: '',
    logLevel: 'warn',
    // A window over 100k keys emits ~10 MB of rows at once; the default 8 MiB budget would drop the subscriber.
    maxBufferedBytes: 256 * 1024 * 1024,
    rateLimit: { perSecond: 1e6, burst: 1e6 },
  });
  // The server starts its SQL parse worker (security/off-thread.ts), which loads the grammar: ~0.6 s of
  // CPU on a thread of its own, once per process. Measured from READY, it overlapped the warm-up window
  // and counted as ~1 µs per event of a --quick run. A parse long enough to go to the worker is answered
  // after the warm-up parse (in order), so the worker is warm once it is back.
  try {
    const { parseOffThread } = await import('../../dist/src/security/off-thread.js');
    await parseOffThread(`SHOW SOURCES${' '.repeat(4096)}`);
  } catch {
    // A build without it: nothing to wait for.
  }
  // `--trace FILE`: per engine push (start, end, rows, first ts) and per batch of the view's output (time,
  // first seq, rows), written at stop, to line up a window's trigger, firing and delivery (bench/e2e-trace.mjs).
  const tracePath = option('trace', null);
  // hrOffsetMs: CLOCK_MONOTONIC (a --cpu-prof profile's timestamps, µs) − the trace's clock, in ms.
  const trace = tracePath ? { push: [], out: [], hrOffsetMs: Number(process.hrtime.bigint()) / 1e6 - (performance.timeOrigin + performance.now()) } : null;
  if (trace) {
    const push = engine.push.bind(engine);
    const { readFileSync } = await import('node:fs');
    const runNs = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'latin1').split(' ')[0]);
    engine.push = (source, rows, ...rest) => {
      const t = performance.timeOrigin + performance.now();
      const c = runNs();
      const r = push(source, rows, ...rest);
      trace.push.push(t, performance.timeOrigin + performance.now(), rows.length, rows[0]?.ts ?? NaN, runNs() - c);
      return r;
    };
    // The main thread's run time and time waiting for a core (ns, /proc schedstat), at each window's first
    // and last batch (rows per window: `--trace-window-rows`, 100k at 100k keys).
    const perWindow = Number(option('trace-window-rows', '100000'));
    const sched = () => readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'latin1').split(' ').slice(0, 2).map(Number);
    trace.sched = [];
    engine.subscribeText('agg', (b) => {
      const t = performance.timeOrigin + performance.now();
      trace.out.push(t, b.firstSeq, b.count);
      const last = b.firstSeq + b.count - 1;
      if ((b.firstSeq - 1) % perWindow === 0 || last % perWindow === 0) trace.sched.push(t, Math.floor((b.firstSeq - 1) / perWindow), (b.firstSeq - 1) % perWindow === 0 ? 0 : 1, ...sched());
    });
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // Where the loop went: the longest block and the total of blocks over 50 ms, and the checkpoints'
  // own durations (engine.stats() keeps only the last one, so it is polled).
  const probe = startLoopProbe(50);
  const ckpt = { count: 0, totalMs: 0, maxMs: 0, epoch: 0 };
  const poll = setInterval(() => {
    const c = engine.stats().checkpoint;
    if (c && c.epoch !== ckpt.epoch) {
      ckpt.epoch = c.epoch;
      ckpt.count++;
      ckpt.totalMs += c.durationMs;
      ckpt.maxMs = Math.max(ckpt.maxMs, c.durationMs);
    }
  }, 20);
  process.stdout.write(`READY ${JSON.stringify({ url: server.url, pid: process.pid })}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const metric = async (name) => (await server.metrics.registry.getSingleMetric(name)?.get())?.values[0]?.value ?? 0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(poll);
    const loop = probe.stop();
    const stats = engine.stats();
    const done = {
      events_in: stats.sources[0]?.eventsIn ?? 0,
      rows_out: stats.views[0]?.rowsOut ?? 0,
      late_rows: stats.views[0]?.lateRows ?? 0,
      checkpoints: stats.checkpoint?.count ?? 0,
      checkpoints_seen: ckpt.count,
      checkpoint_store_total_ms: Math.round(ckpt.totalMs),
      checkpoint_store_max_ms: Math.round(ckpt.maxMs),
      loop_max_ms: Math.round(loop.maxMs),
      loop_blocked_over_50ms_s: Math.round(loop.longGaps.reduce((a, g) => a + g, 0) / 10) / 100,
      slow_consumers_dropped: await metric('tumbleql_ws_slow_consumers_dropped_total'),
      // CPU time of the whole server process (all its threads) from READY to now: on a shared machine a
      // steadier figure than wall-clock rates, since it leaves out time spent waiting for a core.
      run_s: Math.round(performance.now() - t0) / 1000,
      cpu_s: Math.round((cpu.user + cpu.system) / 1e4) / 100,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
    };
    if (trace) (await import('node:fs')).writeFileSync(tracePath, JSON.stringify(trace));
    await server.close();
    await engine.close();
    process.stdout.write(`DONE ${JSON.stringify(done)}\n`);
    process.exit(0);
  };
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (line.trim() === 'stop') void stop();
  });
  rl.on('close', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
