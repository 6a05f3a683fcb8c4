import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRowDecoder, makeRowEncoder, makeRowJsonEncoder, type DecoderColumn } from '../../src/executor/values.js';
import { T } from '../../src/parser/types.js';

const COLUMNS: DecoderColumn[] = [
  { name: 'id', type: T.bigint(false), notNull: true },
  { name: 'n', type: T.int(), notNull: false },
  { name: 'price', type: T.double(), notNull: false },
  { name: 'amount', type: T.decimal(10, 2), notNull: false },
  { name: 'channel', type: T.varchar(), notNull: false },
  { name: 'ok', type: T.boolean(), notNull: false },
  { name: 'ts', type: T.timestamp(false), notNull: false },
];
const decode = makeRowDecoder(COLUMNS, 6);
const base = { id: 1, ts: 0 };
const accept = (input: Record<string, unknown>): unknown[] => {
  const r = decode({ ...base, ...input });
  if ('error' in r) throw new Error(r.error);
  return r.row;
};
const reject = (input: unknown): string => {
  const r = decode(input);
  if ('row' in r) throw new Error(`expected a rejection, got ${JSON.stringify(r.row)}`);
  return r.error;
};

describe('row decoder: accepts', () => {
  it('a complete object, in schema order', () => {
    expect(accept({ id: 7, n: 3, price: 1.5, amount: 2.25, channel: 'web', ok: true, ts: 1602288005000 })).toEqual([
      7, 3, 1.5, 225n, 'web', true, 1602288005000, // DECIMAL(10, 2): the scaled bigint
    ]);
  });

  it('missing and null keys as NULL', () => {
    expect(accept({ n: null })).toEqual([1, null, null, null, null, null, 0]);
  });

  it('keys in any case, preferring an exact-case key, ignoring extra keys', () => {
    expect(accept({ PRICE: 2, Channel: 'x', extra: 'ignored' }).slice(2, 5)).toEqual([2, null, 'x']);
    expect(accept({ Price: 1, price: 2 })[2]).toBe(2);
    expect(accept({ price: 2, PRICE: 1 })[2]).toBe(2);
  });

  const timestamps: [unknown, string][] = [
    [1602288005000, '2020-10-10T00:00:05.000Z'],
    ['2020-10-10T00:00:05Z', '2020-10-10T00:00:05.000Z'],
    ['2020-10-10T00:00:05.250Z', '2020-10-10T00:00:05.250Z'],
    ['2020-10-10T02:00:05+02:00', '2020-10-10T00:00:05.000Z'],
    ['2020-10-09T20:00:05-04:00', '2020-10-10T00:00:05.000Z'],
    ['2020-10-10T00:00:05', '2020-10-10T00:00:05.000Z'],
    ['2020-10-10 00:00:05.5', '2020-10-10T00:00:05.500Z'],
  ];
  for (const [input, iso] of timestamps) {
    it(`TIMESTAMP ${JSON.stringify(input)} as ${iso}`, () => {
      expect(accept({ ts: input })[6]).toBe(Date.parse(iso));
    });
  }

  it('numbers given as numeric text', () => {
    expect(accept({ id: '9007199254740991', n: '-5', price: '1e3', amount: '12.345' }).slice(0, 4)).toEqual([9007199254740991, -5, 1000, 1235n]);
  });

  it('BIGINT up to 2^53 itself, as the documentation says, and exact text only', () => {
    expect(accept({ id: 9007199254740992 })[0]).toBe(9007199254740992);
    expect(accept({ id: '-9007199254740992' })[0]).toBe(-9007199254740992);
    expect(reject({ ...base, id: '9007199254740993' })).toBe(
      `column 'id': expected BIGINT (a whole number of at most 2^53 in magnitude), got string "9007199254740993"`,
    );
  });

  it('DECIMAL rounded to its scale, and NaN/Infinity text for DOUBLE', () => {
    expect(accept({ amount: 1.005 })[3]).toBe(101n); // the number's shortest text, 1.005, rounded half up
    expect(accept({ amount: -2.675 })[3]).toBe(-268n);
    expect(accept({ amount: '0.105' })[3]).toBe(11n);
    expect(accept({ amount: '-0.125' })[3]).toBe(-13n); // negative ties away from zero
    expect(accept({ price: 'NaN' })[2]).toBeNaN();
    expect(accept({ price: '-Infinity' })[2]).toBe(-Infinity);
  });

  it('numbers, booleans and JSON values for VARCHAR as their text', () => {
    expect(accept({ channel: 42 })[4]).toBe('42');
    expect(accept({ channel: false })[4]).toBe('false');
    expect(accept({ channel: { a: [1] } })[4]).toBe('{"a":[1]}');
  });

  it('column names that objects inherit, only as own keys', () => {
    const d = makeRowDecoder([{ name: 'constructor', type: T.varchar(), notNull: false }], null);
    expect(d({})).toEqual({ row: [null] });
    expect(d({ constructor: 'x' })).toEqual({ row: ['x'] });
  });
});

