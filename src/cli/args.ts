/**
 * What every subcommand does with its arguments: parse them (node:util parseArgs, positionals allowed),
 * answer `--help` with the usage, and turn a mistake into the usage on stderr with exit code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandLine {
  readonly name: string;
  readonly usage: string;
}

/** Prints `tumbleql <name>: <message>` and the usage; returns exit code 2. */
export function usageError(cmd: CommandLine, message: string): number {
  process.stderr.write(`tumbleql ${cmd.name}: ${message}\n${cmd.usage}\n`);
  return 2;
}

/**
 * Parses `argv` with `options` (plus `--help`/`-h`). Returns the parsed arguments, or the exit code when
 * the command is already answered (help: 0; a bad option: 2, with the usage on stderr).
 */
export function parseCommand<const O extends Options>(cmd: CommandLine, argv: string[], options: O) {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } as const });
  } catch (e) {
    return usageError(cmd, (e as Error).message);
  }
  if ((args.values as { help?: boolean }).help) {
    process.stdout.write(`${cmd.usage}\n`);
    return 0;
  }
  return args as unknown as { values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>['values']; positionals: string[] };
}
