/**
 * `connector = 'nexmark'`: Nexmark person, auction or bid events from the generator in
 * nexmark-generator.ts (deterministic for a seed: the same options give the same rows, run after run).
 *
 *   CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
 *     date_time TIMESTAMP(3), extra VARCHAR, WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND)
 *   WITH (connector = 'nexmark', 'table' = 'bid', events = 1000000);
 *
 * Options (all optional):
 *   'table'         'bid' (default) | 'auction' | 'person': which events of the stream this source gets
 *   events          generator events of all kinds (person : auction : bid = 1 : 3 : 46) after which the
 *                   source ends (watermark → +∞, every window fires); absent = unbounded
 *   rate            events/s of event time: spaces the timestamps, not the wall clock (default 10000)
 *   seed            integer; 0 (default) = the JVM generator's values
 *   base_time       timestamp of event 0: epoch ms or ISO-8601 text (default 2026-01-01T00:00:00Z)
 *   rows_per_second wall-clock pacing of this source's rows; absent = as fast as the engine takes them,
 *                   in slices of ≤ 20 ms (setImmediate between slices) so the event loop stays responsive
 *   batch_size      rows per pushed batch (default 4096)
 * `table` is a reserved word, so that key is quoted ('table' = 'bid', Flink's quoted-key spelling).
 * Unknown options are refused (a misspelt `events` would silently make the source unbounded).
 *
 * Columns are matched by name (case-insensitively) to the table's generator columns (NEXMARK_SCHEMAS), in
 * the source's order: every generator column must be declared; declared columns the generator does not
 * have are NULL. When the declared columns are the generator's, in its order and with its types, the
 * generated rows are pushed as they are (no copy, no decode); otherwise each row is rearranged once.
 * Numbers go to any numeric column, timestamps to TIMESTAMP or BIGINT, anything to VARCHAR as text.
 *
 * The source is one split whose offset (saved in checkpoints) is the next event number, so a restart resumes exactly where
 * the last checkpoint left off: each event depends only on its number and the seed.
 */
import { decimalFromInteger } from '../../functions/decimal.js';
import { closest, type SourceDef } from '../../parser/catalog.js';
import type { SqlType } from '../../parser/types.js';
import type { SourceRuntime } from '../runtime/source-runtime.js';
import type { SplitOffset } from '../runtime/splits.js';
import { formatTimestamp, parseTimestamp } from '../values.js';
import type { ConnectorHandle } from './index.js';
import { NEXMARK_SCHEMAS, NexmarkGenerator, type NexmarkColumn, type NexmarkTable } from './nexmark-generator.js';

/**
 * Time spent in the generator itself and rows generated, over every nexmark source of the process, for
 * the benchmarks (bench/case.mjs reports it beside the engine's time). Two clock reads per batch.
 */
export const nexmarkCounters = { generateMs: 0, rows: 0 };

const SLICE_MS = 20;
const DEFAULT_BATCH = 4096;
const OWN_OPTIONS = ['table', 'events', 'rate', 'seed', 'base_time', 'rows_per_second', 'batch_size'];
/** Options every source may carry, handled elsewhere. */
const SHARED_OPTIONS = ['connector', 'format', 'idle_timeout', 'scan.startup.mode'];

export interface NexmarkOptions {
  readonly table: NexmarkTable;
  readonly events: number | undefined;
  readonly rate: number;
  readonly seed: number;
  readonly baseTime: number | undefined;
  readonly rowsPerSecond: number | undefined;
  readonly batchSize: number;
}

type Options = Readonly<Record<string, string | number | boolean>>;
/** A column conversion: null = the generator's value as it is. */
type Convert = ((v: unknown) => unknown) | null;

