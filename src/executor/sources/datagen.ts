/**
 * `connector = 'datagen'`: rows generated from the source's schema, like Flink's datagen, so a query
 * can run without a network or a file. Options (all optional):
 *   rows_per_second = 10        rate (wall clock); number_of_rows = N makes the source bounded
 *   seed = 42                   deterministic values for a seed
 *   fields.<col>.kind = 'random' | 'sequence'     fields.<col>.min / max (numbers), start / end (sequence)
 *   fields.<col>.values = 'a,b,c'                  pick from a list (weights: 'a:5,b:1')
 *   fields.<col>.distribution = 'zipf'             skewed integers: a few hot values (s = 1.1)
 *   fields.<col>.length = 8                        random string length
 *   fields.<col>.null_rate = 0.1                   fraction of NULLs (nullable columns only)
 *   fields.<ts>.max_past = '2s'                    TIMESTAMP columns are "now" minus up to max_past
 * TIMESTAMP columns follow the wall clock, so the event-time watermark moves with real time.
 */
import type { SourceColumn } from '../../parser/catalog.js';
import { systemClock, type Clock } from '../api.js';
import type { SourceRuntime } from '../runtime/source-runtime.js';
import { parseDuration, type ConnectorHandle } from './index.js';

type Gen = (i: number, now: number) => unknown;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeGenerators(rt: SourceRuntime, rand: () => number): Gen[] {
  const opt = (col: string, key: string): string | number | boolean | undefined => rt.def.options[`fields.${col}.${key}`];
  return rt.def.columns.map((c: SourceColumn) => {
    const nullRate = c.notNull ? 0 : Number(opt(c.name, 'null_rate') ?? 0);
    const base = baseGen(c, rand, (k) => opt(c.name, k));
    return nullRate > 0 ? (i: number, now: number) => (rand() < nullRate ? null : base(i, now)) : base;
  });
}

function baseGen(c: SourceColumn, rand: () => number, opt: (k: string) => string | number | boolean | undefined): Gen {
  const values = opt('values');
  if (values !== undefined) {
    const entries = String(values).split(',').map((v) => v.trim()).filter(Boolean).map((v) => {
      const m = /^(.*):(\d+(?:\.\d+)?)$/.exec(v);
      return m ? { v: m[1]!, w: Number(m[2]) } : { v, w: 1 };
    });
    const total = entries.reduce((s, e) => s + e.w, 0);
    const conv = (v: string): unknown => (c.type.name === 'VARCHAR' ? v : c.type.name === 'BOOLEAN' ? v === 'true' : Number(v));
    return () => {
      let r = rand() * total;
      for (const e of entries) if ((r -= e.w) < 0) return conv(e.v);
      return conv(entries[entries.length - 1]!.v);
    };
  }
  const kind = String(opt('kind') ?? 'random');
  const min = Number(opt('min') ?? 0);
  const max = Number(opt('max') ?? (c.type.name === 'INT' ? 1000 : 1_000_000));
  switch (c.type.name) {
    case 'TIMESTAMP': {
      const past = parseDuration(opt('max_past') ?? 0) ?? 0;
      return (_i, now) => now - Math.floor(rand() * past);
    }
    // The generator's clock, as a date or a time of day.
    case 'DATE':
      return (_i, now) => Math.floor(now / 86_400_000);
    case 'TIME':
      return (_i, now) => ((now % 86_400_000) + 86_400_000) % 86_400_000;
    case 'BOOLEAN':
      return () => rand() < 0.5;
    case 'VARCHAR': {
      const len = Number(opt('length') ?? 8);
      return () => {
        let s = '';
        for (let k = 0; k < len; k++) s += String.fromCharCode(97 + Math.floor(rand() * 26));
        return s;
      };
    }
    case 'INT':
    case 'BIGINT': {
      if (kind === 'sequence') {
        const start = Number(opt('start') ?? 1);
        return (i) => start + i;
      }
      if (opt('distribution') === 'zipf') return zipf(min, max, rand);
      return () => min + Math.floor(rand() * (max - min + 1));
    }
    default:
      return () => min + rand() * (max - min);
  }
}

/** Zipf-distributed integers in [min, max] (value min is the hottest), by inverse CDF. */
function zipf(min: number, max: number, rand: () => number): Gen {
  const n = Math.max(1, Math.min(max - min + 1, 1_000_000));
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / Math.pow(k + 1, 1.1);
  return () => {
    const r = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return min + lo;
  };
}

/** Rows are due at `rows_per_second` of `clock` time, stamped with its "now": a manual clock drives it in tests. */
export function startDatagen(rt: SourceRuntime, clock: Clock = systemClock): ConnectorHandle {
  const rate = Math.max(1, Number(rt.def.options['rows_per_second'] ?? 10));
  const limit = rt.def.options['number_of_rows'] !== undefined ? Number(rt.def.options['number_of_rows']) : Infinity;
  // One split; its offset is the number of rows generated, so a restart resumes the sequence.
  const split = rt.split();
  const start = typeof split.offset === 'number' ? split.offset : 0;
  const rand = mulberry32(Number(rt.def.options['seed'] ?? 42) + start);
  const gens = makeGenerators(rt, rand);
  const names = rt.def.columns.map((c) => c.name);
  let produced = start;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const started = clock.now();
  const startCount = produced;
  const tick = (): void => {
    const now = clock.now();
    const due = Math.min(limit, startCount + Math.floor(((now - started) / 1000) * rate)) - produced;
    if (due > 0) {
      const rows: Record<string, unknown>[] = new Array(due);
      for (let k = 0; k < due; k++) {
        const o: Record<string, unknown> = {};
        for (let j = 0; j < gens.length; j++) o[names[j]!] = gens[j]!(produced + k, now);
        rows[k] = o;
      }
      produced += due;
      rt.push(rows, 'datagen', { split, offset: produced });
    }
    if (produced >= limit) {
      stopTicks();
      rt.advanceTo(Infinity);
      resolveDone();
    }
  };
  const stopTicks = clock.every(Math.max(10, Math.min(200, 1000 / rate)), tick);
  return {
    bounded: Number.isFinite(limit),
    done,
    stop() {
      stopTicks();
      resolveDone();
    },
  };
}
