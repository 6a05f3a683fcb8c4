/**
 * `tumbleql repl [--connect ws://host:port] [--token T] [--state path]`: argument parsing for the REPL
 * subcommand; src/cli.ts dispatches `repl` here. Loaded lazily by the CLI so other subcommands do not pay
 * for React and ink.
 */
import { closest } from '../src/parser/catalog.js';

export const REPL_USAGE = `usage: tumbleql repl [options]

Interactive streaming SQL shell. With stdin/stdout not a terminal, runs the piped statements and exits.

options:
  --connect <ws://host:port>   use a running tumbleql server instead of an engine in this process
  --token <token>              bearer token for --connect (default: $TUMBLEQL_TOKEN)
  --state <path>               SQLite state file for the in-process engine (default: in memory)
  -h, --help                   show this help

history: ~/.tumbleql_history (TUMBLEQL_HISTORY overrides the path)`;

export interface ReplArgs {
  readonly connect?: string;
  readonly token?: string;
  readonly state?: string;
  readonly help: boolean;
}

/** Parses `--name value` and `--name=value`; returns an error message for anything else. */
export function parseReplArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ReplArgs | string {
  const out: { connect?: string; token?: string; state?: string; help: boolean } = { help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') {
      out.help = true;
      continue;
    }
    const m = /^--(connect|token|state)(?:=(.*))?$/.exec(arg);
    if (!m) {
      const name = arg.split('=')[0]!;
      const hint = name.startsWith('--') ? closest(name, ['--connect', '--token', '--state', '--help']) : undefined;
      return `unknown ${arg.startsWith('-') ? 'option' : 'argument'} '${arg}'${hint !== undefined ? `; did you mean '${hint}'?` : ''}`;
    }
    const name = m[1] as 'connect' | 'token' | 'state';
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '') return `--${name} needs a value`;
    out[name] = value;
  }
  if (out.token === undefined && out.connect !== undefined && env['TUMBLEQL_TOKEN']) out.token = env['TUMBLEQL_TOKEN'];
  if (out.connect !== undefined && out.state !== undefined) return '--state applies to the in-process engine; it cannot be combined with --connect';
  return out;
}

export async function replCommand(argv: string[]): Promise<number> {
  const args = parseReplArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`tumbleql repl: ${args}\n${REPL_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${REPL_USAGE}\n`);
    return 0;
  }
  const { runRepl } = await import('./index.js');
  return runRepl({
    ...(args.connect !== undefined ? { connect: args.connect } : {}),
    ...(args.token !== undefined ? { token: args.token } : {}),
    ...(args.state !== undefined ? { statePath: args.state } : {}),
  });
}
