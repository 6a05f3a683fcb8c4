// Self time by function from a V8 .cpuprofile, the hottest first, at src/ file:line:
//
//   node --cpu-prof --cpu-prof-dir=prof --expose-gc bench/case.mjs engine tumble_100k_keys 3000000 --warmup 0 --digest 0
//   node bench/cpuprofile-top.mjs prof/*.cpuprofile [limit = 30]
//
// Positions in dist/*.js are mapped back to the TypeScript source through the .js.map files that
// scripts/build.mjs writes (node:module SourceMap); other files are shown as node_modules/... or node:...
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const [file, limitArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/cpuprofile-top.mjs <file.cpuprofile> [limit]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const limit = Number(limitArg ?? 30);

const maps = new Map(); // url → SourceMap | null
function sourceMapOf(url) {
  if (!maps.has(url)) {
    let map = null;
    try {
      const path = url.startsWith('file:') ? fileURLToPath(url) : url;
      if (existsSync(`${path}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return maps.get(url);
}

/** "src/executor/operators/x.ts:123" for compiled engine code, else a shortened url:line. */
function where(cf) {
  if (!cf.url) return '';
  const map = sourceMapOf(cf.url);
  if (map) {
    const e = map.findEntry(cf.lineNumber, cf.columnNumber);
    if (e && e.originalSource) return `${e.originalSource.replace(/^.*?\/(src|repl)\//, '$1/')}:${e.originalLine + 1}`;
  }
  return `${cf.url.replace(/^.*\/(dist|node_modules|bench)\//, '$1/')}:${cf.lineNumber + 1}`;
}

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
  if (ms === 0) continue;
  const key = `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame)}`.trim();
  self.set(key, (self.get(key) ?? 0) + ms);
}
console.log(`total ${total.toFixed(0)} ms sampled`);
for (const [key, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
  console.log(`${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}
