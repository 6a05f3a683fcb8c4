/**
 * Operator state stored as runs of a namespace (state/state-runs.ts, schema v4): one row per namespace
 * and checkpoint, read in write order with later entries overriding earlier ones, tombstones, whole
 * namespaces dropped as one delete, rows of the per-entry form folded into a namespace's first run,
 * damage detected, and a version 3 file migrated (its rows read as they are).
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { DROP_PREFIX } from '../../src/executor/state/codec.js';
import { SCHEMA_VERSION, StateError, StateStore } from '../../src/executor/state/index.js';
import { SlotSink } from '../../src/executor/state/slot-entries.js';
import { applyRun, RunBuilder } from '../../src/executor/state/state-runs.js';
import { removeDir, tempDir } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

const OP = 'v/agg';
const RUNS = ['panes:'];

/** One checkpoint of entries of the run table (and rows of other tables): [stored key, value text or null or DROP_PREFIX]. */
function commit(s: StateStore, entries: [string, string | null][]): void {
  s.commit({ operators: [{ id: OP, packed: { keys: entries.map((e) => e[0]), values: entries.map((e) => e[1]) }, runTables: RUNS, encoded: true }] });
}

function state(s: StateStore): Record<string, string> {
  return Object.fromEntries(s.loadOperatorStateText(OP));
}

