import { describe, expect, it } from 'vitest';
import { Aggregation, type Group } from '../../../src/executor/aggregates/groups.js';
import { GroupTable } from '../../../src/executor/aggregates/group-table.js';
import { KeyedStateTable } from '../../../src/executor/state/state-table.js';
import { DROP_PREFIX } from '../../../src/executor/state/codec.js';
import { encodeKeyPart } from '../../../src/executor/state/value-codec.js';
import type { BoundExpr } from '../../../src/parser/bound-expr.js';
import type { AggCall, AggFn } from '../../../src/parser/logical-plan.js';
import { T, type SqlType } from '../../../src/parser/types.js';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { StateStore } from '../../../src/executor/state/index.js';
import { COMPACT_RATIO } from '../../../src/executor/state/state-runs.js';
import { removeDir, tempDir } from '../../state/helpers.js';

// Input rows: [k1 VARCHAR, k2 INT, i INT, b BIGINT, d DOUBLE, s VARCHAR, m DECIMAL(10,2)]
const col = (index: number, type: SqlType): BoundExpr => ({ kind: 'input', index, name: `c${index}`, type });
const K1 = col(0, T.varchar());
const K2 = col(1, T.int());
const I = col(2, T.int());
const B = col(3, T.bigint());
const D = col(4, T.double());
const S = col(5, T.varchar());
const M = col(6, T.decimal(10, 2));
const call = (fn: AggFn, arg: BoundExpr | null, type: SqlType, distinct = false, filter: BoundExpr | null = null): AggCall => ({
  fn,
  arg,
  distinct,
  filter,
  type,
  text: fn,
});
const POSITIVE: BoundExpr = { kind: 'call', fn: '>', args: [I, { kind: 'const', value: 0, type: T.int() }], type: T.boolean() };

/** One of each accumulator layout: flat counts, sums, extremes; boxed DECIMAL sums, VARCHAR extremes, DISTINCT. */
const AGGS: AggCall[] = [
  call('COUNT', null, T.bigint(false)),
  call('COUNT', I, T.bigint(false)),
  call('SUM', I, T.int()),
  call('AVG', B, T.bigint()),
  call('SUM', D, T.double()),
  call('MIN', D, T.double()),
  call('MAX', D, T.double()),
  call('MAX', B, T.bigint(), false, POSITIVE),
  call('MIN', S, T.varchar()),
  call('SUM', M, T.decimal(38, 2)),
  call('COUNT', I, T.bigint(false), true),
];

const ROWS: unknown[][] = [
  ['a', 1, 5, 10, 1.5, 'x', 150n],
  ['b', 2, null, 20, NaN, 'y', null],
  ['a', 1, 2147483647, 2 ** 52, -0, 'w', 25n],
  ['a', 2, -3, null, 0, null, 1n],
  ['b', 2, 5, 7, -Infinity, 'z', 99n],
  [null, null, 5, 1, 0.1, 'q', 3n],
  ['a', 1, 1, -4, NaN, 'v', -7n],
];

function snap(t: { snapshot(prefix: string, keys: string[], values: (string | null)[]): void }): [string, string | null][] {
  const keys: string[] = [];
  const values: (string | null)[] = [];
  t.snapshot('', keys, values);
  return keys.map((k, i) => [k, values[i]!]);
}

/** The rows of a GroupTable namespace: key values and results, in iteration order. */
function rowsOf(t: GroupTable, ns: number): unknown[][] {
  const space = t.space(ns)!;
  return [...space.slots()].map((s) => {
    const out: unknown[] = [];
    space.store.output(s, out, space.store.keyWidth);
    return out;
  });
}

/** The same rows through Group objects (the generic path, and the stored form before slot stores). */
function groupsOf(agg: Aggregation, rows: unknown[][]): Map<unknown, Group> {
  const groups = new Map<unknown, Group>();
  for (const row of rows) {
    const key = agg.keyOf(row);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = agg.newGroup(row)));
    agg.add(g, row);
  }
  return groups;
}

function groupRow(agg: Aggregation, g: Group): unknown[] {
  const out = [...g.key];
  agg.results(g, out, g.key.length);
  return out;
}

function fill(t: GroupTable, ns: number, rows: unknown[][]): void {
  const space = t.open(ns);
  for (const row of rows) {
    const key = t.agg.keyOf(row);
    let s = space.find(key);
    if (s < 0) s = space.create(key, row);
    space.store.add(s, row);
    space.touch(key);
  }
}

