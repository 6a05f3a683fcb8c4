import { describe, expect, it } from 'vitest';
import type { OutputRow, RowOp } from '../../src/executor/api.js';
import { LiveQuery, MAX_TABLE_ROWS } from '../../repl/live-query.js';
import { col } from './fake-engine.js';

let seq = 0;
function rows(...changes: [RowOp, string, number][]): OutputRow[] {
  return changes.map(([op, channel, n]) => ({ seq: ++seq, op, row: { channel, n } }));
}

describe('live query results', () => {
  it('appends the rows of an append-only result', () => {
    const q = new LiveQuery('q', 'SELECT', [col('channel', 'VARCHAR'), col('n', 'BIGINT')]);
    q.apply(rows(['+I', 'web', 1], ['+I', 'app', 2]));
    expect(q.rows).toEqual([['web', 1], ['app', 2]]);
    expect(q.mode).toBe('append');
  });

  it('applies a changelog: -U/+U update a row in place, -D removes it', () => {
    const q = new LiveQuery('q', 'SELECT', [col('channel', 'VARCHAR'), col('n', 'BIGINT')]);
    q.apply(rows(['+I', 'web', 1], ['+I', 'app', 1]));
    q.apply(rows(['-U', 'web', 1], ['+U', 'web', 2]));
    expect(q.rows).toEqual([['web', 2], ['app', 1]]);
    expect(q.mode).toBe('changelog');
    q.apply(rows(['-D', 'app', 1]));
    expect(q.rows).toEqual([['web', 2]]);
    expect(q.changes.map((c) => c.op)).toEqual(['+I', '+I', '-U', '+U', '-D']);
    expect(q.received).toBe(5);
  });

  it('removes one of two equal rows on a retraction, and counts retractions that match nothing', () => {
    const q = new LiveQuery('q', 'SELECT', [col('channel', 'VARCHAR'), col('n', 'BIGINT')]);
    q.apply(rows(['+I', 'web', 1], ['+I', 'web', 1], ['-D', 'web', 1], ['-D', 'tv', 9]));
    expect(q.rows).toEqual([['web', 1]]);
    expect(q.unmatched).toBe(1);
  });

  it('treats a -U without its +U as a removal', () => {
    const q = new LiveQuery('q', 'SELECT', [col('channel', 'VARCHAR'), col('n', 'BIGINT')]);
    q.apply(rows(['+I', 'web', 1], ['-U', 'web', 1], ['+I', 'app', 3]));
    expect(q.rows).toEqual([['app', 3]]);
  });

  it('learns columns from rows when the schema is unknown (remote), matching names case-insensitively', () => {
    const q = new LiveQuery('q', 'SELECT', []);
    q.apply([{ seq: 1, op: '+I', row: { a: 1, b: 'x' } }]);
    expect(q.columns.map((c) => c.name)).toEqual(['a', 'b']);
    const typed = new LiveQuery('q', 'SELECT', [col('Bids', 'BIGINT')]);
    typed.apply([{ seq: 1, op: '+I', row: { bids: 4 } }]);
    expect(typed.rows).toEqual([[4]]);
  });

  it('bounds an append table and counts what it dropped', () => {
    const q = new LiveQuery('q', 'SELECT', [col('n', 'BIGINT')]);
    q.apply(Array.from({ length: MAX_TABLE_ROWS + 5 }, (_, i) => ({ seq: i + 1, op: '+I' as const, row: { n: i } })));
    expect(q.size).toBe(MAX_TABLE_ROWS);
    expect(q.dropped).toBe(5);
    expect(q.rows[0]).toEqual([5]);
  });
});
