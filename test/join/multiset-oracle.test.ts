/**
 * INTERSECT ALL and EXCEPT ALL against a from-scratch recomputation: two changelog tables (PRIMARY KEY
 * sources, so upserts of an existing key and deletes make -U/+U/-D rows) receive random upserts and
 * deletes, interleaved; the view's changelog, applied (+I/+U adds a copy, -U/-D removes one, never below
 * zero), must end as the multiset intersection / difference of the two tables' final contents, computed
 * here by counting, NULLs equal to NULLs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

type Op = { side: 'a' | 'b'; id: number; v: number | null; w: string | null; del: boolean };

const opArb: fc.Arbitrary<Op> = fc.record({
  side: fc.constantFrom('a' as const, 'b' as const),
  id: fc.integer({ min: 0, max: 12 }),
  v: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 5 }),
  w: fc.option(fc.constantFrom('x', 'y'), { freq: 4 }),
  del: fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
});

const key = (v: number | null, w: string | null) => JSON.stringify([v, w]);

function expected(ops: readonly Op[], op: 'INTERSECT' | 'EXCEPT'): string[] {
  const tables = { a: new Map<number, string>(), b: new Map<number, string>() };
  for (const o of ops) {
    if (o.del) tables[o.side].delete(o.id);
    else tables[o.side].set(o.id, key(o.v, o.w));
  }
  const count = (t: Map<number, string>) => {
    const m = new Map<string, number>();
    for (const k of t.values()) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const ca = count(tables.a);
  const cb = count(tables.b);
  const out: string[] = [];
  for (const [k, m] of ca) {
    const n = cb.get(k) ?? 0;
    const copies = op === 'INTERSECT' ? Math.min(m, n) : Math.max(m - n, 0);
    for (let i = 0; i < copies; i++) out.push(k);
  }
  return out.sort();
}

function actual(ops: readonly Op[], op: 'INTERSECT' | 'EXCEPT', batch: number): string[] {
  const engine = createEngine();
  engine.execute(`CREATE SOURCE a (id INT, v INT, w VARCHAR, PRIMARY KEY (id) NOT ENFORCED);
                  CREATE SOURCE b (id BIGINT, v BIGINT, w VARCHAR, PRIMARY KEY (id) NOT ENFORCED);
                  CREATE VIEW m AS SELECT v, w FROM a ${op} ALL SELECT v, w FROM b;`);
  const live = new Map<string, number>();
  engine.subscribe('m', (rows) => {
    for (const r of rows) {
      const k = key(r.row['v'] as number | null, r.row['w'] as string | null);
      const n = (live.get(k) ?? 0) + (r.op === '+I' || r.op === '+U' ? 1 : -1);
      expect(n).toBeGreaterThanOrEqual(0);
      live.set(k, n);
    }
  });
  for (let i = 0; i < ops.length; i += batch) {
    for (const o of ops.slice(i, i + batch)) {
      engine.push(o.side, [o.del ? { op: '-D', id: o.id } : { id: o.id, v: o.v, w: o.w }]);
    }
  }
  engine.flush();
  void engine.close();
  return [...live].flatMap(([k, n]) => new Array<string>(n).fill(k)).sort();
}

describe('INTERSECT ALL and EXCEPT ALL over changelogs', () => {
  for (const op of ['INTERSECT', 'EXCEPT'] as const) {
    it(`${op} ALL ends as the multiset ${op === 'INTERSECT' ? 'intersection' : 'difference'} of the two tables`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 60 }), fc.constantFrom(1, 7), (ops, batch) => {
          expect(actual(ops, op, batch)).toEqual(expected(ops, op));
        }),
        { numRuns: 80 },
      );
    });
  }
});
