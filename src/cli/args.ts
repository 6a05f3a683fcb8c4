/**
 * What every subcommand does with its arguments: parse them (node:util parseArgs, positionals allowed),
 * answer `--help` with the usage, and turn a mistake into the usage on stderr with exit code 2. An unknown
 * option is named with the closest known one ("did you mean '--port'?").
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../parser/catalog.js';

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
 * parseArgs' own message for an unknown option ends in an unbalanced quote and suggests nothing; this
 * one names the option, the closest known spelling, and how to pass a positional that starts with '-'.
 */
export function argumentMessage(e: unknown, options: Options): string {
  const err = e as NodeJS.ErrnoException;
  const unknown = err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /Unknown option '([^']+)'/.exec(err.message)?.[1] : undefined;
  if (unknown === undefined) return err.message;
  const known = Object.entries(options).flatMap(([long, o]) => [`--${long}`, ...(o.short !== undefined ? [`-${o.short}`] : [])]);
  const hint = unknown.startsWith('--') ? closest(unknown, known.filter((k) => k.startsWith('--'))) : undefined;
  return `unknown option '${unknown}'${hint !== undefined ? `; did you mean '${hint}'?` : ''} (an argument that starts with '-' but is not an option goes after '--')`;
}

/**
 * Parses `argv` with `options` (plus `--help`/`-h`). Returns the parsed arguments, or the exit code when
 * the command is already answered (help: 0; a bad option: 2, with the usage on stderr).
 */
export function parseCommand<const O extends Options>(cmd: CommandLine, argv: string[], options: O) {
  const all = { ...options, help: { type: 'boolean', short: 'h' } } as const;
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: all });
  } catch (e) {
    return usageError(cmd, argumentMessage(e, all));
  }
  if ((args.values as { help?: boolean }).help) {
    process.stdout.write(`${cmd.usage}\n`);
    return 0;
  }
  return args as unknown as { values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>['values']; positionals: string[] };
}
