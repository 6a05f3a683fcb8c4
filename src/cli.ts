/**
 * The `tumbleql` command: dispatches subcommands.
 *   tumbleql replay <script.sql> --input s=file.jsonl     run a script over recorded events (or --events)
 *   tumbleql repl [--connect ws://...] [--state path]     interactive shell
 *   tumbleql run <tumbleql.yaml|script.sql|dir>           long-running engine (+ server)
 *   tumbleql demo                                         the social-media demo (npm start)
 */

export const USAGE = `tumbleql — continuous streaming SQL (Flink dialect) in one process

usage:
  tumbleql replay <script.sql> (--input <source>=<file.jsonl> [...] | --events <file.jsonl>)
                  [--no-flush] [--late f] [--rejects f]
  tumbleql repl [--connect ws://host:port] [--token T] [--state path]
  tumbleql run <tumbleql.yaml | script.sql | dir> [--state path] [--output jsonl] [--reset view]...
               [--checkpoint-interval 1s] [--skip name]... [--port N [--host H] [--token T]]
  tumbleql log <view> [--from seq] [--state path | --config tumbleql.yaml]
  tumbleql state list | drop <name>... [--state path]
  tumbleql demo [--port N] [--host H] [--token T] [--plain]   (what npm start runs)
  tumbleql <command> --help | tumbleql --version`;

type Command = (argv: string[]) => Promise<number>;

/** Subcommands loaded on demand so `replay` does not pay for the REPL's React/ink import. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  replay: async () => (await import('./cli/replay.js')).replayCommand,
  run: async () => (await import('./cli/run.js')).runCommand,
  log: async () => (await import('./cli/log.js')).logCommand,
  repl: async () => (await import('../repl/cli-repl.js')).replCommand,
  demo: async () => (await import('./cli/demo.js')).demoCommand,
  state: async () => (await import('./cli/state.js')).stateCommand,
};


export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '--version' || cmd === '-v') {
    const { createRequire } = await import('node:module');
    const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  if ((cmd === 'repl' || cmd === 'demo') && process.stdin.isTTY && process.stdout.isTTY && process.env['CI'] !== undefined) {
    // ink draws only a final frame when CI is set; on a real terminal the REPL is interactive regardless.
    process.env['CI'] = 'false';
  }
  const load = COMMANDS[cmd];
  if (!load) {
    process.stderr.write(`tumbleql: unknown command '${cmd}'\n${USAGE}\n`);
    return 2;
  }
  return (await load())(rest);
}
