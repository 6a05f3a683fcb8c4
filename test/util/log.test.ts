/** The logger: levels, text and JSON formats, child fields, never throwing. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/util/log.js';

describe('logger', () => {
  it('writes human-readable lines with fields by default and filters by level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) });
    log.debug('hidden');
    log.info('server listening', { url: 'ws://127.0.0.1:8080/ws', n: 3, note: 'two words' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z INFO  server listening url=ws:\/\/127\.0\.0\.1:8080\/ws n=3 note="two words"$/);
  });

  it('writes JSON lines with the json format, child fields included and errors as messages', () => {
    const lines: string[] = [];
    const log = createLogger({ format: 'json', write: (l) => lines.push(l) }).child({ session: 4 });
    log.error('failed', { err: new Error('boom') });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', msg: 'failed', session: 4, err: 'boom', time: expect.any(String) });
  });

  it('survives a failing sink and unserializable fields', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => createLogger({ write: () => { throw new Error('EPIPE'); } }).warn('x')).not.toThrow();
    const lines: string[] = [];
    createLogger({ format: 'json', write: (l) => lines.push(l) }).info('c', { cyclic });
    createLogger({ write: (l) => lines.push(l) }).info('c', { cyclic });
    expect(lines).toHaveLength(2);
  });
});