describe('row decoder: rejects, saying why', () => {
  const cases: [unknown, string][] = [
    [{ ...base, price: 'abc' }, `column 'price': expected DOUBLE, got string "abc"`],
    [{ ...base, n: 1.5 }, `column 'n': expected INT (a whole number from -2147483648 to 2147483647), got number 1.5`],
    [{ ...base, n: 3000000000 }, `column 'n': expected INT (a whole number from -2147483648 to 2147483647), got number 3000000000`],
    [{ ...base, id: 9007199254740994 }, `column 'id': expected BIGINT (a whole number of at most 2^53 in magnitude), got number 9007199254740994`],
    [{ ...base, ok: 'true' }, `column 'ok': expected BOOLEAN, got string "true"`],
    [{ ...base, amount: 123456789012 }, `column 'amount': expected DECIMAL(10, 2) (at most 8 digits before the point), got number 123456789012`],
    [{ ...base, channel: null, ts: 'yesterday' }, `column 'ts': expected TIMESTAMP (epoch milliseconds or ISO-8601 text), got string "yesterday"`],
    [{ ...base, ts: 1.5 }, `column 'ts': expected TIMESTAMP (epoch milliseconds or ISO-8601 text), got number 1.5`],
    [{ ...base, ts: '10000-01-01T00:00:00Z' }, `column 'ts': expected TIMESTAMP (epoch milliseconds or ISO-8601 text), got string "10000-01-01T00:00:00Z"`],
    [{ id: 1 }, `missing event-time column 'ts'`],
    [{ id: 1, ts: null }, `event-time column 'ts' is null`],
    [{ ts: 0 }, `missing NOT NULL column 'id'`],
    [{ id: null, ts: 0 }, `column 'id' is NOT NULL, got null`],
    [[1, 2], 'expected a JSON object, got array'],
    ['x', 'expected a JSON object, got string "x"'],
    [null, 'expected a JSON object, got null'],
    [{ ...base, channel: 'x', price: 'a'.repeat(100) }, `column 'price': expected DOUBLE, got string "${'a'.repeat(40)}…"`],
  ];
  for (const [input, error] of cases) {
    it(error, () => expect(reject(input)).toBe(error));
  }
});

describe('row encoder', () => {
  const encode = makeRowEncoder([
    { name: 'window_start', type: T.timestamp() },
    { name: 'total', type: T.decimal(38, 2) },
    { name: 'avg', type: T.double() },
    { name: 'n', type: T.bigint() },
    { name: 'name', type: T.varchar() },
    { name: 'flag', type: T.boolean() },
  ]);

  it('writes TIMESTAMP as ISO-8601 UTC with milliseconds and DECIMAL rounded to its scale', () => {
    expect(encode([1602288005000, 1110n, 2.5, 3, 'x', true])).toEqual({
      window_start: '2020-10-10T00:00:05.000Z', total: 11.1, avg: 2.5, n: 3, name: 'x', flag: true,
    });
  });

  it('writes NULL as null and keeps the key', () => {
    const out = encode([null, null, null, null, null, null]);
    expect(out).toEqual({ window_start: null, total: null, avg: null, n: null, name: null, flag: null });
    expect(JSON.stringify(out)).toBe('{"window_start":null,"total":null,"avg":null,"n":null,"name":null,"flag":null}');
  });

  it('writes NaN and infinities of DOUBLE as strings, as Flink does', () => {
    expect(encode([0, 0, NaN, 0, '', false]).avg).toBe('NaN');
    expect(encode([0, 0, Infinity, 0, '', false]).avg).toBe('Infinity');
    expect(encode([0, 0, -Infinity, 0, '', false]).avg).toBe('-Infinity');
  });

  it('writes DECIMAL as an exact JSON number, or as exact text when no double holds it', () => {
    expect(encode([0, 268n, 0, 0, '', false]).total).toBe(2.68);
    expect(encode([0, -30n, 0, 0, '', false]).total).toBe(-0.3);
    const wide = makeRowEncoder([{ name: 'x', type: T.decimal(38, 2) }]);
    expect(JSON.stringify(wide([123456789012345678901234567890n]))).toBe('{"x":"1234567890123456789012345678.90"}');
    expect(JSON.stringify(wide([10n ** 30n]))).toBe('{"x":1e+28}');
    expect(JSON.stringify(wide([999999999999999n]))).toBe('{"x":9999999999999.99}');
  });

  it('makes "__proto__" an ordinary key', () => {
    const out = makeRowEncoder([{ name: '__proto__', type: T.int() }])([5]);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(JSON.stringify(out)).toBe('{"__proto__":5}');
  });
});

