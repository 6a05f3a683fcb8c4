/**
 * `tumbleql state list [--state path]` and `tumbleql state drop <name>... [--state path]`: look at and
 * edit a state file's catalog without starting the engine. The way out of a poisoned object — one that
 * crashes or hangs the engine at every restore — without deleting the file and everything else in it:
 * `drop` removes the object and what it owns (a view's operator state, output log and late rows; a
 * source's offset, input log and rejected rows) in one transaction. Views that read a dropped object are
 * left in place; the next start reports that they no longer bind and skips them.
 *
 * `tumbleql state rescale --from w0.db,w1.db --to n0.db,n1.db,n2.db`: the state of N stopped workers
 * split and merged by key group into the state of N' workers (rescale.ts, docs/nats.md).
 */
import { existsSync } from 'node:fs';
import { DEFAULT_STATE_PATH, StateError, StateStore } from '../executor/state/index.js';
import { parseCommand, usageError } from './args.js';
import { RescaleRefused, rescaleState } from './rescale.js';

export const STATE_USAGE = `usage: tumbleql state list [--state <path>]
       tumbleql state drop <name>... [--state <path>]
       tumbleql state rescale --from <w0.db>,<w1.db>... --to <n0.db>,<n1.db>,...`;

const CMD = { name: 'state', usage: STATE_USAGE };

export async function stateCommand(argv: string[]): Promise<number> {
  const args = parseCommand(CMD, argv, { state: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } });
  if (typeof args === 'number') return args;
  const [verb, ...names] = args.positionals;
  if (verb === 'rescale') return rescale(args.values.from, args.values.to, names);
  if (args.values.from !== undefined || args.values.to !== undefined) return usageError(CMD, '--from and --to go with rescale');
  if (verb !== 'list' && verb !== 'drop') return usageError(CMD, verb === undefined ? 'missing list, drop or rescale' : `unknown action '${verb}'`);
  if (verb === 'drop' && names.length === 0) return usageError(CMD, 'drop needs the name of a source or view');
  if (verb === 'list' && names.length > 0) return usageError(CMD, `unexpected argument '${names[0]}'`);
  const path = args.values.state ?? DEFAULT_STATE_PATH;
  let store: StateStore;
  if (!existsSync(path)) {
    process.stderr.write(`tumbleql state: no state file at ${path}\n`);
    return 1;
  }
  try {
    store = StateStore.open(path);
  } catch (e) {
    process.stderr.write(`tumbleql state: ${e instanceof StateError ? e.message : (e as Error).message}\n`);
    return 1;
  }
  try {
    const catalog = store.listCatalog();
    if (verb === 'list') {
      for (const e of catalog) process.stdout.write(`${e.kind}\t${e.name}\t${e.sql.replace(/\s+/g, ' ').slice(0, 160)}\n`);
      return 0;
    }
    let status = 0;
    for (const name of names) {
      const entry = catalog.find((e) => e.name === name) ?? catalog.find((e) => e.name.toLowerCase() === name.toLowerCase());
      if (!entry) {
        process.stderr.write(`tumbleql state: no source or view named '${name}' in ${path}; it has: ${catalog.map((e) => e.name).join(', ') || 'nothing'}\n`);
        status = 1;
        continue;
      }
      store.dropCatalog(entry.kind, entry.name);
      process.stderr.write(`tumbleql state: dropped ${entry.kind} '${entry.name}' from ${path}\n`);
    }
    return status;
  } finally {
    store.close();
  }
}

function rescale(from: string | undefined, to: string | undefined, extra: readonly string[]): number {
  if (from === undefined || to === undefined) return usageError(CMD, 'rescale needs --from and --to');
  if (extra.length > 0) return usageError(CMD, `unexpected argument '${extra[0]}'`);
  const list = (s: string) => s.split(',').map((p) => p.trim()).filter((p) => p !== '');
  try {
    for (const line of rescaleState(list(from), list(to))) process.stderr.write(`tumbleql state: ${line}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof RescaleRefused) && !(e instanceof StateError)) throw e;
    process.stderr.write(`tumbleql state rescale: ${e.message}; nothing was written\n`);
    return 1;
  }
}
