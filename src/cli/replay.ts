/**
 * `tumbleql replay <script.sql> --input <source>=<file.jsonl> [...] [--no-flush] [--late <file>]
 *  [--rejects <file>] [--state <path>]`
 *
 * Runs a script over recorded events on virtual time and prints every emitted row as a JSON line:
 *   {"view":"v","op":"+I","row":{...}}
 * Deterministic: events are fed in file order (several inputs merged by event time, ties in the order
 * the inputs were given, then file order), the watermark advances after every event, and at the end
 * every open window fires (unless --no-flush). Bad input lines are reported with file:line, counted,
 * and written to --rejects; late rows to --late. A summary goes to stderr.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SqlError } from '../executor/api.js';
import { TumbleEngine } from '../executor/engine.js';
import type { Row } from '../executor/operator.js';
import type { SourceRuntime } from '../executor/runtime/source-runtime.js';
import { formatDiagnostic } from '../parser/diagnostics.js';
import { parseCommand, usageError } from './args.js';
import { BufferedOut } from './output.js';

export const REPLAY_USAGE = `usage: tumbleql replay <script.sql> --input <source>=<file.jsonl> [--input ...]
                       [--no-flush] [--late <file>] [--rejects <file>] [--state <path>]`;

const CMD = { name: 'replay', usage: REPLAY_USAGE };

interface InputEvent {
  readonly source: SourceRuntime;
  readonly row: Row;
  readonly time: number;
  readonly input: number;
  readonly line: number;
}

export async function replayCommand(argv: string[]): Promise<number> {
  const args = parseCommand(CMD, argv, {
    input: { type: 'string', multiple: true, short: 'i' },
    'no-flush': { type: 'boolean' },
    late: { type: 'string' },
    rejects: { type: 'string' },
    state: { type: 'string' },
  });
  if (typeof args === 'number') return args;
  const script = args.positionals[0];
  if (!script) return usageError(CMD, 'missing the script');
  let sql: string;
  try {
    sql = readFileSync(script, 'utf8');
  } catch (e) {
    process.stderr.write(`tumbleql replay: cannot read ${script}: ${(e as Error).message}\n`);
    return 2;
  }

  const engine = new TumbleEngine({ statePath: args.values.state ?? ':memory:', retainOutput: 0, runConnectors: false });
  const out = new BufferedOut(process.stdout);
  const viewOrder: string[] = [];
  // Views restored from --state get printed too, not only the ones the script creates.
  engine.watchViews((view) => {
    viewOrder.push(view.name);
    const prefix = `{"view":${JSON.stringify(view.name)},"op":"`;
    view.subscribeRaw((rows, ops) => {
      for (let i = 0; i < rows.length; i++) {
        out.write(`${prefix}${ops === null ? '+I' : ops[i]}","row":${JSON.stringify(view.encode(rows[i]!))}}\n`);
      }
    });
  });

  try {
    engine.execute(sql);
  } catch (e) {
    if (e instanceof SqlError) {
      out.flush();
      for (const d of e.diagnostics) process.stderr.write(`${script}: ${formatDiagnostic(d, sql)}\n`);
      return 1;
    }
    throw e;
  }

  // Read and decode every input; bad lines are reported, counted and kept, never fatal.
  const rejectLines: string[] = [];
  const events: InputEvent[] = [];
  const specs = args.values.input ?? [];
  for (let k = 0; k < specs.length; k++) {
    const spec = specs[k]!;
    const eq = spec.indexOf('=');
    if (eq <= 0) {
      process.stderr.write(`tumbleql replay: --input expects <source>=<file.jsonl>, got '${spec}'\n`);
      return 2;
    }
    const name = spec.slice(0, eq);
    const file = spec.slice(eq + 1);
    const source = engine.source(name) ?? engine.source(name.toLowerCase());
    if (!source) {
      const names = engine.sources().map((s) => s.name);
      process.stderr.write(`tumbleql replay: --input names source '${name}', which the script does not create; sources: ${names.join(', ') || '(none)'}\n`);
      return 2;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      process.stderr.write(`tumbleql replay: cannot read ${file}: ${(e as Error).message}\n`);
      return 2;
    }
    const lines = text.split('\n');
    const rowtime = source.def.rowtime;
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i]!.replace(/\r$/, '');
      if (raw.trim() === '') continue;
      const origin = `${file}:${i + 1}`;
      let reason: string | null = null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (e) {
        reason = `invalid JSON: ${(e as Error).message}`;
      }
      if (reason === null) {
        const r = source.decode(parsed);
        if ('error' in r) reason = r.error;
        else {
          const time = rowtime === null ? -Infinity : (r.row[rowtime] as number);
          events.push({ source, row: r.row, time, input: k, line: i + 1 });
          continue;
        }
      }
      source.reject(reason, parsed ?? raw, origin);
      process.stderr.write(`${origin}: rejected: ${reason}\n`);
      rejectLines.push(JSON.stringify({ source: source.name, origin, reason, input: parsed ?? raw }));
    }
  }
  const ordered = specs.length > 1 ? mergeByTime(events, specs.length) : events;

  // Feed runs of consecutive events of one source as one batch (per-row watermarks keep it exact).
  let i = 0;
  while (i < ordered.length) {
    const src = ordered[i]!.source;
    const rows: Row[] = [];
    while (i < ordered.length && ordered[i]!.source === src) rows.push(ordered[i++]!.row);
    src.pushRows(rows);
  }
  if (!args.values['no-flush']) engine.flush();
  out.flush();

  if (args.values.late) {
    const late = engine.lateRows(undefined, Number.MAX_SAFE_INTEGER);
    writeFileSync(args.values.late, late.map((r) => JSON.stringify(r) + '\n').join(''));
  }
  if (args.values.rejects) writeFileSync(args.values.rejects, rejectLines.map((l) => l + '\n').join(''));

  const stats = engine.stats();
  const parts = [
    ...stats.sources.map((s) => `source ${s.source}: ${s.eventsIn} events in, ${s.rejected} rejected`),
    ...viewOrder.map((name) => {
      const v = stats.views.find((x) => x.view === name);
      return v ? `view ${name}: ${v.rowsOut} rows out, ${v.lateRows} late` : `view ${name}: dropped`;
    }),
  ];
  process.stderr.write(`replay: ${parts.join('; ')}\n`);
  await engine.close();
  return 0;
}

/**
 * Merges the inputs by event time, keeping each file's own order (a k-way merge of the file heads, not a
 * sort: an out-of-order event in a file stays where it is, so lateness is what the file says). Ties go to
 * the input given first.
 */
function mergeByTime(events: readonly InputEvent[], inputs: number): InputEvent[] {
  const queues: InputEvent[][] = Array.from({ length: inputs }, () => []);
  for (const e of events) queues[e.input]!.push(e);
  const heads = new Array<number>(inputs).fill(0);
  const out: InputEvent[] = [];
  for (;;) {
    let best = -1;
    for (let k = 0; k < inputs; k++) {
      const e = queues[k]![heads[k]!];
      if (e !== undefined && (best < 0 || e.time < queues[best]![heads[best]!]!.time)) best = k;
    }
    if (best < 0) return out;
    out.push(queues[best]![heads[best]!++]!);
  }
}
