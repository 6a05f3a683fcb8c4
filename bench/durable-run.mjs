// One run of the durable workload (lib/durable-workload.mjs) in one mode, for profiling it alone:
//
//   npm run build && node --cpu-prof --cpu-prof-dir=prof --expose-gc bench/durable-run.mjs [--query tumble|hop]
//        [--mode ckpt-1s|input-log|memory] [--events 400000]
//   node bench/cpuprofile-top.mjs prof/<file>.cpuprofile 25   # one file per thread: the engine's, the commit thread's
//
// Prints events/s and events per CPU-second (both threads) of the run, and the same until everything
// pushed is committed (close), which counts what a commit thread left behind; on Linux also the run's CPU
// by thread (the engine's, the commit thread's, V8's helpers: GC marking and sweeping, compilers).
import { QUERIES, loadCreateEngine, makeEvents, tempStateDir, throughput } from './lib/durable-workload.mjs';
import { cliArgs, fmt } from './lib/stats.mjs';

const { option, number } = cliArgs();
const query = option('query', 'tumble');
const mode = option('mode', 'ckpt-1s');
if (!QUERIES[query]) throw new Error(`unknown query '${query}' (expected ${Object.keys(QUERIES).join(', ')})`);
const r = await throughput(await loadCreateEngine(), tempStateDir('tq-durable-run-'), mode, query, makeEvents(number('events', 400_000)));
console.log(
  `${query} ${mode}: ${fmt(r.rate)} events/s, ${fmt(r.cpuRate)} events per CPU-second, ${r.ckpts} checkpoints, ${fmt(r.out)} rows out; ` +
    `until all committed (close): ${fmt(r.rateClosed)} events/s, ${fmt(r.cpuRateClosed)} per CPU-second`,
);
// Threads started with the engine: the commit thread (and libuv's pool, if the run started it).
if (r.threads) console.log(`CPU of the timed run by thread: engine ${fmt(r.threads.engine)} ms, commit thread ${fmt(r.threads.commit)} ms, V8 helpers ${fmt(r.threads.helpers)} ms`);
