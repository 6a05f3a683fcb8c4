// Self time by function (file:line) from a V8 .cpuprofile, the hottest first:
//
//   node --cpu-prof --cpu-prof-dir=prof bench/case.mjs engine tumble_100k_keys 3000000 --warmup 0
//   node bench/cpuprofile-top.mjs prof/*.cpuprofile [limit = 30]
//
// Paths are shortened to dist/... and node_modules/...; lines are 1-based lines of the compiled file
// in dist/ (esbuild keeps one output file per source file, so the function names match src/).
import { readFileSync } from 'node:fs';

const [file, limitArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/cpuprofile-top.mjs <file.cpuprofile> [limit]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const limit = Number(limitArg ?? 30);

const sampled = new Map(); // node id → µs
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const self = new Map(); // "function file:line" → ms
let total = 0;
for (const n of profile.nodes) {
  const ms = (sampled.get(n.id) ?? 0) / 1000;
  total += ms;
  const cf = n.callFrame;
  const where = cf.url ? `${cf.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${cf.lineNumber + 1}` : '';
  const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
  self.set(key, (self.get(key) ?? 0) + ms);
}
console.log(`total ${total.toFixed(0)} ms sampled`);
for (const [key, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
  console.log(`${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}
