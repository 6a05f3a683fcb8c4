import { describe, expect, it } from 'vitest';
import { parseReplArgs } from '../../repl/cli-repl.js';

describe('tumbleql repl arguments', () => {
  it('reads --connect, --token and --state, in both spellings', () => {
    expect(parseReplArgs(['--connect', 'ws://h:1', '--token=t'], {})).toEqual({ help: false, connect: 'ws://h:1', token: 't' });
    expect(parseReplArgs(['--state', 'x.db'], {})).toEqual({ help: false, state: 'x.db' });
    expect(parseReplArgs(['-h'], {})).toEqual({ help: true });
  });

  it('takes the token from TUMBLEQL_TOKEN when connecting without --token', () => {
    expect(parseReplArgs(['--connect', 'ws://h:1'], { TUMBLEQL_TOKEN: 'env' })).toMatchObject({ token: 'env' });
  });

  it('rejects unknown arguments, missing values and --state with --connect', () => {
    expect(parseReplArgs(['--nope'], {})).toBe("unknown option '--nope'");
    expect(parseReplArgs(['extra'], {})).toBe("unknown argument 'extra'");
    expect(parseReplArgs(['--connect'], {})).toBe('--connect needs a value');
    expect(parseReplArgs(['--connect', 'ws://h:1', '--state', 'x'], {})).toMatch(/cannot be combined/);
  });
});
