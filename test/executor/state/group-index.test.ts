import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupIndex } from '../../../src/executor/aggregates/group-index.js';

/** Keys as group keys come: small integers (many collisions of their hashes' homes), any double, strings, null. */
const key = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -40, max: 40 }) },
  { weight: 2, arbitrary: fc.double() }, // -0, NaN, ±Infinity, tiny and huge values included
  { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 0.5, -0.5, 1e300) },
  { weight: 1, arbitrary: fc.integer().map((i) => i * 65536) }, // equal low bits
  { weight: 2, arbitrary: fc.string({ maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, '0', '') },
);

type Op = { op: 'set'; key: unknown } | { op: 'del'; key: unknown } | { op: 'reset' } | { op: 'get'; key: unknown };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 120, arbitrary: key.map((k) => ({ op: 'set' as const, key: k })) },
  { weight: 60, arbitrary: key.map((k) => ({ op: 'del' as const, key: k })) },
  { weight: 40, arbitrary: key.map((k) => ({ op: 'get' as const, key: k })) },
  { weight: 1, arbitrary: fc.constant({ op: 'reset' as const }) },
);

/** Runs `ops` on an index and on a Map (the reference), with slots handed out as GroupStore does (freed ones first). */
function check(ops: readonly Op[], expected: number, everyKey = true): void {
  const index = new GroupIndex(expected);
  const map = new Map<unknown, number>();
  let top = 0;
  let free: number[] = [];
  const agree = (): void => {
    expect(index.size).toBe(map.size);
    expect([...index.values()]).toEqual([...map.values()]);
  };
  for (const o of ops) {
    if (o.op === 'set') {
      // A known key keeps its place with a new slot (Map.set), a new one is the newest.
      const s = free.pop() ?? top++;
      const old = map.get(o.key);
      if (old !== undefined) free.push(old);
      map.set(o.key, s);
      index.set(o.key, s);
    } else if (o.op === 'del') {
      const s = map.get(o.key);
      expect(index.delete(o.key)).toBe(map.delete(o.key));
      if (s !== undefined) free.push(s);
      // A delete moves other keys back (backward shift): every key left is still found.
      if (everyKey) for (const [k, v] of map) if (index.get(k) !== v) expect([k, index.get(k)]).toEqual([k, v]);
    } else if (o.op === 'get') {
      expect(index.get(o.key)).toBe(map.get(o.key) ?? -1);
    } else {
      index.reset();
      map.clear();
      top = 0;
      free = [];
    }
    if (o.op === 'set' || o.op === 'del') expect(index.get(o.key)).toBe(map.get(o.key) ?? -1);
  }
  agree();
  for (const k of map.keys()) expect(index.get(k)).toBe(map.get(k));
}

describe('GroupIndex (group key → slot in creation order)', () => {
  it('agrees with a Map: inserts, re-sets, deletes, resets, -0/NaN/huge/non-integer/string keys (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 400, size: 'max' }), fc.integer({ min: 0, max: 64 }), (ops, expected) => check(ops, expected)),
      { numRuns: 400 },
    );
  });

  it('grows past its sizing and keeps order through compactions of deleted entries', () => {
    const ops: Op[] = [];
    for (let i = 0; i < 5000; i++) ops.push({ op: 'set', key: i * 7919 });
    for (let i = 0; i < 5000; i += 3) ops.push({ op: 'del', key: i * 7919 });
    for (let i = 0; i < 3000; i++) ops.push({ op: 'set', key: i + 0.25 });
    for (let i = 0; i < 5000; i++) ops.push({ op: 'del', key: i * 7919 });
    for (let i = 0; i < 300; i++) ops.push({ op: 'set', key: `k${i}` });
    ops.push({ op: 'reset' });
    for (let i = 0; i < 20000; i++) ops.push({ op: 'set', key: i - 10000 });
    check(ops, 10, false);
  });

  it('a reset index is sized for as many keys as it had, and shrinks after a small namespace', () => {
    const index = new GroupIndex();
    for (let i = 0; i < 100_000; i++) index.set(i, i);
    index.reset();
    expect(index.size).toBe(0);
    expect(index.get(5)).toBe(-1);
    expect([...index.values()]).toEqual([]);
    for (let i = 0; i < 100_000; i++) index.set(-i, i);
    expect(index.get(-99_999)).toBe(99_999);
    expect(index.get(-0)).toBe(0);
    index.reset();
    for (let i = 0; i < 10; i++) index.set(i, 9 - i);
    index.reset();
    index.set(1.5, 0);
    expect([...index.values()]).toEqual([0]);
    expect(index.get(1.5)).toBe(0);
  });
});
