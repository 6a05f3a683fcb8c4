/**
 * Rows written straight to JSON bytes (row-json-bytes.ts) are the UTF-8 bytes of the text the row JSON
 * encoder writes: a subscriber's `rows` message is byte for byte the one framed from that text, and a
 * durable log block the one joined from it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RowOp } from '../../src/executor/api.js';
import { framedRowBytes, framedRows, makeRowBytesWriter, releaseRowBytes, writeRowBytes } from '../../src/executor/row-json-bytes.js';
import { encodeRows, framedText, rowsPrefix, ROWS_SUFFIX } from '../../src/executor/server/subscriptions.js';
import { BLOCK_ROWS, blocksOf, byteBlocksOf, byteBlocksOfRows, textOf } from '../../src/executor/state/output-block.js';
import { makeRowEncoder, makeRowJsonEncoder, type EncoderColumn } from '../../src/executor/values.js';
import { T } from '../../src/parser/types.js';

const SCHEMA: EncoderColumn[] = [
  { name: 'window_start', type: T.timestamp() },
  { name: 'total', type: T.decimal(38, 2) },
  { name: 'avg', type: T.double() },
  { name: 'n', type: T.bigint() },
  { name: 'name', type: T.varchar() },
  { name: 'flag', type: T.boolean() },
  { name: 'd', type: T.date() },
  { name: 't', type: T.time() },
  { name: 'weird "key"\n', type: T.int() },
  { name: 'ключ', type: T.double() },
];

/** Doubles around the writer's fast paths: int32 edges, one and two decimals, and anything else. */
const number = fc.oneof(
  fc.integer(),
  fc.constantFrom(2147483647, 2147483648, -2147483648, -2147483649, -0, 0.1, -0.05, 0.5, 214748364.7, -214748364.8, 21474836.47, 1e21, 5e-7, 2 ** 53),
  fc.integer().map((m) => m / 10),
  fc.integer().map((m) => m / 100),
  fc.integer({ min: -1000, max: 1000 }).map((m) => m / 10 + m / 100),
  fc.double(),
);
const nullable = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof(fc.constant(null), a);
const row = fc.tuple(
  nullable(fc.oneof(fc.integer({ min: -62167219200000, max: 253402300799999 }), fc.constant(1602288005000))),
  nullable(fc.oneof(fc.bigInt({ min: -(10n ** 36n), max: 10n ** 36n }), number)),
  nullable(fc.oneof(number, fc.constantFrom(NaN, Infinity, -Infinity))),
  nullable(number),
  nullable(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ minLength: 70 }), fc.constantFrom('"', '\\', '\u2028', '\ud800', 'é', 'é'.repeat(80)), number)),
  nullable(fc.boolean()),
  nullable(fc.integer({ min: -700000, max: 2900000 })),
  nullable(fc.integer({ min: 0, max: 86399999 })),
  nullable(number),
  nullable(number),
);
const op = fc.constantFrom<RowOp>('+I', '-U', '+U', '-D');

function expectedMessage(view: string, rows: readonly unknown[][], ops: readonly RowOp[] | null, from: number, end: number, firstSeq: number, schema = SCHEMA): string {
  const json = makeRowJsonEncoder(schema);
  return framedText(view, { firstSeq, ops, rowsJson: rows.map((r) => json(r)) }, from, end);
}

