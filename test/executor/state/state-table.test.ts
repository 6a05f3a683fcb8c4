import { describe, expect, it } from 'vitest';
import { KeyedStateTable, ValueState } from '../../../src/executor/state/state-table.js';
import { DROP_PREFIX } from '../../../src/executor/state/codec.js';
import { StateStore } from '../../../src/executor/state/index.js';
import { decodeStateValue, encodeKeyPart, valueCodec } from '../../../src/executor/state/value-codec.js';

type V = { k: string; n: number; ord: number };
const table = () =>
  new KeyedStateTable<string, V>('t', { codec: valueCodec<V>(), keyText: (k) => encodeKeyPart(k), keyOf: (v) => v.k, order: (v) => v.ord });
type SnapshotEntry = readonly [key: string, value: string | null];
const snap = (t: { snapshot(prefix: string, keys: string[], values: (string | null)[]): void }): SnapshotEntry[] => {
  const keys: string[] = [];
  const values: (string | null)[] = [];
  t.snapshot('', keys, values);
  return keys.map((k, i) => [k, values[i]!]);
};

describe('KeyedStateTable', () => {
  it('snapshots only what changed since the last snapshot, and deletes only what a snapshot wrote', () => {
    const t = table();
    t.enableTracking();
    t.put(10, 'a', { k: 'a', n: 1, ord: 0 });
    t.put(20, 'b', { k: 'b', n: 1, ord: 1 });
    expect(snap(t).map((e) => e[0])).toEqual([`${encodeKeyPart(10)}s1:a`, `${encodeKeyPart(20)}s1:b`]);
    expect(snap(t)).toEqual([]);
    t.get(10, 'a')!.n++;
    t.touch(10, 'a');
    t.put(30, 'c', { k: 'c', n: 1, ord: 2 });
    t.drop(30); // never written: nothing to delete
    expect(snap(t).map((e) => [e[0], e[1] === null ? null : (decodeStateValue(e[1]) as V).n])).toEqual([[`${encodeKeyPart(10)}s1:a`, 2]]);
    t.drop(20);
    expect(snap(t)).toEqual([[encodeKeyPart(20), DROP_PREFIX]]);
  });

  it('deletes a dropped namespace in the store with one range: its keys only, not a namespace whose number starts alike', () => {
    const store = StateStore.open(':memory:');
    store.registerOperators('v', ['op']);
    const t = table();
    t.enableTracking();
    for (const ns of [1, 10, 2]) for (const k of ['a', 'b']) t.put(ns, k, { k, n: ns, ord: 0 });
    const commit = (): void => {
      const keys: string[] = [];
      const values: (string | null)[] = [];
      t.snapshot('t:', keys, values);
      store.commit({ operators: [{ id: 'op', packed: { keys, values }, encoded: true }] });
    };
    commit();
    t.drop(1);
    t.put(3, 'c', { k: 'c', n: 3, ord: 0 });
    commit();
    const nsOf = [...store.loadOperatorStateText('op')].map(([, v]) => (decodeStateValue(v) as V).n);
    expect(nsOf.sort((x, y) => x - y)).toEqual([2, 2, 3, 10, 10]);
    store.close();
  });

  it('keeps namespaces in ascending order whatever the insertion order, and finds ranges', () => {
    const t = table();
    for (const ns of [50, 10, 30, 20, 40]) t.open(ns);
    expect(t.namespacesIn(15, 45)).toEqual([20, 30, 40]);
    expect(t.namespacesWhile((ns) => ns <= 30)).toEqual([10, 20, 30]);
    t.drop(10);
    t.drop(30);
    expect(t.firstNamespace).toBe(20);
    expect(t.namespacesIn(-Infinity, Infinity)).toEqual([20, 40, 50]);
  });

  it('restores entries into their namespaces in declared order, as persisted ones', () => {
    const a = table();
    a.enableTracking();
    a.put(1, 'y', { k: 'y', n: 2, ord: 5 });
    a.put(1, 'x', { k: 'x', n: 1, ord: 3 });
    a.put(2, 'z', { k: 'z', n: 1, ord: 4 });
    const stored = snap(a);
    const b = table();
    b.enableTracking();
    for (const [k, v] of stored) b.restoreEntry(k, v!);
    b.finishRestore();
    expect([...b.space(1)!.keys()]).toEqual(['x', 'y']);
    expect(b.get(2, 'z')).toEqual({ k: 'z', n: 1, ord: 4 });
    b.drop(1);
    expect(snap(b)).toEqual([[encodeKeyPart(1), DROP_PREFIX]]);
  });

  it('costs nothing to track when checkpoints are off', () => {
    const t = table();
    t.put(1, 'a', { k: 'a', n: 1, ord: 0 });
    t.touch(1, 'a');
    expect(snap(t)).toEqual([]);
  });
});

