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
 * TIMESTAMP columns follow the clock (each row is stamped with the time it fell due at rows_per_second),
 * so the event-time watermark moves with real time. Every row is a function of the seed, its number and
 * the time its run started, so a new 'earliest' query regenerates the source's rows (regenerateDatagen).
 */
import type { SourceColumn, SourceDef } from '../../parser/catalog.js';
import { physicalColumns } from '../../parser/catalog.js';
import { systemClock, type Clock } from '../api.js';
import type { SourceRuntime } from '../runtime/source-runtime.js';
import type { SplitOffset } from '../runtime/splits.js';
import { fmix32 } from './java-random.js';
import { parseDuration, type ConnectorHandle } from './index.js';

type Gen = (i: number, now: number) => unknown;

export function makeGenerators(def: SourceDef, rand: () => number): Gen[] {
  const opt = (col: string, key: string): string | number | boolean | undefined => def.options[`fields.${col}.${key}`];
  // Computed columns are computed from the generated ones by the source (runtime/computed-columns.ts).
  return physicalColumns(def).map((c: SourceColumn) => {
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

/**
 * Where a datagen source is: `n` rows generated so far, and each run's anchor `[first row, clock time]`
 * (a run is one start of the connector). Row i of the run anchored at (r, t) fell due at
 * `t + ceil((i − r + 1) · 1000 / rows_per_second)`, which is its "now": so every row is a function of
 * the seed, its number and its run's anchor, and a new 'earliest' query regenerates the rows instead of
 * the source keeping them. Saved as the split's offset (JSON text); an older version's offset (a plain
 * count) has no anchors: the rows before it are not regenerated.
 */
interface DatagenPosition {
  readonly n: number;
  readonly runs: readonly (readonly [number, number])[];
}

function readPosition(offset: SplitOffset | null): DatagenPosition {
  if (typeof offset === 'number') return { n: offset, runs: [] };
  if (typeof offset === 'string') {
    try {
      const p = JSON.parse(offset) as Partial<DatagenPosition>;
      if (typeof p.n === 'number' && Array.isArray(p.runs)) return { n: p.n, runs: p.runs };
    } catch {
      // an offset this version cannot read: start over, as for any connector (docs/state.md)
    }
  }
  return { n: 0, runs: [] };
}

/** The rows of one datagen source, each from (seed, row number, due time) alone. */
class DatagenRows {
  private readonly state = { a: 0 };
  private readonly gens: Gen[];
  private readonly names: string[];
  private readonly seed: number;
  readonly rate: number;

  constructor(def: SourceDef) {
    this.seed = Number(def.options['seed'] ?? 42) | 0;
    this.rate = Math.max(1, Number(def.options['rows_per_second'] ?? 10));
    const state = this.state;
    // mulberry32 over a state reset per row (`row`): the draws of row i do not depend on rows before it.
    const rand = (): number => {
      state.a = (state.a + 0x6d2b79f5) >>> 0;
      let t = state.a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    this.gens = makeGenerators(def, rand);
    this.names = physicalColumns(def).map((c) => c.name);
  }

  /** When row `i` of the run anchored at `anchor` fell due. */
  due(i: number, anchor: readonly [number, number]): number {
    return anchor[1] + Math.ceil(((i - anchor[0] + 1) * 1000) / this.rate);
  }

  row(i: number, now: number): Record<string, unknown> {
    this.state.a = fmix32(fmix32(i | 0) ^ Math.imul((i / 4294967296) | 0, 0x9e3779b1) ^ this.seed) >>> 0;
    const o: Record<string, unknown> = {};
    const gens = this.gens;
    for (let j = 0; j < gens.length; j++) o[this.names[j]!] = gens[j]!(i, now);
    return o;
  }
}

const REGENERATE_BATCH = 4096;

/** The rows a datagen source generated up to `offset` (its split's offset), in batches, as generated. */
export function* regenerateDatagen(def: SourceDef, offset: SplitOffset | null): Generator<{ readonly inputs: unknown[] }> {
  const pos = readPosition(offset);
  const rows = new DatagenRows(def);
  for (let k = 0; k < pos.runs.length; k++) {
    const anchor = pos.runs[k]!;
    const end = Math.min(pos.n, pos.runs[k + 1]?.[0] ?? pos.n);
    for (let i = anchor[0]; i < end; ) {
      const to = Math.min(end, i + REGENERATE_BATCH);
      const inputs: unknown[] = [];
      for (; i < to; i++) inputs.push(rows.row(i, rows.due(i, anchor)));
      yield { inputs };
    }
  }
}

/** Rows are due at `rows_per_second` of `clock` time, stamped with the time each fell due: a manual clock drives it in tests. */
export function startDatagen(rt: SourceRuntime, clock: Clock = systemClock): ConnectorHandle {
  const gen = new DatagenRows(rt.def);
  const rate = gen.rate;
  const limit = rt.def.options['number_of_rows'] !== undefined ? Number(rt.def.options['number_of_rows']) : Infinity;
  // One split; its offset is the row count and the runs' anchors, so a restart resumes the sequence
  // and the rows of every run can be generated again.
  const split = rt.split();
  const pos = readPosition(split.offset);
  const started = clock.now();
  const anchor: [number, number] = [pos.n, started];
  // A run that generated nothing leaves no anchor.
  const runs = [...pos.runs.filter((r) => r[0] < pos.n), anchor];
  const position = (n: number): string => JSON.stringify({ n, runs });
  let produced = pos.n;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const tick = (): void => {
    const now = clock.now();
    const due = Math.min(limit, anchor[0] + Math.floor(((now - started) / 1000) * rate)) - produced;
    if (due > 0) {
      const rows: Record<string, unknown>[] = new Array(due);
      for (let k = 0; k < due; k++) rows[k] = gen.row(produced + k, gen.due(produced + k, anchor));
      produced += due;
      rt.push(rows, 'datagen', { split, offset: position(produced) });
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