function rows(file: string, sql: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

function open(file: string): StateStore {
  const s = StateStore.open(file);
  s.registerOperators('v', [OP]);
  return s;
}

describe('window state stored as runs of a namespace', () => {
  it('writes one row per namespace and checkpoint; a key changed in three checkpoints reads as its last value', () => {
    const file = join(dir, 's.db');
    const s = open(file);
    commit(s, [['panes:d1;d5;', '"a1"'], ['panes:d1;d6;', '"b1"'], ['panes:d2;d5;', '"c1"'], ['next:', '7']]);
    commit(s, [['panes:d1;d5;', '"a2"']]);
    commit(s, [['panes:d1;d5;', '"a3"'], ['panes:d2;d7;', '"d1"']]);
    expect(state(s)).toEqual({ 'next:': '7', 'panes:d1;d5;': '"a3"', 'panes:d1;d6;': '"b1"', 'panes:d2;d5;': '"c1"', 'panes:d2;d7;': '"d1"' });
    expect([...s.loadOperatorState(OP)]).toEqual([['next:', 7], ['panes:d1;d5;', 'a3'], ['panes:d1;d6;', 'b1'], ['panes:d2;d5;', 'c1'], ['panes:d2;d7;', 'd1']]);
    s.close();
    // Rows: only the other table's entry; runs: 3 of d1, 2 of d2, in write order.
    expect(rows(file, 'SELECT k FROM tq_state')).toEqual([{ k: 'next:' }]);
    expect(rows(file, 'SELECT ns, n FROM tq_state_run ORDER BY ns, id')).toEqual([
      { ns: 'panes:d1;', n: 2 },
      { ns: 'panes:d1;', n: 1 },
      { ns: 'panes:d1;', n: 1 },
      { ns: 'panes:d2;', n: 1 },
      { ns: 'panes:d2;', n: 1 },
    ]);
    // Read back after a restart the same, a page at a time (a page holds whole namespaces).
    const again = StateStore.open(file, { readonly: true });
    expect(again.operatorRunPage(OP, '', 1)).toEqual({ entries: [['panes:d1;d5;', '"a3"'], ['panes:d1;d6;', '"b1"']], last: 'panes:d1;' });
    expect(again.operatorRunPage(OP, 'panes:d1;', 1)).toEqual({ entries: [['panes:d2;d5;', '"c1"'], ['panes:d2;d7;', '"d1"']], last: null });
    again.close();
  });

  it('a deleted entry is a tombstone of a later run; deleted and made again in one checkpoint, it is its value', () => {
    const s = open(join(dir, 's.db'));
    commit(s, [['panes:d1;d5;', '1'], ['panes:d1;d6;', '2'], ['panes:d1;d7;', '3']]);
    commit(s, [['panes:d1;d6;', null]]);
    expect(state(s)).toEqual({ 'panes:d1;d5;': '1', 'panes:d1;d7;': '3' });
    // The value comes first in the checkpoint, the delete after: deletes were taken first (GroupTable), so the value wins.
    commit(s, [['panes:d1;d5;', '10'], ['panes:d1;d5;', null]]);
    expect(state(s)).toEqual({ 'panes:d1;d5;': '10', 'panes:d1;d7;': '3' });
    commit(s, [['panes:d1;d7;', null], ['panes:d1;d6;', '20']]);
    expect(state(s)).toEqual({ 'panes:d1;d5;': '10', 'panes:d1;d6;': '20' });
    s.close();
  });

  it('a dropped namespace is one delete of its runs, before the values of the same checkpoint', () => {
    const file = join(dir, 's.db');
    const s = open(file);
    for (let i = 0; i < 4; i++) commit(s, [[`panes:d1;d${i};`, `${i}`], [`panes:d2;d${i};`, `${i}`]]);
    const r = s.commit({ operators: [{ id: OP, packed: { keys: ['panes:d1;'], values: [DROP_PREFIX] }, runTables: RUNS, encoded: true }] });
    expect(r.rows).toBe(4);
    expect(state(s)).toEqual({ 'panes:d2;d0;': '0', 'panes:d2;d1;': '1', 'panes:d2;d2;': '2', 'panes:d2;d3;': '3' });
    // A rewrite: the drop and every live entry in one checkpoint leaves one run.
    commit(s, [['panes:d2;', DROP_PREFIX], ['panes:d2;d1;', '1'], ['panes:d2;d3;', '33']]);
    expect(state(s)).toEqual({ 'panes:d2;d1;': '1', 'panes:d2;d3;': '33' });
    s.close();
    expect(rows(file, 'SELECT ns, n FROM tq_state_run')).toEqual([{ ns: 'panes:d2;', n: 2 }]);
  });

  it('groups captured as numbers go into their namespace’s run with the entries from text', () => {
    const s = open(join(dir, 's.db'));
    const sink = new SlotSink();
    const places = [{ kind: 'count', at: 3 }] as const;
    const f = new Float64Array([2, 0, NaN, 2, 5, 1, NaN, 5]);
    sink.add('panes:', 'd1;', places, 4, 7, f, 0);
    sink.add('panes:', 'd1;', places, 4, 8, f, 4);
    s.commit({
      operators: [{ id: OP, packed: { keys: ['panes:d1;s1:x'], values: ['"t"'] }, slotRuns: sink.take(), runTables: RUNS, encoded: true }],
    });
    expect(state(s)).toEqual({ 'panes:d1;d7;': '[[7],2,[2],0]', 'panes:d1;d8;': '[[8],5,[5],1]', 'panes:d1;s1:x': '"t"' });
    s.close();
  });

  it('folds rows of the per-entry form into the first run of their namespace; other namespaces keep theirs', () => {
    const file = join(dir, 's.db');
    const s = open(file);
    // Written as rows (a version 3 engine, or a rescale).
    s.commit({ operators: [{ id: OP, upserts: [['panes:d1;d5;', '1'], ['panes:d1;d6;', '2'], ['panes:d2;d5;', '3']], encoded: true }] });
    commit(s, [['panes:d1;d5;', '11'], ['panes:d1;d6;', null], ['panes:d1;d9;', '9']]);
    expect(state(s)).toEqual({ 'panes:d1;d5;': '11', 'panes:d1;d9;': '9', 'panes:d2;d5;': '3' });
    s.close();
    expect(rows(file, 'SELECT k FROM tq_state')).toEqual([{ k: 'panes:d2;d5;' }]);
    expect(rows(file, 'SELECT ns, n FROM tq_state_run')).toEqual([{ ns: 'panes:d1;', n: 5 }]);
    // A drop takes both forms.
    const t = open(file);
    commit(t, [['panes:d2;', DROP_PREFIX], ['panes:d1;', DROP_PREFIX]]);
    expect(state(t)).toEqual({});
    t.close();
    expect(rows(file, 'SELECT count(*) AS n FROM tq_state_run')).toEqual([{ n: 0 }]);
  });

  it('a damaged run is STATE_CORRUPT when read, never state that reads back differently', () => {
    const file = join(dir, 's.db');
    const s = open(file);
    commit(s, [['panes:d1;d5;', '"abc"']]);
    s.close();
    const db = new Database(file);
    const { data } = db.prepare('SELECT data FROM tq_state_run').get() as { data: Buffer };
    data[data.length - 2]! ^= 1;
    db.prepare('UPDATE tq_state_run SET data = ?').run(data);
    db.close();
    const again = StateStore.open(file);
    let err: unknown;
    try {
      state(again);
    } catch (e) {
      err = e;
    }
    again.close();
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).code).toBe('STATE_CORRUPT');
  });

  it('encodes keys and values of any text (non-ASCII, empty) and checks lengths against the bytes', () => {
    const b = new RunBuilder('t:d1;');
    b.add('s2:é€', '"😀"');
    b.add('', '""');
    b.add('s1:x', null);
    const data = b.encode();
    const into = new Map<string, string | null>();
    applyRun('t', data, crc32(data), into);
    expect([...into]).toEqual([['s1:x', null], ['s2:é€', '"😀"'], ['', '""']]);
    const short = data.subarray(0, data.length - 1);
    expect(() => applyRun('t', short, crc32(short), new Map())).toThrow(/do not add up/);
  });

  it('a version 3 file: migrated at a read-write open (its rows kept and read), read as it is read-only', () => {
    const file = join(dir, 's.db');
    const s = open(file);
    s.commit({ operators: [{ id: OP, upserts: [['panes:d1;d5;', '1'], ['panes:d2;d5;', '3']], encoded: true }] });
    s.close();
    // The file as version 3 left it.
    const db = new Database(file);
    db.exec('DROP TABLE tq_state_run');
    db.prepare('DELETE FROM tq_migration WHERE version = 4').run();
    db.pragma('user_version = 3');
    db.close();
    const reader = StateStore.open(file, { readonly: true });
    expect(state(reader)).toEqual({ 'panes:d1;d5;': '1', 'panes:d2;d5;': '3' });
    reader.close();
    expect(rows(file, "SELECT name FROM sqlite_schema WHERE name = 'tq_state_run'")).toEqual([]);
    const w = open(file);
    expect(state(w)).toEqual({ 'panes:d1;d5;': '1', 'panes:d2;d5;': '3' });
    commit(w, [['panes:d1;d5;', '2']]);
    expect(state(w)).toEqual({ 'panes:d1;d5;': '2', 'panes:d2;d5;': '3' });
    w.close();
    expect(rows(file, 'PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
    expect(SCHEMA_VERSION).toBe(4);
  });
});
