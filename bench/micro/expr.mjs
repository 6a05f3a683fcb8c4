// Micro-benchmark of compiled expressions (src/planner/compile-expr.ts): generated code vs. a
// closure-per-node tree (the usual alternative) vs. hand-written JS, over 1M rows.
//   node bench/micro/expr.mjs
// The TypeScript source is bundled on the fly with esbuild (a dev dependency).
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = mkdtempSync(join(tmpdir(), 'tumbleql-bench-'));
const out = join(dir, 'compile-expr.mjs');
await build({ entryPoints: ['src/planner/compile-expr.ts'], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
const { compileExpr, compilePredicate } = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });

const t = (name, nullable = true, extra = {}) => ({ name, nullable, ...extra });
const input = (index, name, type) => ({ kind: 'input', index, name, type });
const konst = (value, type) => ({ kind: 'const', value, type: { ...type, nullable: false } });
const fn = (f, args, type) => ({ kind: 'call', fn: f, args, type });

// row: [price DOUBLE, channel VARCHAR, qty INT, ts TIMESTAMP]
const price = input(0, 'price', t('DOUBLE'));
const channel = input(1, 'channel', t('VARCHAR'));
const qty = input(2, 'qty', t('INT'));
const B = t('BOOLEAN');
const exprs = {
  "price > 10 AND channel = 'web'": {
    e: fn('AND', [fn('>', [price, konst(10, t('INT'))], B), fn('=', [channel, konst('web', t('VARCHAR'))], B)], B),
    hand: (r) => { const p = r[0], c = r[1]; const a = p == null ? null : p > 10; if (a === false) return false; const b = c == null ? null : c === 'web'; return b === false ? false : a == null || b == null ? null : true; },
    pred: true,
  },
  'price * qty + 1': {
    e: fn('+', [fn('*', [price, qty], t('DOUBLE')), konst(1, t('INT'))], t('DOUBLE')),
    hand: (r) => { const p = r[0], q = r[2]; return p == null || q == null ? null : p * q + 1; },
  },
  "CASE WHEN qty > 5 THEN 'big' WHEN qty > 2 THEN 'mid' ELSE 'small' END": {
    e: { kind: 'case', whens: [
      { when: fn('>', [qty, konst(5, t('INT'))], B), then: konst('big', t('VARCHAR')) },
      { when: fn('>', [qty, konst(2, t('INT'))], B), then: konst('mid', t('VARCHAR')) },
    ], else: konst('small', t('VARCHAR')), type: t('VARCHAR') },
    hand: (r) => { const q = r[2]; return q != null && q > 5 ? 'big' : q != null && q > 2 ? 'mid' : 'small'; },
  },
  "channel LIKE 'we%' OR qty IN (1, 3, 5, 7, 9, 11)": {
    e: fn('OR', [fn('LIKE', [channel, konst('we%', t('VARCHAR'))], B),
      fn('IN', [qty, ...[1, 3, 5, 7, 9, 11].map((v) => konst(v, t('INT')))], B)], B),
    hand: (r) => { const c = r[1], q = r[2]; const a = c == null ? null : c.startsWith('we'); if (a === true) return true; const b = q == null ? null : [1, 3, 5, 7, 9, 11].includes(q); return b === true ? true : a == null || b == null ? null : false; },
    pred: true,
  },
};

// The baseline: one closure per node, NULL handling in each.
function closure(e) {
  switch (e.kind) {
    case 'const': { const v = e.value; return () => v; }
    case 'input': { const i = e.index; return (r) => r[i]; }
    case 'case': {
      const ws = e.whens.map((w) => [closure(w.when), closure(w.then)]);
      const el = e.else ? closure(e.else) : () => null;
      return (r) => { for (const [w, th] of ws) if (w(r) === true) return th(r); return el(r); };
    }
    case 'call': {
      const a = e.args.map(closure);
      const [x, y] = a;
      switch (e.fn) {
        case 'AND': return (r) => { const p = x(r); if (p === false) return false; const q = y(r); return q === false ? false : p == null || q == null ? null : true; };
        case 'OR': return (r) => { const p = x(r); if (p === true) return true; const q = y(r); return q === true ? true : p == null || q == null ? null : false; };
        case '>': return (r) => { const p = x(r), q = y(r); return p == null || q == null ? null : p > q; };
        case '=': return (r) => { const p = x(r), q = y(r); return p == null || q == null ? null : p === q; };
        case '+': return (r) => { const p = x(r), q = y(r); return p == null || q == null ? null : p + q; };
        case '*': return (r) => { const p = x(r), q = y(r); return p == null || q == null ? null : p * q; };
        case 'LIKE': { const re = /^we.*$/su; return (r) => { const p = x(r); return p == null ? null : re.test(p); }; }
        case 'IN': { const rest = a.slice(1); return (r) => { const p = x(r); if (p == null) return null; for (const f of rest) if (f(r) === p) return true; return false; }; }
      }
    }
  }
  throw new Error(`baseline: ${e.kind} ${e.fn}`);
}

// 4096 rows evaluated 250 times: measures evaluation, not cache misses of a huge array.
const R = 4096;
const REPEAT = 250;
const N = R * REPEAT;
const channels = ['web', 'app', 'west', null, 'api'];
const rows = Array.from({ length: R }, (_, i) => [i % 17 === 0 ? null : (i % 100) / 3, channels[i % 5], i % 13, 1_600_000_000_000 + i]);

// Each measured function gets its own copy of the loop, so the loop's call site stays monomorphic.
const makeLoop = () =>
  new Function('rows', 'R', 'REPEAT', `return function loop(f) {
    let sink = 0;
    for (let k = 0; k < REPEAT; k++) for (let i = 0; i < R; i++) if (f(rows[i]) != null) sink++;
    return sink;
  }`)(rows, R, REPEAT);

function time(f, loop) {
  let best = Infinity;
  for (let k = 0; k < 5; k++) {
    const t0 = process.hrtime.bigint();
    loop(f);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / N);
  }
  return best;
}

const entries = Object.entries(exprs).map(([name, x]) => ({
  name,
  ...x,
  compiled: x.pred ? compilePredicate(x.e) : compileExpr(x.e),
  closures: closure(x.e),
  loops: [makeLoop(), makeLoop(), makeLoop()],
}));
for (const { name, compiled, hand, pred } of entries) {
  for (let i = 0; i < R; i++) {
    const want = hand(rows[i]);
    const got = compiled(rows[i]);
    if ((pred ? want === true : want) !== got) throw new Error(`${name}: row ${i}: ${got} != ${want}`);
  }
}
// An engine runs many expressions at once: warm every variant first, so shared closure code sees the
// mix of call targets it would see in a real pipeline (generated functions each have their own code).
for (const x of entries) {
  x.loops[0](x.compiled);
  x.loops[1](x.closures);
  x.loops[2](x.hand);
}

console.log(`ns per evaluation (best of 5 × ${N.toLocaleString()}), Node ${process.version}`);
for (const { name, compiled, closures, hand, loops } of entries) {
  const g = time(compiled, loops[0]);
  const c = time(closures, loops[1]);
  const h = time(hand, loops[2]);
  console.log(`${name}\n  generated ${g.toFixed(1)}   closures ${c.toFixed(1)}   hand-written ${h.toFixed(1)}   (closures/generated ${(c / g).toFixed(1)}×)`);
}
