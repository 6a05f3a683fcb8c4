/**
 * The retract Top-N's chunked sorted list against a flat array kept by the same rules (insert after
 * peers, or before them for keep-last; remove the first equal row among peers), over random inserts and
 * removals of enough rows to split chunks (256) many times; and the round trip through its encoding.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/executor/operator.js';
import { rowComparator } from '../../src/executor/operators/rank-order.js';
import { SortedChunks } from '../../src/executor/operators/sorted-chunks.js';

// Rows [key, id]: ordered by key DESC only, so equal keys are peers told apart by id.
const cmp = rowComparator([{ index: 0, desc: true, nullsFirst: false }]);
const same = (a: Row, b: Row): boolean => a[0] === b[0] && a[1] === b[1];

function flatInsert(rows: Row[], row: Row, tiesToNew: boolean): void {
  let i = 0;
  while (i < rows.length && (cmp(row, rows[i]!) > 0 || (cmp(row, rows[i]!) === 0 && !tiesToNew))) i++;
  rows.splice(i, 0, row);
}

function flatRemove(rows: Row[], row: Row): boolean {
  const i = rows.findIndex((r) => same(r, row));
  if (i < 0) return false;
  rows.splice(i, 1);
  return true;
}

describe('SortedChunks', () => {
  it('keeps the same order as a flat sorted array over random inserts and removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ add: fc.boolean(), key: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(null)), pick: fc.nat() }), { minLength: 800, maxLength: 3000 }),
        fc.boolean(),
        (ops, tiesToNew) => {
          const s = new SortedChunks(cmp);
          const flat: Row[] = [];
          let id = 0;
          for (const op of ops) {
            // Two adds for one removal on average: the list grows past several chunks.
            if (op.add || op.pick % 3 === 0 || flat.length === 0) {
              const row: Row = [op.key, id++];
              s.insert(row, tiesToNew);
              flatInsert(flat, row, tiesToNew);
            } else {
              const victim = flat[op.pick % flat.length]!;
              const copy: Row = [...victim];
              expect(s.remove(copy, same)).toBe(flatRemove(flat, copy));
            }
          }
          expect(s.toArray()).toEqual(flat);
          expect([...s]).toEqual(flat);
          expect(s.empty).toBe(flat.length === 0);
          expect(s.remove([99, -1], same)).toBe(false);
          expect(SortedChunks.from(flat, cmp).toArray()).toEqual(flat);
        },
      ),
      { numRuns: 30 },
    );
  });
});