describe('KeyedStateTable snapshots taken now and encoded later', () => {
  const values = (keys: string[], vals: (string | null)[]) =>
    Object.fromEntries(keys.map((k, i) => [k, vals[i] === null ? null : (decodeStateValue(vals[i]!) as V).n]));

  it('hold the values as they were at the snapshot, whatever changes them before they are encoded', () => {
    const t = table();
    t.enableTracking();
    for (const [ns, k] of [[1, 'a'], [1, 'b'], [1, 'c'], [2, 'd'], [3, 'e'], [4, 'f']] as const) t.put(ns, k, { k, n: 1, ord: 0 });
    const keys: string[] = [];
    const vals: (string | null)[] = [];
    t.beginSnapshot('', keys, vals);
    expect(keys).toEqual([]); // nothing encoded yet
    // Every way an operator reaches a value: look-up then change in place, replace, delete, iterate, drop.
    t.get(1, 'a')!.n = 10;
    t.touch(1, 'a');
    t.put(1, 'b', { k: 'b', n: 20, ord: 0 });
    t.delete(1, 'c');
    for (const v of t.space(2)!.values()) v.n = 40;
    t.touch(2, 'd');
    t.drop(3);
    expect(t.encodePending(2)).toBe(true); // only f was left
    expect(values(keys, vals)).toEqual({
      [`${encodeKeyPart(1)}s1:a`]: 1,
      [`${encodeKeyPart(1)}s1:b`]: 1,
      [`${encodeKeyPart(1)}s1:c`]: 1,
      [`${encodeKeyPart(2)}s1:d`]: 1,
      [`${encodeKeyPart(3)}s1:e`]: 1,
      [`${encodeKeyPart(4)}s1:f`]: 1,
    });
    // The changes belong to the next snapshot: a, b, d changed; c deleted; namespace 3 (e) dropped.
    expect(Object.fromEntries(snap(t).map(([k, v]) => [k, v === null || v === DROP_PREFIX ? v : (decodeStateValue(v) as V).n]))).toEqual({
      [`${encodeKeyPart(1)}s1:a`]: 10,
      [`${encodeKeyPart(1)}s1:b`]: 20,
      [`${encodeKeyPart(1)}s1:c`]: null,
      [`${encodeKeyPart(2)}s1:d`]: 40,
      [encodeKeyPart(3)]: DROP_PREFIX,
    });
  });

  it('encode a bounded number of values per step', () => {
    const t = table();
    t.enableTracking();
    for (let i = 0; i < 10; i++) t.put(0, `k${i}`, { k: `k${i}`, n: i, ord: i });
    const keys: string[] = [];
    const vals: (string | null)[] = [];
    t.beginSnapshot('', keys, vals);
    expect(t.encodePending(4)).toBe(false);
    expect(keys.length).toBe(4);
    expect(t.encodePending(4)).toBe(false);
    expect(t.encodePending(4)).toBe(true);
    expect(keys.length).toBe(10);
  });
});

describe('ValueState', () => {
  it('is written when it changed, and round-trips -Infinity', () => {
    const v = new ValueState('next', -Infinity, valueCodec<number>());
    v.enableTracking();
    expect(snap(v)).toEqual([]);
    v.set(5);
    const out = snap(v);
    expect(out.length).toBe(1);
    const w = new ValueState('next', 0, valueCodec<number>());
    w.restoreEntry('', out[0]![1]!);
    expect(w.get()).toBe(5);
    v.set(-Infinity);
    w.restoreEntry('', snap(v)[0]![1]!);
    expect(w.get()).toBe(-Infinity);
  });
});
