/** Cutting an insert frame's rows out of its text: the slice must parse to exactly the rows JSON.parse read. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { insertRowsText, joinRowsTexts, rowsText } from '../../src/executor/server/rows-text.js';
import { parseClientMessage } from '../../src/executor/server/protocol.js';

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

describe('insertRowsText (frames that passed the insert schema)', () => {
  it('cuts the rows of a frame that ends with them without scanning them, and is exact in every other case', () => {
    expect(insertRowsText('{"type":"insert","id":1,"source":"s","rows":[{"a":"]}"}, 2] } \n')).toBe('[{"a":"]}"}, 2]');
    // Two "rows": the last wins, whatever is spelled between or inside them.
    expect(insertRowsText('{"type":"insert","rows":[1],"source":"s","rows":[2, 3]}')).toBe('[2, 3]');
    expect(insertRowsText('{"type":"insert","rows":[1],"source":"s","r\\u006fws":[2]}')).toBe('[2]');
    expect(insertRowsText('{"rows":[1],"type":"insert","source":"s]"}')).toBe('[1]');
  });

  it('gives text that parses to the rows for any insert frame the schema accepts, however spaced and ordered', () => {
    const ws = fc.constantFrom('', ' ', '\n', '\t', ' \r\n ');
    const member = fc.oneof(
      fc.constant(['type', 'insert'] as const),
      fc.tuple(fc.constant('id'), fc.oneof(fc.integer(), fc.string({ maxLength: 8 }))),
      fc.tuple(fc.constant('source'), fc.constantFrom('s', 'a]', 'rows', '"rows"', 'x\\')),
      fc.tuple(fc.constant('rows'), fc.array(fc.oneof(fc.jsonValue(), fc.constantFrom('"rows"', ']}', '\\', { rows: [1] })), { maxLength: 6 })),
      // A duplicate that the last member of its key overrides.
      fc.tuple(fc.constantFrom('type', 'id', 'source'), fc.array(fc.integer(), { maxLength: 2 })),
    );
    fc.assert(
      fc.property(fc.array(member, { maxLength: 7 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), fc.array(ws, { minLength: 64, maxLength: 64 }), (drawn, places, spaces) => {
        let n = 0;
        const next = (): string => spaces[n++ % spaces.length]!;
        // The drawn members with what makes a valid insert put in at drawn places (a later drawn
        // duplicate may still override it: then the frame is refused and there is nothing to check).
        const members: (readonly [string, unknown])[] = [...drawn];
        const required: [string, unknown][] = [['type', 'insert'], ['source', 's'], ['rows', [{ k: 1 }, 'x']]];
        required.forEach((m, i) => members.splice(places[i]! % (members.length + 1), 0, m));
        const body = members.map(([k, v]) => `${next()}${JSON.stringify(k)}${next()}:${next()}${spaced(v, next)}`).join(`${next()},`);
        const text = `${next()}{${body}${next()}}${next()}`;
        const parsed = parseClientMessage(text);
        if (!parsed.ok || parsed.msg.type !== 'insert') return;
        const cut = insertRowsText(text);
        expect(cut).not.toBeNull();
        expect(JSON.parse(cut!)).toEqual(parsed.msg.rows);
        expect(cut).toBe(rowsText(text));
      }),
      { numRuns: 2000 },
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