describe('GroupTable (slot stores of window aggregates)', () => {
  it('computes what Group objects compute, every layout, with NULLs, NaN, −0.0, FILTER and DISTINCT', () => {
    const agg = new Aggregation([K1, K2], AGGS, false);
    const t = new GroupTable('g', agg);
    fill(t, 0, ROWS);
    const expected = [...groupsOf(new Aggregation([K1, K2], AGGS, false), ROWS).values()].map((g) => groupRow(agg, g));
    expect(rowsOf(t, 0)).toEqual(expected);
    expect(rowsOf(t, 0)[0]).toEqual(['a', 1, 3, 3, 5 + 2147483647 + 1 - 2 ** 32, Math.trunc((10 + 2 ** 52 - 4) / 3), NaN, -0, NaN, 2 ** 52, 'v', 168n, 3]);
  });

  it('writes the stored form Group objects were written in, and restores state written that way', () => {
    const agg = new Aggregation([K1, K2], AGGS, false);
    const t = new GroupTable('g', agg);
    t.enableTracking();
    fill(t, 1000, ROWS);
    const old = new KeyedStateTable<unknown, Group>('g', { codec: agg.codec, keyText: agg.keyText, keyOf: (g) => agg.keyFromValues(g.key), order: (g) => g.ord });
    old.enableTracking();
    const other = new Aggregation([K1, K2], AGGS, false);
    for (const [k, g] of groupsOf(other, ROWS)) old.put(1000, k, g);
    const stored = snap(old).sort();
    expect(snap(t).sort()).toEqual(stored);
    expect(stored[0]![0].startsWith(encodeKeyPart(1000))).toBe(true);

    // A checkpoint of Group objects (main before slot stores) restores into slots, in creation order.
    const restored = new GroupTable('g', new Aggregation([K1, K2], AGGS, false));
    for (const [k, v] of [...stored].reverse()) restored.restoreEntry(k, v!);
    restored.finishRestore();
    expect(rowsOf(restored, 1000)).toEqual(rowsOf(t, 1000));
    // Groups made after a restore come after the restored ones.
    fill(restored, 1000, [['new', 9, 1, 1, 1, 'n', 1n]]);
    expect(rowsOf(restored, 1000).at(-1)![0]).toBe('new');
  });

  it('one key column: the key value is the Map key; no key column: one group', () => {
    const one = new GroupTable('g', new Aggregation([K2], AGGS.slice(0, 3), false));
    fill(one, 0, ROWS);
    expect(rowsOf(one, 0).map((r) => r[0])).toEqual([1, 2, null]);
    const none = new GroupTable('g', new Aggregation([], AGGS.slice(0, 2), false));
    fill(none, 0, ROWS);
    expect(rowsOf(none, 0)).toEqual([[7, 6]]);
  });

  it('snapshots copy-on-write: a group changed after a checkpoint began is stored as it was', () => {
    const agg = new Aggregation([K1], [call('COUNT', null, T.bigint(false)), call('SUM', D, T.double())], false);
    const t = new GroupTable('g', agg);
    t.enableTracking();
    fill(t, 0, [['a', 0, 0, 0, 1]]);
    const keys: string[] = [];
    const values: (string | null)[] = [];
    t.beginSnapshot('', keys, values);
    expect(values).toEqual([]);
    fill(t, 0, [['a', 0, 0, 0, 2]]); // encodes the pending group first
    expect(t.encodePending(Infinity)).toBe(true);
    expect(values.length).toBe(1);
    const b = new GroupTable('g', new Aggregation([K1], agg.aggs, false));
    b.restoreEntry(keys[0]!, values[0]!);
    b.finishRestore();
    expect(rowsOf(b, 0)).toEqual([['a', 1, 1]]);
    expect(rowsOf(t, 0)).toEqual([['a', 2, 3]]);
    expect(snap(t).length).toBe(1);
    // A dropped namespace is one range delete of its stored key prefix, not one delete per group.
    fill(t, 0, [['b', 0, 0, 0, 1]]);
    snap(t);
    t.drop(0);
    expect(snap(t)).toEqual([[encodeKeyPart(0), DROP_PREFIX]]);
    expect(keys[0]!.startsWith(encodeKeyPart(0))).toBe(true);
    // A namespace no snapshot wrote leaves nothing to delete.
    fill(t, 1, [['a', 0, 0, 0, 1]]);
    t.drop(1);
    expect(snap(t)).toEqual([]);
  });

  it('a namespace dropped mid-snapshot is encoded by the snapshot as it was, its store reused only after', () => {
    const agg = new Aggregation([K2], [call('COUNT', null, T.bigint(false)), call('SUM', D, T.double())], false);
    const rows = Array.from({ length: 50 }, (_, i) => ['', i, 0, 0, i + 0.5]);
    // What an uninterrupted snapshot writes.
    const plain = new GroupTable('g', agg);
    plain.enableTracking();
    fill(plain, 0, rows);
    const expected = snap(plain).sort();

    const t = new GroupTable('g', new Aggregation([K2], agg.aggs, false));
    t.enableTracking();
    fill(t, 0, rows);
    const keys: string[] = [];
    const values: (string | null)[] = [];
    t.beginSnapshot('', keys, values);
    expect(t.encodePending(10)).toBe(false);
    const store = t.space(0)!.store;
    // A firing reads the groups without encoding them, then drops the namespace: nothing is encoded now.
    const space = t.space(0)!;
    const read: number[] = [];
    for (let p = 0; p < space.readPositions; p++) if (space.readSlotAt(p) >= 0) read.push(space.readSlotAt(p));
    expect(new Set(read).size).toBe(50);
    t.drop(0);
    expect(values.length).toBe(10);
    expect(t.space(0)).toBeUndefined();
    // A namespace opened meanwhile does not get the store the snapshot still reads.
    fill(t, 1000, [['', 7, 0, 0, 1]]);
    expect(t.space(1000)!.store).not.toBe(store);
    expect(t.encodePending(25)).toBe(false);
    expect(t.encodePending(Infinity)).toBe(true);
    expect(keys.map((k, i) => [k, values[i]!]).sort()).toEqual(expected);
    // Encoded whole, the store is free again; the next snapshot deletes the namespace's stored groups.
    fill(t, 2000, [['', 1, 0, 0, 1]]);
    expect(t.space(2000)!.store).toBe(store);
    expect(snap(t).filter(([, v]) => v === DROP_PREFIX)).toEqual([[encodeKeyPart(0), DROP_PREFIX]]);
  });

  it('writes groups made before checkpoints were turned on in the first snapshot', () => {
    const agg = new Aggregation([K1], [call('COUNT', null, T.bigint(false))], false);
    const t = new GroupTable('g', agg);
    fill(t, 5, [['a'], ['b']]);
    t.enableTracking();
    fill(t, 5, [['c']]);
    expect(snap(t).length).toBe(3);
    t.drop(5);
    expect(snap(t)).toEqual([[encodeKeyPart(5), DROP_PREFIX]]);
  });

  it('reuses a dropped namespace’s store, with nothing left over, and grows past its first capacity', () => {
    const agg = new Aggregation([K2], [call('COUNT', null, T.bigint(false)), call('MIN', S, T.varchar()), call('COUNT', I, T.bigint(false), true)], false);
    const t = new GroupTable('g', agg);
    const many = Array.from({ length: 1000 }, (_, i) => ['', i, i, 0, 0, `s${i}`, 0n]);
    fill(t, 0, many);
    const store = t.space(0)!.store;
    t.drop(0);
    fill(t, 10, ROWS);
    expect(t.space(10)!.store).toBe(store);
    expect(rowsOf(t, 10)).toEqual([
      [1, 3, 'v', 3],
      [2, 3, 'y', 2],
      [null, 1, 'q', 1],
    ]);
    fill(t, 20, many);
    expect(rowsOf(t, 20)[999]).toEqual([999, 1, 's999', 1]);
  });

  it('merges and copies groups across stores as Aggregation.merge does (panes into a window)', () => {
    const agg = new Aggregation([K1, K2], AGGS, false);
    const t = new GroupTable('g', agg);
    fill(t, 0, ROWS.slice(0, 3));
    fill(t, 1, ROWS.slice(3));
    const into = t.open(2);
    for (const ns of [0, 1]) {
      const pane = t.space(ns)!;
      for (const s of pane.slots()) {
        const key = pane.store.mapKey(s);
        const m = into.find(key);
        if (m < 0) into.index.set(key, into.store.copyFrom(pane.store, s, false));
        else into.store.mergeFrom(m, pane.store, s);
      }
    }
    expect(rowsOf(t, 2)).toEqual(rowsOf(((): GroupTable => {
      const whole = new GroupTable('w', new Aggregation([K1, K2], AGGS, false));
      fill(whole, 0, ROWS);
      return whole;
    })(), 0));
    // The panes were only read.
    expect(rowsOf(t, 0).length + rowsOf(t, 1).length).toBe(6);
  });

  it('takes rows back out as Aggregation.retract does (changelog GROUP BY), and frees deleted groups', () => {
    const aggs = AGGS.filter((c) => !(c.fn === 'MAX' && c.filter !== null));
    const agg = new Aggregation([K1], aggs, true);
    const t = new GroupTable('g', agg);
    t.enableTracking();
    fill(t, 0, ROWS);
    snap(t);
    const space = t.space(0)!;
    const gone = ROWS.filter((r) => r[0] === 'a').slice(0, 2);
    for (const row of gone) space.store.retract(space.find('a'), row);
    const ref = new Aggregation([K1], aggs, true);
    const groups = groupsOf(ref, ROWS);
    for (const row of gone) ref.retract(groups.get('a')!, row);
    expect(rowsOf(t, 0)).toEqual([...groups.values()].map((g) => groupRow(ref, g)));
    space.delete('b');
    const deleted = snap(t);
    expect(deleted.filter(([, v]) => v === null).length).toBe(1);
    fill(t, 0, [['c', 0, 1, 1, 1, 'c', 1n]]);
    expect(rowsOf(t, 0).map((r) => r[0])).toEqual(['a', null, 'c']);
    // 'c' takes the slot 'b' had: it is written, and 'b' is not deleted twice.
    const next = snap(t);
    expect(next.length).toBe(1);
    expect(next[0]![1]).not.toBeNull();
    expect(next[0]![0]).not.toBe(deleted.find(([, v]) => v === null)![0]);
  });

  it('stored as runs: a run per checkpoint, a namespace rewritten with exactly its groups past COMPACT_RATIO × them, tombstones', () => {
    const dir = tempDir();
    try {
      const file = join(dir, 's.db');
      const agg = new Aggregation([K2], [call('COUNT', null, T.bigint(false)), call('SUM', D, T.double())], false);
      const t = new GroupTable('w', agg, { runs: true });
      expect(t.storedAsRuns).toBe(true);
      t.enableTracking();
      const checkpoint = (): void => {
        const keys: string[] = [];
        const values: (string | null)[] = [];
        t.snapshot('w:', keys, values);
        const s = StateStore.open(file);
        s.registerOperators('v', ['op']);
        s.commit({ operators: [{ id: 'op', packed: { keys, values }, runTables: ['w:'], encoded: true }] });
        s.close();
      };
      const runs = (): number[] => {
        const db = new Database(file, { readonly: true });
        const n = (db.prepare("SELECT n FROM tq_state_run WHERE ns = 'w:d0;' ORDER BY id").all() as { n: number }[]).map((r) => r.n);
        expect(db.prepare('SELECT count(*) AS n FROM tq_state').get()).toEqual({ n: 0 });
        db.close();
        return n;
      };
      /** The table as a restore from the file makes it: its rows and its runs' stored entries. */
      const restored = (): GroupTable => {
        const s = StateStore.open(file, { readonly: true });
        const b = new GroupTable('w', new Aggregation([K2], agg.aggs, false), { runs: true });
        for (const [k, v] of s.loadOperatorStateText('op')) b.restoreEntry(k.slice('w:'.length), v);
        b.finishRestore();
        s.close();
        return b;
      };
      const seen: number[][] = [];
      const live = new Set<number>();
      for (let b = 0; b < 10; b++) {
        // Batch b changes keys 40b .. 40b+119: some stored already, some new.
        const rows = Array.from({ length: 120 }, (_, i) => ['', 40 * b + i, 0, 0, b + i / 8]);
        for (const r of rows) live.add(r[1] as number);
        fill(t, 0, rows);
        if (b === 6) {
          // Deleted groups: tombstones in the next run.
          for (let k = 0; k < 30; k++) {
            t.space(0)!.delete(k);
            live.delete(k);
          }
        }
        checkpoint();
        const r = runs();
        seen.push(r);
        // Never more stored than COMPACT_RATIO entries per live group; a restore gets exactly the live groups, as they are.
        expect(r.reduce((a, n) => a + n, 0)).toBeLessThanOrEqual(COMPACT_RATIO * live.size);
        expect(rowsOf(restored(), 0).sort((x, y) => (x[0] as number) - (y[0] as number))).toEqual(rowsOf(t, 0).sort((x, y) => (x[0] as number) - (y[0] as number)));
        expect(rowsOf(t, 0).length).toBe(live.size);
      }
      // 120 | +120 (240 ≤ 2×160) | +120 (360 ≤ 2×200) | +120 (480 ≤ 2×240) | 600 > 2×280: rewritten as its 280 groups.
      expect(seen.slice(0, 5)).toEqual([[120], [120, 120], [120, 120, 120], [120, 120, 120, 120], [280]]);
      // Then: +120 (400 ≤ 2×320) | +120 and 30 tombstones (550 ≤ 2×330) | +120 (670 ≤ 2×370) | +120 (790 ≤ 2×410) |
      // 910 > 2×450: rewritten as its 450 groups.
      expect(seen.slice(5)).toEqual([[280, 120], [280, 120, 150], [280, 120, 150, 120], [280, 120, 150, 120, 120], [450]]);
      // A restored table does not know what its runs hold: the next change rewrites the namespace.
      const b = restored();
      b.enableTracking();
      fill(b, 0, [['', 1000, 0, 0, 1]]);
      const keys: string[] = [];
      const values: (string | null)[] = [];
      b.snapshot('w:', keys, values);
      expect(keys[0]).toBe('w:d0;');
      expect(values.length).toBe(live.size + 2);
      // The namespace dropped: one delete of its runs.
      t.drop(0);
      checkpoint();
      expect(runs()).toEqual([]);
    } finally {
      removeDir(dir);
    }
  });
});
