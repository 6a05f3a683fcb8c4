import { describe, expect, it } from 'vitest';
import { GroupTable } from '../../../src/executor/aggregates/group-table.js';
import { Aggregation } from '../../../src/executor/aggregates/groups.js';
import { KeyIds } from '../../../src/executor/aggregates/key-ids.js';
import type { BoundExpr } from '../../../src/parser/bound-expr.js';
import { T } from '../../../src/parser/types.js';

const K: BoundExpr = { kind: 'input', index: 0, name: 'k', type: T.varchar() };

function add(t: GroupTable, ns: number, keys: string[]): void {
  const space = t.open(ns);
  for (const k of keys) {
    const row = [k];
    let s = space.find(k);
    if (s < 0) s = space.create(k, row);
    space.store.add(s, row);
  }
}

/** key → id of every group of namespace `ns`. */
function idsOf(ids: KeyIds, t: GroupTable, ns: number): Map<unknown, number> {
  const space = t.space(ns)!;
  const byKey = new Map<unknown, number>();
  const a = ids.of(space);
  for (const [k, s] of space.entries()) byKey.set(k, a[s]!);
  return byKey;
}

describe('KeyIds (dense ids of the group keys of window panes)', () => {
  it('gives a key one id in every namespace holding it, and distinct keys distinct ids', () => {
    const t = new GroupTable('p', new Aggregation([K], [], false));
    const ids = new KeyIds();
    add(t, 0, ['a', 'b', 'c']);
    add(t, 1, ['c', 'd', 'a']);
    const p0 = idsOf(ids, t, 0);
    const p1 = idsOf(ids, t, 1);
    expect(p1.get('a')).toBe(p0.get('a'));
    expect(p1.get('c')).toBe(p0.get('c'));
    expect(new Set([...p0.values(), p1.get('d')]).size).toBe(4);
    expect(ids.capacity).toBe(4);
  });

  it('gives groups added to a namespace after its ids were asked for an id too', () => {
    const t = new GroupTable('p', new Aggregation([K], [], false));
    const ids = new KeyIds();
    add(t, 0, ['a']);
    add(t, 1, ['b']);
    const before = idsOf(ids, t, 0);
    add(t, 0, ['b', 'e', 'a']);
    const after = idsOf(ids, t, 0);
    expect(after.get('a')).toBe(before.get('a'));
    expect(after.get('b')).toBe(idsOf(ids, t, 1).get('b'));
    expect([...after.values()].every((id) => id >= 0 && id < ids.capacity)).toBe(true);
    expect(new Set(after.values()).size).toBe(3);
  });

  it('frees an id once no namespace holds its key, and reuses it for a new key', () => {
    const t = new GroupTable('p', new Aggregation([K], [], false));
    const ids = new KeyIds();
    add(t, 0, ['a', 'b']);
    add(t, 1, ['b']);
    const p0 = idsOf(ids, t, 0);
    idsOf(ids, t, 1);
    t.drop(0);
    ids.drop(0);
    // 'a' is gone, 'b' still held by namespace 1: a new key takes a's id, b keeps its own.
    add(t, 2, ['x', 'b']);
    const p2 = idsOf(ids, t, 2);
    expect(p2.get('x')).toBe(p0.get('a'));
    expect(p2.get('b')).toBe(p0.get('b'));
    expect(ids.capacity).toBe(2);
    t.drop(1);
    ids.drop(1);
    t.drop(2);
    ids.drop(2);
    add(t, 3, ['y', 'z', 'w']);
    expect(new Set(idsOf(ids, t, 3).values())).toEqual(new Set([0, 1, 2]));
  });
});
