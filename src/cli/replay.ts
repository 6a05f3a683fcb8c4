/**
 * `tumbleql replay <script.sql> (--input <source>=<file.jsonl> [...] | --events <file.jsonl>) [--no-flush]
 *  [--late <file>] [--rejects <file>] [--state <path>]`
 *
 * Runs a script over recorded events on virtual time and prints every emitted row as a JSON line:
 *   {"view":"v","op":"+I","row":{...}}
 * Deterministic: events are fed in file order (several inputs merged by event time, ties in the order
 * the inputs were given, then file order), the watermark advances after every event, PROCTIME() columns
 * count arrivals (the n-th row taken in is n ms after the epoch; docs/time.md), and at the end every open
 * window fires (unless --no-flush). Bad input lines are reported with file:line, counted,
 * and written to --rejects; late rows to --late. A summary goes to stderr.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SqlError } from '../executor/api.js';
import { TumbleEngine } from '../executor/engine.js';
import type { Row } from '../executor/operator.js';
import type { RowOp } from '../executor/api.js';
import { formatDiagnostic } from '../parser/diagnostics.js';
import { parseCommand, usageError } from './args.js';
import { BufferedOut, type OutputStream } from './output.js';
import { readEvents, readInputs, ReplayInputError, type ReplayInput } from './replay-input.js';

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export const REPLAY_USAGE = `usage: tumbleql replay <script.sql> --input <source>=<file.jsonl> [--input ...]
       tumbleql replay <script.sql> --events <arrivals.jsonl>
                       [--no-flush] [--late <file>] [--rejects <file>] [--state <path>]`;

const CMD = { name: 'replay', usage: REPLAY_USAGE };

/**
 * The command, with its output streams as parameters: the CLI passes the process's, the conformance tests
 * run hundreds of cases in one process through the same function (usage errors still go to the process's
 * stderr).
 */
export async function replayCommand(
  argv: string[],
  io: { stdout: OutputStream; stderr: OutputStream } = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const args = parseCommand(CMD, argv, {
    input: { type: 'string', multiple: true, short: 'i' },
    events: { type: 'string', short: 'e' },
    'no-flush': { type: 'boolean' },
    late: { type: 'string' },
    rejects: { type: 'string' },
    state: { type: 'string' },
  });
  if (typeof args === 'number') return args;
  const script = args.positionals[0];
  if (!script) return usageError(CMD, 'missing the script');
  const specs = args.values.input ?? [];
  if (specs.length === 0 && args.values.events === undefined) return usageError(CMD, 'nothing to replay: give --input <source>=<file.jsonl> or --events <file.jsonl>');
  if (specs.length > 0 && args.values.events !== undefined) return usageError(CMD, '--input and --events cannot be combined: --events already holds every source\'s arrivals');
  let sql: string;
  try {
    sql = readFileSync(script, 'utf8');
  } catch (e) {
    io.stderr.write(`tumbleql replay: cannot read ${script}: ${(e as Error).message}\n`);
    return 2;
  }

  if (args.values.state !== undefined) {
    // With a state file, SQL errors are found on a scratch engine first: a mistake leaves no file behind.
    const scratch = new TumbleEngine({ statePath: ':memory:', retainOutput: 0, runConnectors: false });
    try {
      scratch.execute(sql);
    } catch (e) {
      if (!(e instanceof SqlError)) throw e;
      for (const d of e.diagnostics) io.stderr.write(`${script}: ${formatDiagnostic(d, sql)}\n`);
      return 1;
    } finally {
      await scratch.close();
    }
  }
  const engine = new TumbleEngine({ statePath: args.values.state ?? ':memory:', retainOutput: 0, runConnectors: false, processingTime: 'arrival' });
  const out = new BufferedOut(io.stdout);
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
      for (const d of e.diagnostics) io.stderr.write(`${script}: ${formatDiagnostic(d, sql)}\n`);
      return 1;
    }
    throw e;
  }

  let input: ReplayInput;
  try {
    input = args.values.events !== undefined ? readEvents(engine, args.values.events) : readInputs(engine, specs);
  } catch (e) {
    if (!(e instanceof ReplayInputError)) throw e;
    await engine.close();
    io.stderr.write(`tumbleql replay: ${e.message}\n`);
    return 2;
  }

  // Feed runs of consecutive rows of one source as one batch (per-row watermarks keep it exact).
  const steps = input.steps;
  let i = 0;
  while (i < steps.length) {
    const step = steps[i]!;
    if (step.kind === 'watermark') {
      step.source.advanceTo(step.ts);
      i++;
      continue;
    }
    const rows: Row[] = [];
    const ops: RowOp[] = [];
    for (let s = steps[i]; s !== undefined && s.kind === 'row' && s.source === step.source; s = steps[++i]) {
      rows.push(s.row);
      ops.push(s.op);
    }
    // A changelog table's rows carry their op (the planner normalizes them); other sources' are all +I.
    step.source.pushRows(rows, step.source.def.primaryKey ? ops : null);
  }
  if (!args.values['no-flush']) engine.flush();
  out.flush();

  if (args.values.late) {
    const late = engine.lateRows(undefined, Number.MAX_SAFE_INTEGER);
    writeFileSync(args.values.late, late.map((r) => JSON.stringify(r) + '\n').join(''));
  }
  if (args.values.rejects) writeFileSync(args.values.rejects, input.rejects.map((l) => l + '\n').join(''));

  const stats = engine.stats();
  const parts = [
    ...stats.sources.map((s) => `source ${s.source}: ${count(s.eventsIn, 'event')} in, ${s.rejected} rejected`),
    ...viewOrder.map((name) => {
      const v = stats.views.find((x) => x.view === name);
      return v ? `view ${name}: ${count(v.rowsOut, 'row')} out, ${v.lateRows} late` : `view ${name}: dropped`;
    }),
  ];
  // After file:line diagnostics, a blank line keeps the summary from reading as one more of them.
  io.stderr.write(`${input.rejects.length > 0 ? '\n' : ''}replay: ${parts.join('; ')}\n`);
  await engine.close();
  return 0;
}
