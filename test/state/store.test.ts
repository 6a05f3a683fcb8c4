import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateError, StateStore } from '../../src/executor/state/index.js';
import { removeDir, tempDir } from './helpers.js';

let dir: string;
let file: string;
const open: StateStore[] = [];
function openStore(opts: Parameters<typeof StateStore.open>[1] = {}): StateStore {
  const s = StateStore.open(file, opts);
  open.push(s);
  return s;
}
function reopen(s: StateStore): StateStore {
  s.close();
  return openStore();
}

beforeEach(() => {
  dir = tempDir();
  file = join(dir, 'nested', 'state.db');
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  removeDir(dir);
});

describe('state store round trips through a file on disk', () => {
  it('creates the directory and restores the catalog in creation order', () => {
    let s = openStore();
    s.putCatalog({ kind: 'source', name: 'bids', sql: 'CREATE SOURCE bids (...)', fingerprint: 'f1', createdAt: 1 });
    s.putCatalog({ kind: 'view', name: 'v1', sql: 'CREATE VIEW v1 AS ...', createdAt: 2 });
    s.putCatalog({ kind: 'view', name: 'v2', sql: 'CREATE VIEW v2 AS ...', createdAt: 3 });
    s.putCatalog({ kind: 'view', name: 'v1', sql: 'CREATE VIEW v1 AS SELECT 2', createdAt: 4 });
    s = reopen(s);
    expect(s.listCatalog()).toEqual([
      { kind: 'source', name: 'bids', sql: 'CREATE SOURCE bids (...)', fingerprint: 'f1', createdAt: 1 },
      { kind: 'view', name: 'v2', sql: 'CREATE VIEW v2 AS ...', fingerprint: '', createdAt: 3 },
      { kind: 'view', name: 'v1', sql: 'CREATE VIEW v1 AS SELECT 2', fingerprint: '', createdAt: 4 },
    ]);
    expect(s.dropCatalog('view', 'v2')).toBe(true);
    expect(s.dropCatalog('view', 'nope')).toBe(false);
    expect(reopen(s).listCatalog().map((e) => e.name)).toEqual(['bids', 'v1']);
  });

  it('restores operator state with string and number keys, JSON values and Buffers', () => {
    let s = openStore();
    s.setViewFingerprint('v', 'fp1', ['v/agg', 'v/other']);
    s.commit({
      operators: [
        {
          id: 'v/agg',
          upserts: [
            ['1000|a', [3, 12.5, 'x']],
            ['1000|b', { count: 1 }],
            [1, 'number key'],
            ['1', 'string key'],
            ['bin', Buffer.from([0, 1, 2, 255])],
          ],
        },
        { id: 'v/other', upserts: new Map([['k', true]]) },
      ],
    });
    s = reopen(s);
    expect(s.operatorIds('v')).toEqual(['v/agg', 'v/other']);
    const state = new Map(s.loadOperatorState('v/agg'));
    expect(state.get('1000|a')).toEqual([3, 12.5, 'x']);
    expect(state.get('1000|b')).toEqual({ count: 1 });
    expect(state.get(1)).toBe('number key');
    expect(state.get('1')).toBe('string key');
    expect(Buffer.from(state.get('bin') as Uint8Array)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect([...s.loadOperatorState('v/other')]).toEqual([['k', true]]);
    expect([...s.loadOperatorState('unknown')]).toEqual([]);
  });

  it('applies deletes, null-valued entries as deletes, and clear', () => {
    const s = openStore();
    s.registerOperators('v', ['op']);
    s.commit({ operators: [{ id: 'op', upserts: [['a', 1], ['b', 2], ['c', 3], ['d', 4]] }] });
    s.commit({ operators: [{ id: 'op', deletes: ['a'], upserts: [['b', null], ['c', 30]] }] });
    expect([...s.loadOperatorState('op')]).toEqual([['c', 30], ['d', 4]]);
    s.commit({ operators: [{ id: 'op', clear: true, upserts: [['z', 0]] }] });
    expect([...s.loadOperatorState('op')]).toEqual([['z', 0]]);
  });

  it('streams large state in pages without holding a cursor open', () => {
    const s = openStore();
    s.registerOperators('v', ['op']);
    const n = 10_000;
    s.commit({ operators: [{ id: 'op', upserts: Array.from({ length: n }, (_, i) => [`k${i}`, i] as const) }] });
    let count = 0;
    for (const [, v] of s.loadOperatorState('op')) {
      count++;
      if (v === 5000) expect(s.lastSeq('v')).toBe(0); // another call mid-iteration is fine
    }
    expect(count).toBe(n);
  });

  it('keeps offsets, output log, late and rejected rows, and continues seq after a restart', () => {
    let s = openStore();
    expect(s.nextSeq('v')).toBe(1);
    const r = s.commit({
      offsets: { bids: 42, file: 'a.jsonl:120' },
      output: [
        { view: 'v', seq: 1, op: '+I', rowJson: '{"a":1}' },
        { view: 'v', seq: 2, op: '-U', rowJson: '{"a":1}' },
        { view: 'w', seq: 1, op: '+I', rowJson: '{"b":2}' },
      ],
      late: [{ view: 'v', source: 'bids', rowJson: '{"ts":1}', watermark: 5000, at: 7 }],
      rejected: [{ source: 'bids', origin: 'ws', reason: 'bad ts', input: '{"ts":"x"}', at: 8 }],
    });
    expect(r.epoch).toBe(1);
    expect(r.rows).toBe(7);
    expect(r.bytes).toBeGreaterThan(0);
    s = reopen(s);
    expect(s.lastCheckpoint()).toMatchObject({ epoch: 1 });
    expect(s.offsets()).toEqual({ bids: 42, file: 'a.jsonl:120' });
    expect(s.offset('bids')).toBe(42);
    expect(s.lastSeq('v')).toBe(2);
    expect(s.nextSeq('v')).toBe(3);
    expect(s.readOutput('v', 1, 10)).toEqual([
      { seq: 1, op: '+I', row: { a: 1 } },
      { seq: 2, op: '-U', row: { a: 1 } },
    ]);
    expect(s.readOutput('v', 2, 10).map((o) => o.seq)).toEqual([2]);
    expect(s.readOutputJson('w', 0, 10)).toEqual([{ seq: 1, op: '+I', rowJson: '{"b":2}' }]);
    expect(s.lateRows()).toEqual([{ view: 'v', source: 'bids', row: { ts: 1 }, watermark: 5000, at: 7 }]);
    expect(s.lateRows('other')).toEqual([]);
    expect(s.rejectedRows('bids')).toEqual([{ source: 'bids', origin: 'ws', reason: 'bad ts', input: '{"ts":"x"}', at: 8 }]);
    s.commit({ output: [{ view: 'v', seq: 3, op: '+U', rowJson: '{"a":2}' }] });
    expect(s.lastCheckpoint()?.epoch).toBe(2);
  });

  it('refuses an output seq that is not the next one', () => {
    const s = openStore();
    s.commit({ output: [{ view: 'v', seq: 1, op: '+I', rowJson: '{}' }] });
    expect(() => s.commit({ output: [{ view: 'v', seq: 3, op: '+I', rowJson: '{}' }] })).toThrow(/must be 2/);
    expect(() => s.commit({ output: [{ view: 'v', seq: 1, op: '+I', rowJson: '{}' }] })).toThrow(/must be 2/);
  });

  it('appends to the input log with contiguous offsets and trims it at the committed offset', () => {
    let s = openStore();
    expect(s.appendInput('bids', ['{"a":1}', '{"a":2}'])).toEqual({ firstOffset: 1, lastOffset: 2 });
    expect(s.appendInput('bids', ['{"a":3}'])).toEqual({ firstOffset: 3, lastOffset: 3 });
    expect(s.appendInput('bids', [])).toEqual({ firstOffset: 4, lastOffset: 3 });
    s = reopen(s);
    expect(s.lastInputOffset('bids')).toBe(3);
    expect(s.readInput('bids', 2, 10)).toEqual([
      { offset: 2, rowJson: '{"a":2}' },
      { offset: 3, rowJson: '{"a":3}' },
    ]);
    s.commit({ offsets: { bids: 2 } });
    expect(s.readInput('bids', 0, 10).map((r) => r.offset)).toEqual([3]);
    expect(s.appendInput('bids', ['{"a":4}'])).toEqual({ firstOffset: 4, lastOffset: 4 });
  });
});

describe('a checkpoint is one transaction', () => {
  it('writes nothing when the commit fails part-way through', () => {
    const s = openStore();
    s.registerOperators('v', ['a', 'b']);
    s.commit({ operators: [{ id: 'a', upserts: [['k', 1]] }], offsets: { src: 1 }, output: [{ view: 'v', seq: 1, op: '+I', rowJson: '{}' }] });
    const failing = () =>
      s.commit({
        // 'a' is written first (upsert and delete), then encoding b's value throws inside the transaction.
        operators: [
          { id: 'a', upserts: [['k', 2], ['k2', 3]], deletes: ['gone'] },
          { id: 'b', upserts: [['x', 1], ['y', () => 10]] },
        ],
        offsets: { src: 2 },
        output: [{ view: 'v', seq: 2, op: '+I', rowJson: '{}' }],
      });
    expect(failing).toThrow(StateError);
    expect(failing).toThrow(/cannot be encoded as JSON/);
    // Output written before a later failure (bad offset) is rolled back too, and so is the seq mirror.
    expect(() =>
      s.commit({ output: [{ view: 'v', seq: 2, op: '+I', rowJson: '{}' }], offsets: { src: Number.NaN } }),
    ).toThrow(/finite/);
    const after = reopen(s);
    expect([...after.loadOperatorState('a')]).toEqual([['k', 1]]);
    expect([...after.loadOperatorState('b')]).toEqual([]);
    expect(after.offsets()).toEqual({ src: 1 });
    expect(after.lastSeq('v')).toBe(1);
    expect(after.readOutput('v', 0, 10)).toHaveLength(1);
    expect(after.lastCheckpoint()?.epoch).toBe(1);
    // The store is usable afterwards and the failed epoch/seq are free.
    expect(after.commit({ output: [{ view: 'v', seq: 2, op: '+I', rowJson: '{}' }] }).epoch).toBe(2);
  });

  it('refuses an unregistered operator and a non-increasing epoch', () => {
    const s = openStore();
    expect(() => s.commit({ operators: [{ id: 'ghost', upserts: [['k', 1]] }] })).toThrow(/not registered/);
    s.commit({ epoch: 10 });
    expect(() => s.commit({ epoch: 10 })).toThrow(/greater than 10/);
    expect(s.commit({}).epoch).toBe(11);
  });
});

describe('fingerprints, reset and drop', () => {
  it('refuses state written under another fingerprint and names the view and --reset', () => {
    let s = openStore();
    s.setViewFingerprint('hot', 'aaa', ['hot/agg']);
    s.commit({
      operators: [{ id: 'hot/agg', upserts: [['w|k', [1]]] }],
      output: [{ view: 'hot', seq: 1, op: '+I', rowJson: '{}' }],
    });
    s = reopen(s);
    expect(s.viewFingerprint('hot')).toBe('aaa');
    expect(s.checkViewFingerprint('hot', 'aaa')).toBeUndefined();
    const err = s.checkViewFingerprint('hot', 'bbb');
    expect(err).toBeInstanceOf(StateError);
    expect(err?.code).toBe('STATE_MISMATCH');
    expect(err?.message).toMatch(/view 'hot' changed/);
    expect(err?.message).toMatch(/--reset hot/);
    expect(() => s.setViewFingerprint('hot', 'bbb', ['hot/agg2'])).toThrow(/--reset hot/);

    s.resetView('hot');
    expect(s.viewFingerprint('hot')).toBeUndefined();
    expect(s.operatorIds('hot')).toEqual([]);
    expect(s.readOutput('hot', 0, 10)).toEqual([]);
    expect(s.nextSeq('hot')).toBe(2); // seq numbers are never reused for a view name
    s.setViewFingerprint('hot', 'bbb', ['hot/agg2']);
    s = reopen(s);
    expect(s.viewFingerprint('hot')).toBe('bbb');
    expect(s.operatorIds('hot')).toEqual(['hot/agg2']);
    expect([...s.loadOperatorState('hot/agg')]).toEqual([]);
  });

  it('lets a view without saved state take a new fingerprint', () => {
    const s = openStore();
    s.setViewFingerprint('v', 'one', ['v/a']);
    expect(s.checkViewFingerprint('v', 'two')).toBeUndefined();
    s.setViewFingerprint('v', 'two', ['v/b']);
    expect(s.operatorIds('v')).toEqual(['v/b']);
  });

  it('dropping a view deletes its state, log and late rows; dropping a source its offset and input', () => {
    const s = openStore();
    s.putCatalog({ kind: 'source', name: 'src', sql: 'CREATE SOURCE src' });
    s.putCatalog({ kind: 'view', name: 'v', sql: 'CREATE VIEW v' });
    s.setViewFingerprint('v', 'fp', ['v/op']);
    s.appendInput('src', ['{}', '{}']);
    s.commit({
      operators: [{ id: 'v/op', upserts: [['k', 1]] }],
      output: [{ view: 'v', seq: 1, op: '+I', rowJson: '{}' }],
      offsets: { src: 1 },
      late: [{ view: 'v', source: 'src', rowJson: '{}', watermark: 0 }],
      rejected: [{ source: 'src', origin: 'api', reason: 'r', input: 'x' }],
    });
    s.dropCatalog('view', 'v');
    expect(s.operatorIds('v')).toEqual([]);
    expect(s.viewFingerprint('v')).toBeUndefined();
    expect(s.readOutput('v', 0, 10)).toEqual([]);
    expect(s.lateRows('v')).toEqual([]);
    expect(s.nextSeq('v')).toBe(2);
    s.dropCatalog('source', 'src');
    expect(s.offsets()).toEqual({});
    expect(s.readInput('src', 0, 10)).toEqual([]);
    expect(s.lastInputOffset('src')).toBe(0);
    expect(s.rejectedRows('src')).toEqual([]);
  });
});

describe('modes', () => {
  it('works in memory', () => {
    const s = StateStore.open(':memory:');
    s.registerOperators('v', ['op']);
    s.commit({ operators: [{ id: 'op', upserts: [['k', [1]]] }] });
    expect([...s.loadOperatorState('op')]).toEqual([['k', [1]]]);
    s.close();
  });

  it('opens read-only without writing and refuses writes', () => {
    const w = openStore();
    w.commit({ offsets: { a: 1 } });
    w.close();
    const r = openStore({ readonly: true });
    expect(r.offsets()).toEqual({ a: 1 });
    expect(r.lastCheckpoint()?.epoch).toBe(1);
    expect(() => r.commit({})).toThrow(expect.objectContaining({ code: 'STATE_READONLY' }));
    expect(() => StateStore.open(join(dir, 'missing.db'), { readonly: true })).toThrow(
      expect.objectContaining({ code: 'STATE_NOT_FOUND' }),
    );
  });

  it('leaves no -wal or -shm behind after a read-only open, and keeps a WAL that was there', () => {
    const w = openStore();
    w.commit({ offsets: { a: 1 } });
    w.close();
    const listing = () => readdirSync(join(dir, 'nested')).sort();
    expect(listing()).toEqual(['state.db']);
    openStore({ readonly: true }).close();
    expect(listing()).toEqual(['state.db']);
    // A WAL of a process that died holds committed checkpoints: read it, never remove it.
    writeFileSync(`${file}-wal`, '');
    openStore({ readonly: true }).close();
    expect(listing()).toEqual(['state.db', 'state.db-wal']);
  });

  it('throws STATE_CLOSED after close', () => {
    const s = openStore();
    s.close();
    s.close();
    expect(() => s.offsets()).toThrow(expect.objectContaining({ code: 'STATE_CLOSED' }));
  });
});