/** Reads and checks the WITH options; returns the first problem as a message. */
export function parseNexmarkOptions(options: Options): NexmarkOptions | { error: string } {
  for (const key of Object.keys(options)) {
    if (OWN_OPTIONS.includes(key) || SHARED_OPTIONS.includes(key)) continue;
    const hint = closest(key, OWN_OPTIONS);
    return { error: `unknown option '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; options: ${OWN_OPTIONS.join(', ')}` };
  }
  const table = String(options['table'] ?? 'bid').toLowerCase();
  if (table !== 'bid' && table !== 'auction' && table !== 'person') {
    return { error: `table must be 'bid', 'auction' or 'person', got '${String(options['table'])}'` };
  }
  const num = (key: string, integer: boolean, min: number): number | undefined | { error: string } => {
    const v = options[key];
    if (v === undefined) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
    const ok = Number.isFinite(n) && (!integer || Number.isSafeInteger(n)) && n >= min;
    if (ok) return n;
    const what = integer ? (min > 0 ? 'a positive integer' : min === 0 ? 'an integer >= 0' : 'an integer') : 'a number > 0';
    return { error: `${key} must be ${what}, got ${JSON.stringify(v)}` };
  };
  const events = num('events', true, 1);
  const rate = num('rate', false, Number.MIN_VALUE);
  const seed = num('seed', true, Number.MIN_SAFE_INTEGER);
  const rowsPerSecond = num('rows_per_second', false, Number.MIN_VALUE);
  const batchSize = num('batch_size', true, 1);
  for (const v of [events, rate, seed, rowsPerSecond, batchSize]) if (typeof v === 'object') return v;
  let baseTime: number | undefined;
  const bt = options['base_time'];
  if (bt !== undefined) {
    const n = typeof bt === 'number' ? bt : /^\s*-?\d+\s*$/.test(String(bt)) ? Number(bt) : parseTimestamp(String(bt));
    if (n === null || !Number.isSafeInteger(n)) {
      return { error: `base_time must be epoch milliseconds or ISO-8601 text such as '2026-01-01T00:00:00Z', got ${JSON.stringify(bt)}` };
    }
    baseTime = n;
  }
  return {
    table,
    events: events as number | undefined,
    rate: (rate as number | undefined) ?? 10_000,
    seed: (seed as number | undefined) ?? 0,
    baseTime,
    rowsPerSecond: rowsPerSecond as number | undefined,
    batchSize: (batchSize as number | undefined) ?? DEFAULT_BATCH,
  };
}

/** How a generator value of kind `from` becomes a value of the declared type, or an error. */
function converter(from: NexmarkColumn['type'], to: SqlType): Convert | { error: string } {
  const t = to.name;
  if (t === 'VARCHAR') return from === 'VARCHAR' ? null : from === 'TIMESTAMP(3)' ? (v) => formatTimestamp(v as number) : (v) => String(v);
  if (from === 'VARCHAR' || t === 'BOOLEAN') return { error: `is ${from} in the generator and cannot be ${t}` };
  if (from === 'TIMESTAMP(3)') return t === 'TIMESTAMP' || t === 'BIGINT' ? null : { error: `is a TIMESTAMP(3) in the generator; declare it TIMESTAMP(3) (or BIGINT for epoch ms), not ${t}` };
  // A generator BIGINT: ids, prices and categories are integers far below 2^31, so every numeric type holds them
  // (a DECIMAL as its scaled bigint; a value past its precision is NULL, as a CAST would give).
  if (t === 'DECIMAL') return (v) => decimalFromInteger(v as number, to.precision ?? 38, to.scale ?? 0);
  return t === 'TIMESTAMP' ? { error: `is a BIGINT in the generator and cannot be TIMESTAMP` } : null;
}

/**
 * Maps generator rows to the source's columns (declared column i ← generator column index[i], −1 = NULL);
 * `map` is null when the rows can be pushed as generated. Pure over the definition, so the binder can
 * also call it (with parseNexmarkOptions) to refuse a bad source at CREATE time.
 */
export function planColumns(def: SourceDef, table: NexmarkTable): { map: ((row: unknown[]) => unknown[]) | null } | { error: string } {
  const gen = NEXMARK_SCHEMAS[table];
  const declared = def.columns;
  const computed = declared.find((c) => c.computed !== undefined);
  if (computed) return { error: `column '${computed.name}' is computed (AS ...); a nexmark source takes only the generator's columns, so compute it in a view over the source` };
  const genIndex = new Map(gen.map((c, i) => [c.name.toLowerCase(), i]));
  const missing = gen.filter((g) => !declared.some((c) => c.name.toLowerCase() === g.name));
  if (missing.length > 0) {
    const extra = declared.filter((c) => !genIndex.has(c.name.toLowerCase())).map((c) => c.name);
    return {
      error:
        `nexmark table '${table}' has columns ${gen.map((c) => c.name).join(', ')}; the source does not declare ` +
        `${missing.map((c) => c.name).join(', ')}` + (extra.length > 0 ? ` (declared but not generated: ${extra.join(', ')})` : '') +
        `. Declare: ${gen.map((c) => `${c.name} ${c.type}`).join(', ')}`,
    };
  }
  const index: number[] = [];
  const convs: Convert[] = [];
  for (let i = 0; i < declared.length; i++) {
    const c = declared[i]!;
    const gi = genIndex.get(c.name.toLowerCase());
    if (gi === undefined) {
      if (c.notNull) return { error: `column '${c.name}' is not a nexmark ${table} column, so it is NULL; it cannot be NOT NULL` };
      if (def.rowtime === i) return { error: `the WATERMARK column '${c.name}' is not a nexmark ${table} column; use ${gen.filter((g) => g.type === 'TIMESTAMP(3)').map((g) => g.name).join(' or ')}` };
      index.push(-1);
      convs.push(null);
      continue;
    }
    const conv = converter(gen[gi]!.type, c.type);
    if (conv !== null && typeof conv === 'object') return { error: `column '${c.name}' ${conv.error}` };
    index.push(gi);
    convs.push(conv);
  }
  const asIs = declared.length === gen.length && index.every((gi, i) => gi === i) && convs.every((f) => f === null);
  if (asIs) return { map: null };
  const n = declared.length;
  return {
    map: (row) => {
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) {
        const gi = index[i]!;
        const f = convs[i]!;
        out[i] = gi < 0 ? null : f === null ? row[gi] : f(row[gi]);
      }
      return out;
    },
  };
}

