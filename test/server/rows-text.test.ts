/** Cutting an insert frame's rows out of its text: the slice must parse to exactly the rows JSON.parse read. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinRowsTexts, rowsText } from '../../src/executor/server/rows-text.js';

/** JSON text of `v` with random whitespace between tokens (what a hand-written client may send). */
function spaced(v: unknown, ws: () => string): string {
  if (Array.isArray(v)) return `[${ws()}${v.map((x) => spaced(x, ws)).join(`${ws()},${ws()}`)}${ws()}]`;
  if (v !== null && typeof v === 'object') {
    const parts = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}${ws()}:${ws()}${spaced(x, ws)}`);
    return `{${ws()}${parts.join(`${ws()},${ws()}`)}${ws()}}`;
  }
  return JSON.stringify(v);
}

describe('rowsText', () => {
  it('cuts out the rows array of a compact frame', () => {
    const text = JSON.stringify({ type: 'insert', id: 3, source: 's', rows: [{ a: 1, b: 'x]' }, [1, 2]] });
    expect(rowsText(text)).toBe('[{"a":1,"b":"x]"},[1,2]]');
  });

  it('skips strings holding quotes, backslashes and brackets, and nested "rows" keys', () => {
    const frame = { type: 'insert', note: { rows: [9] }, s: 'a\\"],}{[', source: 's\\', rows: [{ rows: ['\\\\"'] }, '"]'] };
    const text = JSON.stringify(frame);
    expect(JSON.parse(rowsText(text)!)).toEqual(frame.rows);
  });

  it('reads an escaped spelling of the key, and the last of two "rows" as JSON.parse does', () => {
    const text = '{"type":"insert","rows":[1],"source":"s","r\\u006fws":[2, 3]}';
    expect(JSON.parse(text).rows).toEqual([2, 3]);
    expect(rowsText(text)).toBe('[2, 3]');
  });

  it('keeps numbers as spelled, so a replay reads what the first run read (1e400, -0)', () => {
    const text = '{"type":"insert","source":"s","rows":[{"v":1e400},{"v":-0}]}';
    const again = JSON.parse(rowsText(text)!) as { v: number }[];
    expect(again[0]!.v).toBe(Infinity);
    expect(Object.is(again[1]!.v, -0)).toBe(true);
  });

  it('answers null when rows is not an array or is missing', () => {
    expect(rowsText('{"type":"insert","source":"s","rows":{"a":1}}')).toBeNull();
    expect(rowsText('{"type":"insert","source":"s"}')).toBeNull();
    expect(rowsText('[1]')).toBeNull();
  });

  it('gives text that parses to the rows for any frame, however spaced', () => {
    const ws = fc.constantFrom('', ' ', '\n', '\t', ' \r\n ');
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), fc.array(ws, { minLength: 64, maxLength: 64 }), (rows, extra, spaces) => {
        let n = 0;
        const next = (): string => spaces[n++ % spaces.length]!;
        const frame = { ...extra, type: 'insert', source: 's', rows };
        const text = `${next()}${spaced(frame, next)}${next()}`;
        const cut = rowsText(text);
        expect(cut).not.toBeNull();
        expect(JSON.parse(cut!)).toEqual(JSON.parse(text).rows);
      }),
      { numRuns: 500 },
    );
  });
});

describe('joinRowsTexts', () => {
  it('joins the rows of several inserts in order, empty ones included', () => {
    expect(JSON.parse(joinRowsTexts(['[1, 2]', '[ ]', '[{"a":[3]}]'])!)).toEqual([1, 2, { a: [3] }]);
    expect(joinRowsTexts(['[1]'])).toBe('[1]');
    expect(joinRowsTexts(['[1]', null])).toBeNull();
  });
});
