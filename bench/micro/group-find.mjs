// Micro-benchmark of the group look-up of the window operators (GroupSpace find/create/touch + one
// accumulator update), alone: windows of N events over K integer keys, each window opened, filled and
// dropped as TUMBLE does (the store and index of a dropped window serve a later one). Prints ns per event.
//   node bench/micro/group-find.mjs [--dist DIR] [--keys 100000] [--per-key 1] [--windows 20] [--repeat 3]
// --per-key 1: every event is a new group of its window (the e2e server case, TUMBLE 1 s at 100 events/ms
// over 100k keys); --per-key 9: about tumble_100k_keys (1 miss, then hits). Keys are visited in a
// shuffled order (the same in every window). Times the process's CPU (all threads); fastest of --repeat.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? dflt : args[i + 1];
};
const dist = pathToFileURL(resolve(opt('dist', new URL('../../dist', import.meta.url).pathname))).href;
const KEYS = Number(opt('keys', 100000));
const PER_KEY = Number(opt('per-key', 1));
const WINDOWS = Number(opt('windows', 20));
const REPEAT = Number(opt('repeat', 3));

const { GroupTable } = await import(`${dist}/src/executor/aggregates/group-table.js`);
const { Aggregation } = await import(`${dist}/src/executor/aggregates/groups.js`);
const { T } = await import(`${dist}/src/parser/types.js`);

// GROUP BY k: COUNT(*), SUM(v) over rows [k INT, v INT] (tumble_100k_keys's aggregates).
const K = { kind: 'input', index: 0, name: 'k', type: T.int() };
const V = { kind: 'input', index: 1, name: 'v', type: T.int() };
const call = (fn, arg, type) => ({ fn, arg, distinct: false, filter: null, type, text: fn });
const agg = new Aggregation([K], [call('COUNT', null, T.bigint(false)), call('SUM', V, T.int())], false);

// One row per event: a key visited PER_KEY times per window, keys in a shuffled order.
const perm = Array.from({ length: KEYS }, (_, i) => i);
let seed = 42;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
for (let i = KEYS - 1; i > 0; i--) {
  const j = Math.floor(rnd() * (i + 1));
  [perm[i], perm[j]] = [perm[j], perm[i]];
}
const rows = [];
for (let r = 0; r < PER_KEY; r++) for (const k of perm) rows.push([k, k & 1023]);

function run() {
  const t = new GroupTable('g', agg);
  const c0 = process.cpuUsage();
  for (let w = 0; w < WINDOWS; w++) {
    const space = t.open(w);
    const store = space.store;
    for (let i = 0, n = rows.length; i < n; i++) {
      const row = rows[i];
      const key = agg.keyOf(row);
      let s = space.find(key);
      if (s < 0) s = space.create(key, row);
      store.add(s, row);
      space.touch(key);
    }
    let sum = 0;
    for (const s of space.readSlots()) sum += store.n(s);
    if (sum !== rows.length) throw new Error(`window ${w}: ${sum} rows, expected ${rows.length}`);
    t.drop(w);
  }
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) * 1000) / (WINDOWS * rows.length);
}

const runs = [];
for (let r = 0; r < REPEAT; r++) runs.push(run());
console.log(JSON.stringify({ dist, keys: KEYS, per_key: PER_KEY, windows: WINDOWS, ns_per_event: +Math.min(...runs).toFixed(1), runs: runs.map((x) => +x.toFixed(1)) }));
