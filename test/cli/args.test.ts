/** Subcommand arguments in-process (no spawn): help, usage errors, did-you-mean. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { argumentMessage } from '../../src/cli/args.js';
import { demoCommand } from '../../src/cli/demo.js';
import { statePathFor } from '../../src/cli/log.js';
import { parseReplArgs } from '../../repl/cli-repl.js';

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  return { out: () => out, err: () => err };
}
afterEach(() => vi.restoreAllMocks());

describe('subcommand arguments', () => {
  it('answers demo --help with its usage and exit 0, starting nothing', async () => {
    const io = capture();
    expect(await demoCommand(['--help'])).toBe(0);
    expect(io.out()).toContain('usage: tumbleql demo [--port N] [--host H] [--plain]');
    expect(io.out()).toContain('--plain');
  });

  it('makes a misspelt demo option a usage error with a suggestion', async () => {
    const io = capture();
    expect(await demoCommand(['--hots', 'x'])).toBe(2);
    expect(io.err()).toContain("tumbleql demo: unknown option '--hots'; did you mean '--host'?");
  });

  it('rejects a bad demo --port with the usage and exit 2, starting nothing', async () => {
    for (const port of ['abc', '70000']) {
      const io = capture();
      expect(await demoCommand(['--port', port])).toBe(2);
      expect(io.err()).toMatch(new RegExp(`^tumbleql demo: --port must be a port number \\(0 to 65535\\), got '${port}'\nusage: tumbleql demo `));
      expect(io.out()).toBe('');
      vi.restoreAllMocks();
    }
  });

  it('words an unknown option with balanced quotes, suggesting only what is close', () => {
    const options = { port: { type: 'string' as const }, state: { type: 'string' as const } };
    const err = Object.assign(new Error(`Unknown option '--zzzzzzzz'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--zzzzzzzz"`), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
    const msg = argumentMessage(err, options);
    expect(msg).toBe("unknown option '--zzzzzzzz' (an argument that starts with '-' but is not an option goes after '--')");
    expect(msg.split("'").length % 2).toBe(1);
  });

  it('suggests the closest REPL option', () => {
    expect(parseReplArgs(['--conect', 'ws://x'])).toBe("unknown option '--conect'; did you mean '--connect'?");
  });

  it('finds the state file: --state, else --config, else ./tumbleql.yaml, else the default', () => {
    expect(statePathFor('a.db', 'x.yaml', '/w')).toBe('a.db');
    expect(statePathFor(undefined, undefined, '/nonexistent-dir')).toBe('/nonexistent-dir/.tumbleql/state.db');
  });
});