describe('rows written as JSON bytes', () => {
  it('make the very `rows` message framed from the rows’ text, for any values (property)', () => {
    const writer = makeRowBytesWriter(SCHEMA);
    fc.assert(
      fc.property(fc.array(fc.tuple(row, op), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.integer({ min: 0, max: 2 ** 40 }), (list, inserts, firstSeq) => {
        const rows = list.map(([r]) => r as unknown[]);
        const ops = inserts ? null : list.map(([, o]) => o);
        // Written once for the durable log, then copied into messages: the same bytes.
        const rb = writeRowBytes(writer, rows);
        for (const [from, end] of [[0, rows.length], [rows.length - 1, rows.length], [0, 1]] as const) {
          const expected = expectedMessage('v', rows, ops, from, end, firstSeq);
          expect(framedRows(writer, rows, ops, from, end, firstSeq, rowsPrefix('v'), ROWS_SUFFIX).toString('utf8')).toBe(expected);
          expect(framedRowBytes(rb, ops, from, end, firstSeq, rowsPrefix('v'), ROWS_SUFFIX).toString('utf8')).toBe(expected);
        }
        releaseRowBytes(rb);
      }),
      { numRuns: 1000 },
    );
  });

  it('write every one- and two-decimal double as `String(v)` does', () => {
    const writer = makeRowBytesWriter([{ name: 'x', type: T.double() }]);
    const b = Buffer.alloc(64);
    const check = (v: number): void => {
      const o = writer.block(b, 0, [[v]], 0, 1, 1 << 20);
      expect(b.toString('latin1', 0, o)).toBe(`{"x":${JSON.stringify(v)}}`);
    };
    for (let m = -30000; m <= 30000; m++) {
      check(m / 10);
      check(m / 100);
    }
    for (const m of [2147483647, -2147483647, 2147483646, 1999999999, -1000000001]) {
      check(m / 10);
      check(m / 100);
    }
  });

  it('keep the object order where it differs from column order, and a view name that needs escaping', () => {
    for (const cols of [
      [{ name: 'b', type: T.int() }, { name: '2', type: T.int() }, { name: '10', type: T.timestamp() }],
      [{ name: 'x', type: T.int() }, { name: 'x', type: T.double() }],
      [{ name: '__proto__', type: T.int() }, { name: '01', type: T.int() }],
      [],
    ] as EncoderColumn[][]) {
      const rows = [cols.map((_, i) => i + 1), cols.map((_, i) => i + 1.5)];
      const view = 'Strange "view" ✓';
      const bytes = framedRows(makeRowBytesWriter(cols), rows, ['+I', '-D'], 0, 2, 7, rowsPrefix(view), ROWS_SUFFIX);
      const encode = makeRowEncoder(cols);
      expect(bytes.toString('utf8')).toBe(encodeRows(view, rows.map((r, i) => ({ seq: 7 + i, op: i === 0 ? '+I' : '-D', row: encode(r) }))));
    }
  });

  it('write a message larger than the buffers they are cut from, and keep earlier messages intact', () => {
    const writer = makeRowBytesWriter([{ name: 's', type: T.varchar() }]);
    const small = framedRows(writer, [['a']], null, 0, 1, 1, '[', ']');
    const copy = Buffer.from(small);
    const huge = 'x'.repeat(3 << 20);
    const big = framedRows(writer, [[huge], ['é'.repeat(1 << 20)]], null, 0, 2, 2, '[', ']');
    expect(big.toString('utf8')).toBe(`[{"seq":2,"op":"+I","row":{"s":"${huge}"}},{"seq":3,"op":"+I","row":{"s":"${'é'.repeat(1 << 20)}"}}]`);
    expect(small.equals(copy)).toBe(true);
    expect(framedRows(writer, [['b']], null, 0, 1, 4, '[', ']').toString()).toBe('[{"seq":4,"op":"+I","row":{"s":"b"}}]');
  });
});

describe('output log blocks written as bytes', () => {
  const cols: EncoderColumn[] = [
    { name: 'k', type: T.bigint() },
    { name: 'ts', type: T.timestamp() },
    { name: 'v', type: T.double() },
    { name: 's', type: T.varchar() },
  ];
  const json = makeRowJsonEncoder(cols);

  it('are the blocks joined from the rows’ text: same splits by rows and by size, same ops (property)', () => {
    const writer = makeRowBytesWriter(cols);
    const arb = fc.array(fc.tuple(fc.integer(), fc.integer({ min: 0, max: 2 ** 41 }), number, fc.oneof(fc.string({ maxLength: 3 }), fc.string({ minLength: 2000, maxLength: 4000 }), fc.constantFrom('é', '\u2028'))), { minLength: 1, maxLength: 700 });
    fc.assert(
      fc.property(arb, fc.option(fc.array(op, { minLength: 700, maxLength: 700 })), (rows, ops) => {
        const someOps = ops === null ? null : ops.slice(0, rows.length);
        const made = byteBlocksOf(writer, 'v', 5, rows, someOps);
        const texts = blocksOf('v', 5, rows.map((r) => json(r)), someOps, 0, rows.length, true);
        const rb = writeRowBytes(writer, rows);
        const sliced = byteBlocksOfRows(rb, 'v', 5, someOps);
        releaseRowBytes(rb);
        if (texts.some((t) => /[^\x00-\x7f]/.test(t.rows))) {
          expect(made).toBeNull();
          expect(sliced).toBeNull();
        } else {
          expect(made!.map(textOf)).toEqual(texts);
          expect(sliced!.map(textOf)).toEqual(texts);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('split a batch of more than BLOCK_ROWS rows where blocksOf does', () => {
    const rows = Array.from({ length: 2 * BLOCK_ROWS + 5 }, (_, i) => [i, 1602288005000 + i, i / 10, 'x']);
    const made = byteBlocksOf(makeRowBytesWriter(cols), 'v', 1, rows, null)!;
    expect(made.map((b) => [b.firstSeq, b.n])).toEqual([[1, BLOCK_ROWS], [1 + BLOCK_ROWS, BLOCK_ROWS], [1 + 2 * BLOCK_ROWS, 5]]);
    expect(made.map(textOf)).toEqual(blocksOf('v', 1, rows.map((r) => json(r)), null, 0, rows.length, true));
    const rb = writeRowBytes(makeRowBytesWriter(cols), rows);
    expect(byteBlocksOfRows(rb, 'v', 1, null)!.map(textOf)).toEqual(made.map(textOf));
    releaseRowBytes(rb);
  });

  it('of a batch emitted while another batch’s bytes are read are written to a buffer of their own', () => {
    const writer = makeRowBytesWriter(cols);
    const a = writeRowBytes(writer, [[1, 0, 0.5, 'a']]);
    const b = writeRowBytes(writer, [[2, 0, 1.5, 'b']]);
    expect(b.bytes).not.toBe(a.bytes);
    expect(a.bytes.toString('latin1', 0, a.ends[0])).toBe(json([1, 0, 0.5, 'a']));
    releaseRowBytes(b);
    releaseRowBytes(a);
  });
});
