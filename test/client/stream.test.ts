/** The resume bookkeeping of one stream: each seq handed over once, in order; gaps reported; restarts reset. */
import { describe, expect, it } from 'vitest';
import { Stream } from '../../src/client/stream.js';
import type { Change } from '../../src/client/index.js';

const rows = (...seqs: number[]): Change[] => seqs.map((seq) => ({ seq, op: '+I', row: { seq } }));

function recorder(kind: ConstructorParameters<typeof Stream>[1] = { kind: 'view', from: 'latest' }) {
  const got: number[] = [];
  const gaps: [number, number][] = [];
  const restarts: string[] = [];
  const stream = new Stream('v', kind, {
    onRows: (r) => got.push(...r.map((x) => x.seq)),
    onGap: (a, b) => gaps.push([a, b]),
    onRestart: (view) => restarts.push(view),
  });
  return { stream, got, gaps, restarts };
}

describe('Stream', () => {
  it('drops rows at or below the last seq handed over and resumes after it', () => {
    const { stream, got, gaps } = recorder();
    stream.subscribed('v', 1, undefined, false);
    stream.deliver(rows(1, 2, 3));
    stream.deliver(rows(2, 3, 4));
    expect(got).toEqual([1, 2, 3, 4]);
    expect(gaps).toEqual([]);
    expect(stream.resumeFrom()).toBe(5);
  });

  it('resumes from the seq `subscribed` announced when no row came yet (rows emitted while away are not skipped)', () => {
    const { stream } = recorder({ kind: 'view', from: 'latest' });
    expect(stream.resumeFrom()).toBe('latest');
    stream.subscribed('v', 41, undefined, false);
    expect(stream.resumeFrom()).toBe(41);
  });

  it('reports a jump in seq as a gap', () => {
    const { stream, got, gaps } = recorder();
    stream.subscribed('v', 1, undefined, false);
    stream.deliver(rows(1, 2));
    stream.deliver(rows(6, 7));
    expect(got).toEqual([1, 2, 6, 7]);
    expect(gaps).toEqual([[3, 5]]);
  });

  it('starts a restarted query over and says so', () => {
    const { stream, got, restarts } = recorder({ kind: 'query', sql: 'SELECT 1' });
    stream.subscribed('query_1', 1, [{ name: 'x', type: 'INT' }], false);
    stream.deliver(rows(1, 2));
    stream.subscribed('query_7', 1, [{ name: 'x', type: 'INT' }], true);
    stream.deliver(rows(1, 2, 3));
    expect(restarts).toEqual(['query_7']);
    expect(got).toEqual([1, 2, 1, 2, 3]);
    expect(stream.resumeFrom()).toBe('earliest');
  });

  it('hands nothing over once closed', () => {
    const { stream, got } = recorder();
    stream.active = false;
    stream.deliver(rows(1));
    expect(got).toEqual([]);
  });
});