describe('encoder ∘ decoder', () => {
  const schema = [
    { name: 'ts', type: T.timestamp(), notNull: false },
    { name: 'amount', type: T.decimal(12, 3), notNull: false },
    { name: 'x', type: T.double(), notNull: false },
  ];
  const dec = makeRowDecoder(schema, null);
  const enc = makeRowEncoder(schema);

  it('round-trips every timestamp in years 0000-9999 through ISO text and epoch ms (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62167219200000, max: 253402300799999 }), (ms) => {
        const out = enc([ms, null, null]);
        expect(out['ts']).toBe(new Date(ms).toISOString());
        expect(dec(JSON.parse(JSON.stringify(out)))).toEqual({ row: [ms, null, null] });
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips DECIMAL(12, 3) values and doubles, including NaN/Infinity (property)', () => {
    const dbl = fc.oneof(fc.double({ noNaN: false }), fc.constantFrom(NaN, Infinity, -Infinity));
    fc.assert(
      fc.property(fc.integer({ min: -999999999999, max: 999999999999 }), dbl, (milli, x) => {
        const amount = BigInt(milli);
        const out = JSON.parse(JSON.stringify(enc([null, amount, x])));
        const back = dec(out);
        expect(back).toEqual({ row: [null, amount, Object.is(x, -0) ? 0 : x] });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('row JSON encoder', () => {
  const schema = [
    { name: 'window_start', type: T.timestamp() },
    { name: 'total', type: T.decimal(38, 2) },
    { name: 'avg', type: T.double() },
    { name: 'n', type: T.bigint() },
    { name: 'name', type: T.varchar() },
    { name: 'flag', type: T.boolean() },
    { name: 'd', type: T.date() },
    { name: 't', type: T.time() },
    { name: 'weird "key"\n', type: T.int() },
  ];
  const viaObject = makeRowEncoder(schema);
  const direct = makeRowJsonEncoder(schema);

  it('writes the very text JSON.stringify writes for the row object, for any values (property)', () => {
    const ts = fc.oneof(fc.constant(null), fc.integer({ min: -62167219200000, max: 253402300799999 }), fc.constantFrom(1602288005000, 1602288005000));
    const dec = fc.oneof(fc.constant(null), fc.bigInt({ min: -(10n ** 36n), max: 10n ** 36n }));
    const dbl = fc.oneof(fc.constant(null), fc.double({ noNaN: false }), fc.constantFrom(NaN, Infinity, -Infinity, -0));
    const num = fc.oneof(fc.constant(null), fc.integer(), fc.double());
    const text = fc.oneof(fc.constant(null), fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\u2028', '\ud800'));
    const day = fc.oneof(fc.constant(null), fc.integer({ min: -700000, max: 2900000 }));
    const time = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 86399999 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(ts, dec, dbl, num, text, fc.oneof(fc.constant(null), fc.boolean()), day, time, num), { minLength: 1, maxLength: 5 }), (rows) => {
        for (const row of rows) expect(direct(row)).toBe(JSON.stringify(viaObject(row)));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the object order where it differs from column order: index-like names, repeated names', () => {
    for (const cols of [
      [{ name: 'b', type: T.int() }, { name: '2', type: T.int() }, { name: '10', type: T.timestamp() }],
      [{ name: 'x', type: T.int() }, { name: 'x', type: T.double() }],
      [{ name: '__proto__', type: T.int() }, { name: '01', type: T.int() }],
      [],
    ]) {
      const row = cols.map((_, i) => i + 1);
      expect(makeRowJsonEncoder(cols)(row)).toBe(JSON.stringify(makeRowEncoder(cols)(row)));
    }
  });
});
