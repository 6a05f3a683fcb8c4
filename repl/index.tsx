/**
 * `tumbleql repl`: picks the backend (the engine in this process, or a server with `--connect`) and the
 * front end — the ink app on a terminal, plain text when stdin or stdout is not one (pipes, files, CI).
 */
import { render } from 'ink';
import type { Engine } from '../src/executor/api.js';
import { createEngine } from '../src/index.js';
import { App } from './app.js';
import { EmbeddedBackend, type ReplBackend } from './backend.js';
import { defaultHistoryPath, History } from './history.js';
import { PLAIN_WIDTH, runPlain } from './plain.js';
import { RemoteBackend } from './remote-backend.js';
import { sqlHelpers } from './sql-text.js';

export interface RunReplOptions {
  /** Use this engine (not closed on exit) instead of creating one. */
  readonly engine?: Engine;
  /** `ws://host:port`: drive a running server instead of an engine in this process. */
  readonly connect?: string;
  readonly token?: string;
  /** SQLite state file for the engine the REPL creates; in memory when absent. */
  readonly statePath?: string;
  readonly banner?: string;
  /** Show the engine's status line while no query runs (the demo). */
  readonly idleStatus?: boolean;
  /** Streams and terminal detection, for tests; default process.stdin/stdout and their isTTY. */
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WritableStream;
  readonly tty?: boolean;
}

export async function openBackend(options: RunReplOptions): Promise<ReplBackend> {
  if (options.connect !== undefined) return RemoteBackend.connect(options.connect, options.token);
  if (options.engine) return new EmbeddedBackend(options.engine, 'embedded engine', false);
  const engine = createEngine(options.statePath !== undefined ? { statePath: options.statePath } : {});
  return new EmbeddedBackend(engine, `embedded engine (state: ${options.statePath ?? 'in memory; --state <file> keeps it'})`, true);
}

function defaultBanner(backend: ReplBackend): string {
  return [
    `tumbleql — ${backend.local ? backend.description : `connected to ${backend.description}`}`,
    'Type \\help for help, \\q to quit. SQL runs once it ends with ;',
    'A SELECT keeps running under the prompt; its table updates as windows fire (Ctrl-C cancels it).',
  ].join('\n');
}

/** Runs the REPL until the user quits (or piped input ends); resolves to the exit code. */
export async function runRepl(options: RunReplOptions = {}): Promise<number> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  let backend: ReplBackend;
  try {
    backend = await openBackend(options);
  } catch (err) {
    stderr.write(`tumbleql repl: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const tty = options.tty ?? (stdin.isTTY === true && stdout.isTTY === true);
  if (!tty) return runPlain(backend, stdin, stdout, stdout.isTTY ? stdout.columns : PLAIN_WIDTH);

  const history = new History(defaultHistoryPath());
  let code = 0;
  const app = render(
    <App
      backend={backend}
      helpers={sqlHelpers}
      history={history}
      banner={options.banner ?? defaultBanner(backend)}
      idleStatus={options.idleStatus ?? false}
      onExit={(c) => {
        code = c;
      }}
    />,
    { stdin, stdout, exitOnCtrlC: false },
  );
  await app.waitUntilExit();
  return code;
}
