/** The chart series of a windowed view: sums per window, splits by key, the busiest keys kept. */
import { describe, expect, it } from 'vitest';
import { buildChart, defaultSplit, defaultValue, keyColumns, valueColumns } from '../../web/chart-data.js';

const columns = [
  { name: 'action', type: 'VARCHAR' },
  { name: 'window_start', type: 'TIMESTAMP(3)' },
  { name: 'window_end', type: 'TIMESTAMP(3)' },
  { name: 'actions', type: 'BIGINT' },
  { name: 'ratio', type: 'DECIMAL(10, 2)' },
];
const t = (s: number) => new Date(Date.UTC(2020, 9, 10, 0, 0, s)).toISOString();
const rows = [
  ['like', t(0), t(10), 5, 0.5],
  ['share', t(0), t(10), 2, 0.1],
  ['like', t(10), t(20), 7, null],
  ['post', t(20), t(30), 1, 0.2],
];

describe('chart data', () => {
  it('offers numeric columns other than the window bounds, and keys to split by', () => {
    expect(valueColumns(columns)).toEqual(['actions', 'ratio']);
    expect(keyColumns(columns, 'actions')).toEqual(['action', 'ratio']);
  });

  it('sums a column per window_start, in window order', () => {
    const d = buildChart(columns, [rows[2]!, rows[0]!, rows[1]!, rows[3]!], 'actions', null);
    expect(d.xs).toEqual([0, 10, 20].map((s) => Date.UTC(2020, 9, 10, 0, 0, s) / 1000));
    expect(d.series).toEqual([{ label: 'actions', values: [7, 7, 1] }]);
  });

  it('splits into one series per key with gaps where a key has no row, skipping NULL values', () => {
    const d = buildChart(columns, rows, 'ratio', 'action');
    expect(d.series).toEqual([
      { label: 'like', values: [0.5, null, null] },
      { label: 'post', values: [null, null, 0.2] },
      { label: 'share', values: [0.1, null, null] },
    ]);
  });

  it('draws only the busiest keys and counts the others', () => {
    const d = buildChart(columns, rows, 'actions', 'action', 2);
    expect(d.series.map((s) => s.label)).toEqual(['like', 'share']);
    expect(d.hidden).toBe(1);
  });

  it('splits by a short text key by default, not by a number', () => {
    expect(defaultSplit(columns, rows, 'actions')).toBe('action');
    expect(defaultSplit([{ name: 'id', type: 'BIGINT' }, ...columns.slice(1)], rows, 'actions')).toBeNull();
  });

  it('starts with the first aggregate after the window bounds, not a numeric key before them', () => {
    const trending = [
      { name: 'item_id', type: 'BIGINT' },
      { name: 'window_start', type: 'TIMESTAMP(3)' },
      { name: 'window_end', type: 'TIMESTAMP(3)' },
      { name: 'engagement', type: 'BIGINT' },
    ];
    expect(defaultValue(trending)).toBe('engagement');
    expect(defaultValue([{ name: 'n', type: 'INT' }, { name: 'window_start', type: 'TIMESTAMP(3)' }])).toBe('n');
    expect(defaultValue([{ name: 'window_start', type: 'TIMESTAMP(3)' }])).toBeNull();
  });
});
