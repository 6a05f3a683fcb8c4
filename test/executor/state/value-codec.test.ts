import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKey, decodeStateValue, encodeKey, encodeStateValue, registerValueKind } from '../../../src/executor/state/value-codec.js';
import { makeRowDecoder, makeRowEncoder } from '../../../src/executor/values.js';
import { T } from '../../../src/parser/types.js';

const roundTrip = (v: unknown) => decodeStateValue(encodeStateValue(v));

describe('the state value codec', () => {
  it('round-trips the numbers JSON cannot carry', () => {
    for (const v of [NaN, Infinity, -Infinity, -0, 0, 1.5, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 - 1, -(2 ** 53 - 1)]) {
      expect(Object.is(roundTrip(v), v)).toBe(true);
    }
    expect(roundTrip([NaN, [Infinity, null], -Infinity])).toEqual([NaN, [Infinity, null], -Infinity]);
  });

  it('round-trips bigints across and beyond the BIGINT range, maps, and plain objects that look like tags', () => {
    for (const v of [0n, -(2n ** 63n), 2n ** 63n - 1n, 10n ** 40n]) expect(roundTrip(v)).toBe(v);
    const m = new Map<unknown, number>([[NaN, 2], ['null', 1], [null, 3]]);
    expect(roundTrip(m)).toEqual(m);
    expect(roundTrip({ '~': 'f', v: 'NaN' })).toEqual({ '~': 'f', v: 'NaN' });
  });

  it('round-trips any string and any double (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => roundTrip(s) === s));
    fc.assert(fc.property(fc.double(), (d) => Object.is(roundTrip(d), d)));
    fc.assert(fc.property(fc.array(fc.oneof(fc.double(), fc.string({ unit: 'binary' }), fc.constant(null), fc.bigInt())), (a) => {
      const b = roundTrip(a) as unknown[];
      return b.length === a.length && b.every((x, i) => Object.is(x, a[i]));
    }));
  });

  it('round-trips DATE and TIME values, as row values and as keys, to the same JSON text', () => {
    const columns = [
      { name: 'd', type: T.date(), notNull: false },
      { name: 't', type: T.time(), notNull: false },
    ];
    const decode = makeRowDecoder(columns, null);
    const encode = makeRowEncoder(columns);
    for (const input of [
      { d: '2024-02-29', t: '23:59:59.999' },
      { d: '0000-01-01', t: '00:00:00' },
      { d: '9999-12-31', t: '12:34:56.7' },
      { d: '1969-12-31', t: null },
    ]) {
      const decoded = decode(input);
      if (!('row' in decoded)) throw new Error(decoded.error);
      const back = roundTrip(decoded.row) as unknown[];
      expect(back).toEqual(decoded.row);
      expect(decodeKey(encodeKey(decoded.row))).toEqual(decoded.row);
      expect(encode(back)).toEqual({ d: input.d, t: input.t === '12:34:56.7' ? '12:34:56.700' : input.t });
    }
  });

  it('refuses values it cannot read back (undefined, functions, unknown classes)', () => {
    expect(() => encodeStateValue(undefined)).toThrow(/no codec/);
    expect(() => encodeStateValue([() => 1])).toThrow(/no codec/);
    class Opaque {}
    expect(() => encodeStateValue(new Opaque())).toThrow(/Opaque has no codec/);
  });

  it('takes a new value kind (an exact decimal class) with one registration, in values and keys', () => {
    class Dec {
      constructor(readonly units: bigint, readonly scale: number) {}
      toString(): string {
        return `${this.units}e-${this.scale}`;
      }
    }
    registerValueKind<Dec>({
      tag: 'test-dec',
      test: (v): v is Dec => v instanceof Dec,
      toText: (d) => d.toString(),
      fromText: (t) => {
        const [u, s] = t.split('e-');
        return new Dec(BigInt(u!), Number(s));
      },
    });
    const d = new Dec(123456789012345678901234567890n, 4);
    expect(roundTrip([d])).toEqual([d]);
    expect(decodeKey(encodeKey([d, 'x']))).toEqual([d, 'x']);
  });
});

describe('state keys', () => {
  it('are injective where a separator-joined key collides', () => {
    expect(encodeKey(['a\u001fb', 'c'])).not.toBe(encodeKey(['a', 'b\u001fc']));
    const texts = [null, 'null', '\u0000', '', 'N'].map((v) => encodeKey([v]));
    expect(new Set(texts).size).toBe(5);
    expect(encodeKey([1, '2'])).not.toBe(encodeKey(['1', 2]));
    expect(encodeKey(['a', null])).not.toBe(encodeKey(['a\u0000']));
  });

  it('decode back to the tuple, for any tuple (property)', () => {
    const elem = fc.oneof(fc.string({ unit: 'binary' }), fc.double({ noNaN: true }).map((d) => (d === 0 ? 0 : d)), fc.constant(null), fc.boolean(), fc.bigInt());
    fc.assert(fc.property(fc.array(elem), (a) => {
      const b = decodeKey(encodeKey(a));
      return b.length === a.length && b.every((x, i) => Object.is(x, a[i]));
    }));
    fc.assert(fc.property(fc.array(elem), fc.array(elem), (a, b) => {
      const same = a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
      return (encodeKey(a) === encodeKey(b)) === same;
    }));
  });

  it('treat -0 and 0 as one group, and NaN as one group (SQL grouping)', () => {
    expect(encodeKey([-0])).toBe(encodeKey([0]));
    expect(encodeKey([NaN])).toBe(encodeKey([NaN]));
  });
});
