/**
 * `tumbleql log <view> [--from <seq>] [--state <path> | --config <tumbleql.yaml>]`
 *
 * The state file is --state, else the `state.path` of --config, else that of ./tumbleql.yaml when there
 * is one (what `tumbleql run tumbleql.yaml` wrote), else ./.tumbleql/state.db.
 * Prints a view's retained durable output log as JSON lines, in seq order, the same lines as
 * `tumbleql run --output jsonl`:
 *   {"view":"v","seq":17,"op":"+I","row":{...}}
 * Only committed rows are in the log. The file is opened read-only (no engine, nothing written). A
 * running engine holds its file with an exclusive lock, so while one runs this refuses with a message
 * naming its pid: read a live view through the engine instead (websocket `subscribe` with `from`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config/index.js';
import { DEFAULT_STATE_PATH, StateError, StateStore } from '../executor/state/index.js';
import { isAlive } from '../executor/state/open.js';
import { parseCommand, usageError } from './args.js';
import { jsonLine, writeAllSync } from './committed-output.js';

export const LOG_USAGE = `usage: tumbleql log <view> [--from <seq>] [--state <path> | --config <tumbleql.yaml>]
  state file: --state, else state.path of --config, else of ./tumbleql.yaml if present, else ${DEFAULT_STATE_PATH}`;

const CMD = { name: 'log', usage: LOG_USAGE };

const PAGE = 10_000;

export async function logCommand(argv: string[]): Promise<number> {
  const args = parseCommand(CMD, argv, {
    from: { type: 'string' },
    state: { type: 'string' },
    config: { type: 'string', short: 'c' },
  });
  if (typeof args === 'number') return args;
  const asked = args.positionals[0];
  if (asked === undefined) return usage('missing the view name');
  if (args.positionals.length > 1) return usage(`unexpected argument '${args.positionals[1]}'`);
  let from = 1;
  if (args.values.from !== undefined) {
    from = Number(args.values.from);
    if (!Number.isSafeInteger(from) || from < 0) return usage(`--from expects a seq (an integer ≥ 0), got '${args.values.from}'`);
  }
  if (args.values.state !== undefined && args.values.config !== undefined) return usage('give --state or --config, not both');
  let path: string;
  try {
    path = statePathFor(args.values.state, args.values.config);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`tumbleql log: ${e.message}\n`);
    return 1;
  }

  let store: StateStore;
  try {
    store = StateStore.open(path, { readonly: true });
  } catch (e) {
    if (!(e instanceof StateError)) throw e;
    process.stderr.write(`tumbleql log: ${e.code === 'STATE_LOCKED' ? lockedMessage(path, e) : e.message}\n`);
    return 1;
  }
  try {
    const views = store.listCatalog().filter((c) => c.kind === 'view').map((c) => c.name);
    // An unquoted name is stored lower-cased (`CREATE VIEW PerUser` is 'peruser'; listings show it as
    // written): either spelling finds it, as in the engine; a quoted "PerUser" is found as written.
    const known = (name: string): boolean => views.includes(name) || store.lastSeq(name) > 0;
    const view = known(asked) || !known(asked.toLowerCase()) ? asked : asked.toLowerCase();
    if (!views.includes(view) && store.lastSeq(view) === 0) {
      process.stderr.write(`tumbleql log: no view named '${view}' in ${path}; views: ${views.join(', ') || '(none)'}\n`);
      return 1;
    }
    if (!views.includes(view)) {
      process.stderr.write(`tumbleql log: view '${view}' was dropped from ${path}; nothing of its log is kept\n`);
      return 1;
    }
    const first = store.firstSeq(view);
    if (first !== undefined && from < first) {
      process.stderr.write(`tumbleql log: '${view}' retains seq ${first}–${store.lastSeq(view)}; older rows were trimmed by retention or discarded by --reset\n`);
    }
    let next = from;
    for (;;) {
      const page = store.readOutputJson(view, next, PAGE);
      if (page.length === 0) break;
      let text = '';
      for (const r of page) text += jsonLine(view, r.seq, r.op, r.rowJson);
      if (!writeAllSync(1, text)) return 0; // the reader has what it wanted (`| head`)
      if (page.length < PAGE) break;
      next = page[page.length - 1]!.seq + 1;
    }
    return 0;
  } catch (e) {
    if (!(e instanceof StateError)) throw e;
    process.stderr.write(`tumbleql log: ${e.message}\n`);
    return 1;
  } finally {
    store.close();
  }
}

/** The store's message is written for a second engine; this one says what to do instead. */
function lockedMessage(path: string, e: StateError): string {
  let pid: number | undefined;
  try {
    const info = JSON.parse(readFileSync(`${path}-pid`, 'utf8')) as { pid?: unknown };
    if (typeof info.pid === 'number' && isAlive(info.pid)) pid = info.pid;
  } catch {
    // no pid file: the store's message says what is known
  }
  if (pid === undefined) return e.message;
  return (
    `state file ${path} is held by a running tumbleql engine (pid ${pid}), which locks it exclusively. ` +
    `Stop it first (kill -INT ${pid} takes a final checkpoint), or read the view through it (websocket subscribe with "from").`
  );
}


/** Where the state file is: see the header. Throws ConfigError for a config that does not load. */
export function statePathFor(state: string | undefined, config: string | undefined, cwd = process.cwd()): string {
  if (state !== undefined) return state; // as given: messages name it the way the user wrote it
  const yaml = config ?? (existsSync(join(cwd, 'tumbleql.yaml')) ? join(cwd, 'tumbleql.yaml') : undefined);
  if (yaml !== undefined) return loadConfig(resolve(cwd, yaml)).state.path;
  return resolve(cwd, DEFAULT_STATE_PATH);
}

function usage(message: string): number {
  return usageError(CMD, message);
}
