/**
 * The connector registry: the one place that knows connector names. Each connector declares
 *   options   its WITH options (kind, required, what they mean), checked at CREATE SOURCE: an unknown
 *             option gets did-you-mean, a missing required one is named, a bad value is explained;
 *   check     deeper checks at CREATE (the file is readable, the nexmark columns fit the generator);
 *   bounded   whether the source ends by itself (then end of input moves the watermark to +∞);
 *   replay    how it comes back after a restart: 'input-log' (pushed events are logged before they are
 *             acknowledged and read again), 'offsets' (re-read from the checkpointed position) or
 *             'regenerate' (a deterministic generator resumes from its checkpointed count, and
 *             `regenerate` gives a new 'earliest' query its rows from the start);
 *   splits    the independently positioned parts it reads (a file is one split; a partitioned log has
 *             many): each has its own offset and watermark, and the source's watermark is their minimum;
 *   start     what runs it once the engine starts (null: fed by pushes).
 * Options every source takes (connector, format, idle_timeout, scan.startup.mode) are checked here too.
 */
import { accessSync, constants } from 'node:fs';
import { closest, type SinkTarget, type SourceDef } from '../../parser/catalog.js';
import type { RegeneratedBatch, SourceRuntime } from '../runtime/source-runtime.js';
import type { SplitOffset } from '../runtime/splits.js';
import type { Clock } from '../api.js';
import { regenerateDatagen, startDatagen } from '../sources/datagen.js';
import { startFile } from '../sources/file.js';
import { parseNexmarkOptions, planColumns, regenerateNexmark, startNexmark } from '../sources/nexmark.js';
import { parseDuration, type ConnectorHandle } from '../sources/index.js';
import { nats } from './nats/connector.js';
import type { SinkSpec } from './sink.js';

export type OptionKind = 'string' | 'boolean' | 'integer' | 'number' | 'duration';

export interface OptionSpec {
  readonly kind: OptionKind;
  readonly required?: boolean;
  readonly values?: readonly string[];
  readonly doc: string;
}

export type Options = Readonly<Record<string, string | number | boolean>>;

export interface SplitSpec {
  /** Stable within the source: offsets and watermarks are stored per split id. */
  readonly id: string;
}

export interface ConnectorSpec {
  readonly name: string;
  readonly doc: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Option families (datagen's `fields.<column>.<key>`), with the names to suggest for a near miss. */
  readonly optionPatterns?: readonly { readonly pattern: RegExp; readonly doc: string; readonly suggest: (key: string) => readonly string[] }[];
  bounded(options: Options): boolean;
  readonly replay: 'input-log' | 'offsets' | 'regenerate';
  splits(def: SourceDef): readonly SplitSpec[];
  /** A problem the options alone do not show (an unreadable file); `io` false while restoring. */
  check?(def: SourceDef, io: boolean): Problem | null;
  /** `clock`: processing time for generators (tests pass a manual one); `env`: the worker slot. */
  start(rt: SourceRuntime, clock: Clock, env: ConnectorEnv): ConnectorHandle | null;
  /**
   * `replay: 'regenerate'`: the rows the source produced up to its split's `offset`, from the start, in
   * batches (raw `inputs` to decode, or decoded `rows`): what a new 'earliest' query reads, so the source
   * keeps none of them.
   */
  regenerate?(def: SourceDef, offset: SplitOffset | null): Iterable<RegeneratedBatch>;
  /** Present when a table of this connector can be written to by `INSERT INTO t SELECT ...`. */
  readonly sink?: SinkSpec;
}

/**
 * Where the engine runs: `worker` is its slot among N workers (`tumbleql run --worker i/N`), null alone.
 * Partitioned connectors read the partitions of their slot; a single-split source is read by worker 0 only
 * (its one split belongs to worker 0), so N workers never read it N times.
 */
export interface ConnectorEnv {
  readonly worker: { readonly index: number; readonly count: number } | null;
}

const firstWorker = (env: ConnectorEnv): boolean => env.worker === null || env.worker.index === 0;

/** What is wrong with a source definition: the option it is about (for the error's location), and why. */
export interface Problem {
  readonly option?: string;
  readonly message: string;
  readonly hint?: string;
}

export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  connector: { kind: 'string', doc: "which connector feeds the source (default 'websocket')" },
  format: { kind: 'string', values: ['json'], doc: "the input format; 'json' (JSON lines / objects)" },
  idle_timeout: { kind: 'duration', doc: 'after this long without rows a split is idle: it no longer holds the watermark of the source (and of joins and unions reading it) back' },
  'scan.startup.mode': { kind: 'string', values: ['earliest', 'latest'], doc: "where a new query starts reading: 'earliest' (default) or 'latest'" },
  'watermark.max_ahead': { kind: 'string', doc: "how far past the wall clock an event may run ahead ('1 day' for pushed sources; 'off')" },
};

