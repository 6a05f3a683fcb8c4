// Nexmark generator throughput on one core: `npm run build && node bench/generator-speed.mjs [events]`.
// Each configuration runs in its own process (a warm-up pass, then the measured pass), so one
// configuration's JIT feedback (another seeding function, other tables) cannot slow down the next.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const CONFIGS = {
  'bids only': [{}, 'bid'],
  'bids only, seed 42': [{ seed: 42 }, 'bid'],
  'all tables': [{}, null],
  'bids only, exactExtra': [{ exactExtra: true }, 'bid'],
};
const BATCH = 4096;

async function runOne(label, events) {
  const { NexmarkGenerator } = await import('../dist/src/executor/sources/nexmark-generator.js');
  const [cfg, table] = CONFIGS[label];
  let result = '';
  for (const pass of ['warm-up', 'measured']) {
    const g = new NexmarkGenerator({ ...cfg, maxEvents: events });
    let rows = 0;
    const t0 = performance.now();
    while (!g.done()) {
      const out = [];
      g.nextBatch(table, BATCH, out);
      rows += out.length;
    }
    const s = (performance.now() - t0) / 1000;
    if (pass === 'measured') {
      result =
        `${label.padEnd(24)} ${String(rows).padStart(10)} rows  ${s.toFixed(2).padStart(6)} s  ` +
        `${(rows / s / 1e6).toFixed(2)} M rows/s  ${(events / s / 1e6).toFixed(2)} M events/s`;
    }
  }
  console.log(result);
}

const [, , first, second] = process.argv;
if (first === '--one') {
  await runOne(second, Number(process.argv[4]));
} else {
  const events = Number(first ?? 10_000_000);
  console.log(`${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg()[0].toFixed(2)}`);
  console.log(`${events} events per run (all kinds), batches of ${BATCH} rows`);
  const self = fileURLToPath(import.meta.url);
  for (const label of Object.keys(CONFIGS)) {
    // exactExtra is ~10x slower: measure it on a tenth of the events.
    const n = label.endsWith('exactExtra') ? Math.ceil(events / 10) : events;
    execFileSync(process.execPath, [self, '--one', label, String(n)], { stdio: 'inherit' });
  }
}
