import { describe, expect, it } from 'vitest';
import { fitWidths, layoutTable, layoutVertical, tableOverhead, typicalWidth } from '../../repl/table-layout.js';
import { cellText, textWidth, truncate } from '../../repl/text.js';

const columns = [
  { name: 'auction', type: 'BIGINT' },
  { name: 'window_start', type: 'TIMESTAMP(3)' },
  { name: 'channel', type: 'VARCHAR' },
  { name: 'bids', type: 'BIGINT' },
];
const rows = [
  [1001, '2020-10-10T00:00:00.000Z', 'a very long channel name that will never fit in a narrow terminal window', 3],
  [7, '2020-10-10T00:00:10.000Z', 'web', null],
];

describe('fitting tables to the terminal', () => {
  it('keeps natural widths when the table fits', () => {
    expect(fitWidths([7, 24, 3], 100)).toEqual([7, 24, 3]);
  });

  it('shrinks the widest columns first and leaves narrow ones alone', () => {
    const w = fitWidths([4, 24, 72, 4], 60);
    expect(w.reduce((a, b) => a + b, 0)).toBe(60);
    expect(w[0]).toBe(4);
    expect(w[3]).toBe(4);
    expect(w[1]).toBe(24);
  });

  for (const width of [40, 80, 120]) {
    it(`never makes a line wider than ${width} columns when the minimums fit`, () => {
      const t = layoutTable(columns, rows, width);
      for (const line of [t.header, t.rule, ...t.lines]) expect(textWidth(line)).toBeLessThanOrEqual(width);
    });
  }

  it('truncates long values with … and keeps every | aligned', () => {
    const t = layoutTable(columns, rows, 80);
    expect(t.lines[0]).toContain('…');
    const bars = (line: string): number[] => [...line].flatMap((c, i) => (c === '|' ? [i] : []));
    expect(bars(t.lines[0] as string)).toEqual(bars(t.header));
    expect(bars(t.lines[1] as string)).toEqual(bars(t.header));
    expect(t.rule.indexOf('+')).toBe(bars(t.header)[0]);
  });

  it('shows the whole value at 120 columns only if it fits, and NULL for null', () => {
    const t = layoutTable(columns, rows, 120);
    expect(t.lines[1]).toMatch(/\| +NULL $/);
  });

  it('right-aligns numeric columns and left-aligns text', () => {
    const t = layoutTable(columns, rows, 120);
    expect(t.lines[1]?.startsWith('       7 |')).toBe(true);
    expect(t.lines[1]).toContain('| web ');
  });

  it('pins widths for a streaming table and can leave values uncut', () => {
    const widths = columns.map(typicalWidth);
    const t = layoutTable(columns, rows, 80, { widths, truncate: false });
    expect(t.lines[0]).toContain('a very long channel name that will never fit in a narrow terminal window');
    expect(t.header.length).toBe(widths.reduce((a, b) => a + b, 0) + tableOverhead(columns.length));
  });
});

describe('vertical display (\\x)', () => {
  it('prints one block per row with aligned names and cut values', () => {
    const lines = layoutVertical(columns, rows, 40);
    expect(lines[0]).toMatch(/^-\[ RECORD 1 \]-*\+-+$/);
    expect(lines[1]).toBe('auction      | 1001');
    expect(lines[3]?.endsWith('…')).toBe(true);
    expect(lines.every((l) => textWidth(l) <= 40)).toBe(true);
    expect(lines[5]).toMatch(/^-\[ RECORD 2 \]/);
  });
});

describe('cell text', () => {
  it('counts wide characters as two columns and cuts them whole', () => {
    expect(textWidth('東京')).toBe(4);
    expect(truncate('東京タワー', 5)).toBe('東京…');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('makes control characters visible so a value cannot break a row', () => {
    expect(cellText('a\nb\u001b[31m')).toBe('a\\nb\\x1b[31m');
    expect(cellText({ a: 1 })).toBe('{"a":1}');
    expect(cellText(true)).toBe('true');
  });
});