/**
 * The rows a nexmark source generated up to `offset` (its split's offset: the events consumed), from
 * event 0, in batches: each event depends only on its number and the seed, so these are the rows the
 * source produced, and a new 'earliest' query reads them without the source having kept them.
 */
export function* regenerateNexmark(def: SourceDef, offset: SplitOffset | null): Generator<{ readonly rows: unknown[][] }> {
  const opts = parseNexmarkOptions(def.options);
  const events = typeof offset === 'number' ? offset : 0;
  if ('error' in opts || events <= 0) return;
  const plan = planColumns(def, opts.table);
  if ('error' in plan) return;
  const gen = new NexmarkGenerator({
    seed: opts.seed,
    eventsPerSecond: opts.rate,
    ...(opts.baseTime !== undefined ? { baseTime: opts.baseTime } : {}),
    maxEvents: events,
  });
  const map = plan.map;
  while (!gen.done()) {
    const rows: unknown[][] = [];
    gen.nextBatch(opts.table, opts.batchSize, rows);
    if (map !== null) for (let i = 0; i < rows.length; i++) rows[i] = map(rows[i]!);
    if (rows.length > 0) yield { rows };
  }
}

export function startNexmark(rt: SourceRuntime): ConnectorHandle {
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const fail = (message: string): ConnectorHandle => {
    rt.reject(`nexmark: ${message}`, null, 'config');
    resolveDone();
    return { bounded: true, done, stop() {} };
  };
  const opts = parseNexmarkOptions(rt.def.options);
  if ('error' in opts) return fail(opts.error);
  const plan = planColumns(rt.def, opts.table);
  if ('error' in plan) return fail(plan.error);
  const split = rt.split();
  let gen: NexmarkGenerator;
  try {
    gen = new NexmarkGenerator({
      seed: opts.seed,
      eventsPerSecond: opts.rate,
      ...(opts.baseTime !== undefined ? { baseTime: opts.baseTime } : {}),
      ...(opts.events !== undefined ? { maxEvents: opts.events } : {}),
    });
    gen.seek(typeof split.offset === 'number' ? split.offset : 0); // resume after a restart; 0 on a fresh start
  } catch (e) {
    return fail((e as Error).message);
  }
  const { table, batchSize, rowsPerSecond } = opts;
  const map = plan.map;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  /** Generates and pushes up to `maxRows` rows; returns the number pushed. */
  const emit = (maxRows: number): number => {
    const rows: unknown[][] = [];
    const t0 = performance.now();
    gen.nextBatch(table, maxRows, rows);
    nexmarkCounters.generateMs += performance.now() - t0;
    nexmarkCounters.rows += rows.length;
    if (rows.length === 0) {
      split.offset = gen.eventsGenerated;
      return 0;
    }
    if (map !== null) for (let i = 0; i < rows.length; i++) rows[i] = map(rows[i]!);
    rt.pushRows(rows, null, { split, offset: gen.eventsGenerated });
    return rows.length;
  };
  const finish = (): void => {
    if (stopped) return;
    stopped = true;
    rt.advanceTo(Infinity);
    resolveDone();
  };

  if (rowsPerSecond === undefined) {
    // As fast as possible: slices of work with setImmediate between them, so timers (checkpoints),
    // sockets and the REPL keep running.
    const pump = (): void => {
      if (stopped) return;
      const t0 = performance.now();
      do emit(batchSize);
      while (!gen.done() && performance.now() - t0 < SLICE_MS);
      if (gen.done()) finish();
      else setImmediate(pump);
    };
    setImmediate(pump);
  } else {
    // Paced: every tick, the rows due since the start (wall clock), at most a slice of work per tick.
    const started = performance.now();
    let sent = 0;
    const period = Math.max(10, Math.min(100, 1000 / rowsPerSecond));
    const tick = (): void => {
      timer = null;
      if (stopped) return;
      const t0 = performance.now();
      let due = Math.floor(((t0 - started) / 1000) * rowsPerSecond) - sent;
      while (due > 0 && !gen.done()) {
        const n = emit(Math.min(due, batchSize));
        sent += n;
        due -= n;
        if (performance.now() - t0 >= SLICE_MS) break;
      }
      if (gen.done()) finish();
      else timer = setTimeout(tick, due > 0 ? 0 : period);
    };
    timer = setTimeout(tick, 0);
  }
  return {
    bounded: opts.events !== undefined,
    done,
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      resolveDone();
    },
  };
}
