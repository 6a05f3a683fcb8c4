/**
 * Reading `replay`'s recorded input into an ordered list of steps.
 *
 * Two shapes:
 * - `--input <source>=<file.jsonl>`: one file of rows per source; several files are merged by event time
 *   (a k-way merge of the file heads, so an out-of-order row stays where its file put it).
 * - `--events <file.jsonl>`: one file for every source, in arrival order, each line either
 *   `{"source":"s","row":{...}}` (optionally `"op"`: "+I", or for a changelog table declared with
 *   PRIMARY KEY ... NOT ENFORCED also "-U", "+U", "-D") or `{"source":"s","watermark":<epoch ms | ISO>}`,
 *   a watermark injected by hand (never moves the source's watermark backwards).
 *   In `--input` files a changelog table's rows may carry their op inside the row (changelog-input.ts).
 * Bad lines are reported with file:line, counted as the source's rejects and kept; never fatal.
 */
import { readFileSync } from 'node:fs';
import type { TumbleEngine } from '../executor/engine.js';
import type { Row } from '../executor/operator.js';
import type { SourceRuntime } from '../executor/runtime/source-runtime.js';
import type { RowOp } from '../executor/api.js';
import { changelogOpReader, checkOp } from '../executor/runtime/changelog-input.js';

export type ReplayStep =
  | { readonly kind: 'row'; readonly source: SourceRuntime; readonly row: Row; readonly op: RowOp; readonly time: number; readonly input: number }
  | { readonly kind: 'watermark'; readonly source: SourceRuntime; readonly ts: number };

export interface ReplayInput {
  readonly steps: ReplayStep[];
  /** JSON lines for --rejects: {source, origin, reason, input}. */
  readonly rejects: string[];
}

/** A usage mistake (bad spec, unknown source, unreadable file): the message for stderr, exit code 2. */
export class ReplayInputError extends Error {}

function findSource(engine: TumbleEngine, name: string, flag: string): SourceRuntime {
  const source = engine.source(name) ?? engine.source(name.toLowerCase());
  if (source) return source;
  const names = engine.sources().map((s) => s.name);
  throw new ReplayInputError(`${flag} names source '${name}', which the script does not create; sources: ${names.join(', ') || '(none)'}`);
}


class Rejects {
  readonly lines: string[] = [];
  add(source: SourceRuntime | null, reason: string, input: unknown, origin: string): void {
    source?.reject(reason, input, origin);
    process.stderr.write(`${origin}: rejected: ${reason}\n`);
    this.lines.push(JSON.stringify({ source: source?.name ?? null, origin, reason, input }));
  }
}

/** Parses one JSON line; the reason when it is not JSON. */
/**
 * The non-blank lines of a JSON-lines file, each with its origin (`file:line`) and its value or why it is
 * not JSON.
 */
function* jsonLines(file: string): Generator<{ raw: string; origin: string } & ({ value: unknown } | { error: string })> {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch (e) {
    throw new ReplayInputError(`cannot read ${file}: ${(e as Error).message}`);
  }
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const origin = `${file}:${i + 1}`;
    try {
      yield { raw, origin, value: JSON.parse(raw) as unknown };
    } catch (e) {
      yield { raw, origin, error: `invalid JSON: ${(e as Error).message}` };
    }
  }
}

export function readInputs(engine: TumbleEngine, specs: readonly string[]): ReplayInput {
  const rejects = new Rejects();
  const perInput: ReplayStep[][] = [];
  for (let k = 0; k < specs.length; k++) {
    const spec = specs[k]!;
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new ReplayInputError(`--input expects <source>=<file.jsonl>, got '${spec}'`);
    const file = spec.slice(eq + 1);
    const source = findSource(engine, spec.slice(0, eq), '--input');
    const steps: ReplayStep[] = [];
    perInput.push(steps);
    for (const line of jsonLines(file)) {
      if ('error' in line) {
        rejects.add(source, line.error, line.raw, line.origin);
        continue;
      }
      const step = decodeRow(source, line.value, k);
      if ('error' in step) rejects.add(source, step.error, line.value, line.origin);
      else steps.push(step);
    }
  }
  const steps = perInput.length === 1 ? perInput[0]! : mergeByTime(perInput);
  return { steps, rejects: rejects.lines };
}

function decodeRow(source: SourceRuntime, input: unknown, k: number, op?: RowOp): ReplayStep | { error: string } {
  const r = source.decode(input);
  if ('error' in r) return r;
  const inRow = op === undefined ? (changelogOpReader(source.def)?.(input) ?? '+I') : op;
  if (typeof inRow !== 'string') return inRow;
  const rowtime = source.def.rowtime;
  return { kind: 'row', source, row: r.row, op: inRow, time: rowtime === null ? -Infinity : (r.row[rowtime] as number), input: k };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readEvents(engine: TumbleEngine, file: string): ReplayInput {
  const rejects = new Rejects();
  const steps: ReplayStep[] = [];
  for (const line of jsonLines(file)) {
    const { origin } = line;
    if ('error' in line) {
      rejects.add(null, line.error, line.raw, origin);
      continue;
    }
    const ev = line.value;
    if (!isObject(ev) || typeof ev['source'] !== 'string') {
      rejects.add(null, `expected {"source": "<name>", "row": {...}} or {"source": "<name>", "watermark": <time>}`, ev, origin);
      continue;
    }
    // An unknown source is a mistake in the recording, not a bad row: stop, as --input does.
    const source = findSource(engine, ev['source'], `${origin}:`);
    if ('watermark' in ev) {
      const w = ev['watermark'];
      const ts = typeof w === 'number' ? w : typeof w === 'string' ? Date.parse(w) : NaN;
      if (!Number.isFinite(ts)) rejects.add(source, `watermark must be epoch milliseconds or ISO-8601 text, got ${JSON.stringify(w)}`, ev, origin);
      else steps.push({ kind: 'watermark', source, ts });
      continue;
    }
    // Retractions (-U/+U/-D) need a changelog table (PRIMARY KEY ... NOT ENFORCED).
    const op = checkOp(source.def, ev['op']);
    if (typeof op !== 'string') {
      rejects.add(source, op.error, ev, origin);
      continue;
    }
    const step = decodeRow(source, ev['row'], 0, op);
    if ('error' in step) rejects.add(source, step.error, ev['row'], origin);
    else steps.push(step);
  }
  return { steps, rejects: rejects.lines };
}

/** k-way merge of the inputs by event time; ties go to the input given first. */
function mergeByTime(inputs: readonly ReplayStep[][]): ReplayStep[] {
  const heads = new Array<number>(inputs.length).fill(0);
  const time = (s: ReplayStep): number => (s.kind === 'row' ? s.time : s.ts);
  const out: ReplayStep[] = [];
  for (;;) {
    let best = -1;
    for (let k = 0; k < inputs.length; k++) {
      const e = inputs[k]![heads[k]!];
      if (e !== undefined && (best < 0 || time(e) < time(inputs[best]![heads[best]!]!))) best = k;
    }
    if (best < 0) return out;
    out.push(inputs[best]![heads[best]!++]!);
  }
}
