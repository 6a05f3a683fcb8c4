import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SlotSet } from '../../../src/executor/state/slot-set.js';

function members(s: SlotSet): number[] {
  const out: number[] = [];
  for (let i = s.next(0); i >= 0; i = s.next(i + 1)) out.push(i);
  return out;
}

describe('SlotSet (slots tracked for checkpoints)', () => {
  it('holds what a Set holds, iterates in slot order and grows past its capacity', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(5000))), (ops) => {
        const s = new SlotSet(32);
        const ref = new Set<number>();
        for (const [add, n] of ops) {
          if (add) {
            s.add(n);
            ref.add(n);
          } else expect(s.delete(n)).toBe(ref.delete(n));
        }
        expect(s.size).toBe(ref.size);
        expect(members(s)).toEqual([...ref].sort((a, b) => a - b));
        for (const n of ref) expect(s.has(n)).toBe(true);
        expect(s.has(5001)).toBe(false);
      }),
    );
  });

  it('finds the next member from inside a word, at word edges and past the end', () => {
    const s = new SlotSet();
    for (const n of [0, 31, 32, 63, 64, 1000]) s.add(n);
    expect([s.next(1), s.next(31), s.next(33), s.next(65), s.next(1001), s.next(1 << 20)]).toEqual([31, 31, 63, 1000, -1, -1]);
  });

  it('unites two sets of different capacities, counting the members of both once', () => {
    const a = new SlotSet(32);
    const b = new SlotSet(32);
    for (const n of [0, 5, 31, 32, 4000]) a.add(n);
    for (const n of [5, 6, 31, 0xffff, 2 ** 20 + 31]) b.add(n);
    for (const [x, y] of [[a, b], [b, a]] as const) {
      const u = SlotSet.union(x, y);
      expect(members(u)).toEqual([0, 5, 6, 31, 32, 4000, 0xffff, 2 ** 20 + 31]);
      expect(u.size).toBe(8);
    }
    // The operands are unchanged.
    expect(members(a)).toEqual([0, 5, 31, 32, 4000]);
    expect(SlotSet.union(new SlotSet(), new SlotSet()).size).toBe(0);
  });
});