const truthy = (v: unknown): boolean => v === true || String(v).toLowerCase() === 'true';
const one = (): readonly SplitSpec[] => [{ id: '0' }];

const websocket: ConnectorSpec = {
  name: 'websocket',
  doc: 'events pushed over the websocket, HTTP, INSERT or the API',
  options: {},
  bounded: () => false,
  replay: 'input-log',
  splits: one,
  start: () => null,
};

const file: ConnectorSpec = {
  name: 'file',
  doc: 'JSON lines read from a file (tailed with follow = true)',
  options: {
    path: { kind: 'string', required: true, doc: 'the JSON lines file' },
    follow: { kind: 'boolean', doc: 'keep reading as the file grows (unbounded)' },
    max_line_bytes: { kind: 'integer', doc: 'longer lines are rejected (at most limits.line_bytes)' },
  },
  bounded: (o) => !truthy(o['follow']),
  replay: 'offsets',
  splits: one,
  check(def, io) {
    const path = String(def.options['path']);
    if (!io) return null;
    try {
      accessSync(path, constants.R_OK);
      return null;
    } catch (e) {
      return { option: 'path', message: `cannot read '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, hint: 'paths are relative to the directory tumbleql runs in' };
    }
  },
  start: (rt, _clock, env) => (firstWorker(env) ? startFile(rt) : null),
};

const FIELD_KEYS = ['kind', 'min', 'max', 'start', 'end', 'values', 'distribution', 'length', 'null_rate', 'max_past'];

const datagen: ConnectorSpec = {
  name: 'datagen',
  doc: "rows generated from the schema (Flink's datagen)",
  options: {
    rows_per_second: { kind: 'number', doc: 'rate on the wall clock (default 10)' },
    number_of_rows: { kind: 'integer', doc: 'makes the source bounded' },
    seed: { kind: 'integer', doc: 'the same seed gives the same values (default 42)' },
  },
  optionPatterns: [
    {
      pattern: new RegExp(`^fields\\.[^.]+\\.(${FIELD_KEYS.join('|')})$`),
      doc: `fields.<column>.<${FIELD_KEYS.join('|')}>`,
      suggest: (key) => {
        const col = /^fields\.([^.]+)\./.exec(key)?.[1];
        return col === undefined ? [] : FIELD_KEYS.map((k) => `fields.${col}.${k}`);
      },
    },
  ],
  bounded: (o) => o['number_of_rows'] !== undefined,
  replay: 'regenerate',
  splits: one,
  regenerate: regenerateDatagen,
  start: (rt, clock, env) => (firstWorker(env) ? startDatagen(rt, clock) : null),
};

const nexmark: ConnectorSpec = {
  name: 'nexmark',
  doc: 'Nexmark person, auction or bid events (deterministic generator)',
  // Values are checked by the generator's own option parser (in `check`), which knows their ranges.
  options: {
    table: { kind: 'string', doc: "which events: 'bid' (default), 'auction', 'person'" },
    events: { kind: 'string', doc: 'a positive integer: makes the source bounded' },
    rate: { kind: 'string', doc: 'events per second of event time' },
    seed: { kind: 'string', doc: 'generator seed' },
    base_time: { kind: 'string', doc: 'timestamp of event 0 (epoch ms or ISO-8601)' },
    rows_per_second: { kind: 'string', doc: 'wall-clock pacing' },
    batch_size: { kind: 'string', doc: 'rows per generated batch' },
  },
  bounded: (o) => o['events'] !== undefined,
  replay: 'regenerate',
  splits: one,
  regenerate: regenerateNexmark,
  check(def) {
    const opts = parseNexmarkOptions(def.options);
    if ('error' in opts) {
      const option = /^(\w+) must/.exec(opts.error)?.[1];
      return { ...(option && option in def.options ? { option } : {}), message: `nexmark: ${opts.error}` };
    }
    const plan = planColumns(def, opts.table);
    return 'error' in plan ? { message: `nexmark: ${plan.error}` } : null;
  },
  start: (rt, _clock, env) => (firstWorker(env) ? startNexmark(rt) : null),
};

const REGISTRY: ReadonlyMap<string, ConnectorSpec> = new Map([websocket, file, datagen, nexmark, nats].map((c) => [c.name, c]));

export const CONNECTOR_NAMES: readonly string[] = [...REGISTRY.keys()];

/** The connector of a source (no `connector` option: pushed, 'websocket'). */
export function connectorOf(def: { readonly options: Options }): ConnectorSpec {
  const c = REGISTRY.get(String(def.options['connector'] ?? 'websocket').toLowerCase());
  if (!c) throw new Error(`invariant: source with unknown connector '${String(def.options['connector'])}' passed CREATE`);
  return c;
}

/**
 * Every check CREATE SOURCE makes of the WITH options; null when the definition is fine. `running`
 * false (sources fed from outside, as replay does): required options and `check` are skipped; `io`
 * false (a restore): checks that read the file system are skipped.
 */
export function checkSource(def: SourceDef, mode: { running: boolean; io: boolean } = { running: true, io: true }): Problem | null {
  const name = String(def.options['connector'] ?? 'websocket').toLowerCase();
  const spec = REGISTRY.get(name);
  if (!spec) {
    const hint = closest(name, CONNECTOR_NAMES);
    return {
      option: 'connector',
      message: name === 'kafka' ? `connector 'kafka' is not available yet; available: ${CONNECTOR_NAMES.join(', ')}` : `unknown connector '${name}'; available: ${CONNECTOR_NAMES.join(', ')}`,
      ...(hint && name !== 'kafka' ? { hint: `did you mean '${hint}'?` } : {}),
    };
  }
  const known = { ...COMMON_OPTIONS, ...spec.options };
  for (const [key, value] of Object.entries(def.options)) {
    const opt = known[key];
    if (!opt) {
      if (spec.optionPatterns?.some((p) => p.pattern.test(key))) continue;
      const hint = closest(key, [...Object.keys(known), ...(spec.optionPatterns ?? []).flatMap((p) => p.suggest(key))]);
      const own = Object.keys(spec.options);
      return {
        option: key,
        message: `unknown option '${key}' for connector '${name}'; its options: ${[...own, ...(spec.optionPatterns ?? []).map((p) => p.doc)].join(', ') || '(none)'}, and for every source: ${Object.keys(COMMON_OPTIONS).join(', ')}`,
        ...(hint ? { hint: `did you mean '${hint}'?` } : {}),
      };
    }
    const bad = badValue(key, opt, value);
    if (bad) return { option: key, message: bad };
  }
  if (!mode.running) return null;
  for (const [key, opt] of Object.entries(spec.options)) {
    if (opt.required && def.options[key] === undefined) return { message: `connector '${name}' needs the option '${key}' (${opt.doc})`, hint: `add ${key} = '...' to WITH (...)` };
  }
  return spec.check?.(def, mode.io) ?? null;
}

function badValue(key: string, opt: OptionSpec, v: string | number | boolean): string | null {
  switch (opt.kind) {
    case 'string':
      if (opt.values && !opt.values.includes(String(v).toLowerCase())) return `${key} must be ${opt.values.map((x) => `'${x}'`).join(' or ')}, got ${JSON.stringify(v)}`;
      return null;
    case 'boolean':
      return v === true || v === false || /^(true|false)$/i.test(String(v)) ? null : `${key} must be true or false, got ${JSON.stringify(v)}`;
    case 'integer':
      return /^\s*[+-]?\d+\s*$/.test(String(v)) ? null : `${key} must be a whole number, got ${JSON.stringify(v)}`;
    case 'number':
      return typeof v === 'number' || /^\s*[+-]?\d+(\.\d+)?\s*$/.test(String(v)) ? null : `${key} must be a number, got ${JSON.stringify(v)}`;
    case 'duration':
      return parseDuration(v) !== null ? null : `${key} must be a duration such as '5s' or '500ms', got ${JSON.stringify(v)}`;
  }
}

/** The registry's check of an INSERT INTO target: its connector must be a sink, and accept the job's rows. */
export function checkSink(table: SourceDef, target: SinkTarget): Problem | null {
  const spec = connectorOf(table);
  if (!spec.sink) {
    return {
      message: `'${table.name}' (connector '${spec.name}') cannot be written to; INSERT INTO writes to tables of: ${[...REGISTRY.values()].filter((c) => c.sink).map((c) => `'${c.name}'`).join(', ')}`,
      hint: 'pushed events go in with INSERT INTO ... VALUES, the websocket or HTTP',
    };
  }
  return spec.sink.check(table, target);
}
