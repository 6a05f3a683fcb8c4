/** The conformance comparison rules (compare.ts): numbers within 1e-6 relative, timestamps exact instants. */
import { describe, expect, it } from 'vitest';
import { diffRows, foldChangelog, type OutRow } from './compare.js';

const r = (row: Record<string, unknown>, op = '+I'): OutRow => ({ view: 'v', op, row });

describe('conformance row comparison', () => {
  it('compares timestamps as instants to the millisecond, not with the numbers\' relative tolerance', () => {
    expect(diffRows([r({ t: '2020-10-10T00:00:06.000Z' })], [r({ t: '2020-10-10T00:00:01.000Z' })]).missing).toHaveLength(1);
    expect(diffRows([r({ t: '2020-10-10T00:00:01.001Z' })], [r({ t: '2020-10-10T00:00:01.000Z' })]).missing).toHaveLength(1);
    expect(diffRows([r({ t: '2020-10-10T08:00:01.000+08:00' })], [r({ t: '2020-10-10T00:00:01.000Z' })])).toEqual({ missing: [], extra: [] });
    expect(diffRows([r({ t: 1602288001000 })], [r({ t: '2020-10-10T00:00:01.000Z' })]).missing).toHaveLength(1);
  });

  it('compares numbers within 1e-6 relative, a DECIMAL string equal to its number', () => {
    expect(diffRows([r({ x: 19.98 })], [r({ x: '19.98' })])).toEqual({ missing: [], extra: [] });
    expect(diffRows([r({ x: 1 / 3 })], [r({ x: 0.333333333 })])).toEqual({ missing: [], extra: [] });
    expect(diffRows([r({ x: 1000 })], [r({ x: 1001 })]).missing).toHaveLength(1);
  });

  it('folds a changelog, by an upsert key when given', () => {
    expect(foldChangelog([r({ k: 1, n: 1 }), r({ k: 1, n: 1 }, '-U'), r({ k: 1, n: 2 }, '+U')], null)).toEqual([r({ k: 1, n: 2 })]);
    expect(foldChangelog([r({ k: 1, n: 1 }), r({ k: 1, n: 2 }, '+U')], ['k'])).toEqual([r({ k: 1, n: 2 })]);
  });
});
