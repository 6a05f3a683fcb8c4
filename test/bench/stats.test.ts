import { describe, expect, it } from 'vitest';
import { cliArgs, median, pct, summarize, weightedPct } from '../../bench/lib/stats.mjs';

// The bench scripts' percentiles decide the figures the runtime work is judged by (ack p99, pause max),
// so their rank rule is pinned here: nearest rank, p99 of 100 samples is the 99th, not the largest.
describe('bench percentiles', () => {
  it('takes the nearest rank of an ascending array', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(pct(xs, 50)).toBe(50);
    expect(pct(xs, 99)).toBe(99);
    expect(pct(xs, 100)).toBe(100);
    expect(pct([7], 99)).toBe(7);
    expect(pct([], 50)).toBeNaN();
  });

  it('summarizes unsorted samples as p50, p99 and max', () => {
    expect(summarize([3, 1, 2, 1000])).toEqual({ n: 4, p50: 2, p99: 1000, max: 1000 });
    expect(summarize([])).toEqual({ n: 0, p50: null, p99: null, max: null });
  });

  it('weights each value by its count, as one sample per row', () => {
    // 98 rows at 10 ms, 1 at 20 ms, 1 at 500 ms: the median is 10, p99 the 99th row (20), max 500.
    expect(weightedPct([[500, 1], [10, 98], [20, 1]], [50, 99, 100])).toEqual([10, 20, 500]);
    expect(weightedPct([], [50])[0]).toBeNaN();
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('reads --name value options and rejects a non-number where a number is expected', () => {
    const a = cliArgs(['--reps', '3', '--quick', '--queries', 'hop']);
    expect(a.number('reps', 15)).toBe(3);
    expect(a.number('events', 600)).toBe(600);
    expect(a.flag('quick')).toBe(true);
    expect(a.option('queries', 'tumble,hop')).toBe('hop');
    expect(() => cliArgs(['--reps', 'many']).number('reps', 1)).toThrow(/--reps expects a number/);
  });
});
