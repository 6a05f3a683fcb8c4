import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { StateStore } from '../../src/executor/state/index.js';
import type { OutputEntry } from '../../src/executor/state/index.js';
import { removeDir, tempDir } from './helpers.js';

let dir: string;
let clock: number;
let store: StateStore;
const HOUR = 3_600_000;

function emit(view: string, n: number): void {
  const from = store.nextSeq(view);
  const output: OutputEntry[] = Array.from({ length: n }, (_, i) => ({ view, seq: from + i, op: '+I', rowJson: `{"i":${from + i}}` }));
  store.commit({ output });
}

function seqs(view: string): number[] {
  return store.readOutput(view, 0, 1_000_000).map((r) => r.seq);
}

beforeEach(() => {
  dir = tempDir();
  clock = 1_700_000_000_000;
  store = StateStore.open(join(dir, 'state.db'), {
    retention: { maxRows: 5, maxAgeMs: HOUR, maxDiagnosticRows: 3 },
    now: () => clock,
  });
});
afterEach(() => {
  store.close();
  removeDir(dir);
});

describe('output log retention', () => {
  it('keeps rows younger than maxAgeMs even beyond maxRows', () => {
    emit('v', 20);
    expect(seqs('v')).toHaveLength(20);
  });

  it('trims rows that are both older than maxAgeMs and more than maxRows behind the last seq', () => {
    emit('v', 10); // seq 1..10 at t0
    clock += 2 * HOUR;
    emit('v', 3); // seq 11..13 at t0 + 2h; rows 1..8 are > 5 behind 13, and old
    expect(seqs('v')).toEqual([9, 10, 11, 12, 13]);
    expect(store.firstSeq('v')).toBe(9);
    expect(store.lastSeq('v')).toBe(13);
  });

  it('keeps the newest maxRows rows however old they are', () => {
    emit('v', 4);
    clock += 10 * HOUR;
    emit('v', 2); // 6 rows, all but the last two old: only seq 1 is beyond maxRows
    expect(seqs('v')).toEqual([2, 3, 4, 5, 6]);
  });

  it('stops at the first young row when old and young rows are mixed', () => {
    emit('v', 3); // t0
    clock += 2 * HOUR;
    emit('v', 4); // t0+2h: seq 4..7
    clock += 30 * 60_000;
    emit('v', 10); // seq 8..17; count limit says ≤ 12 may go, age says only 1..3 (seq 4.. is 30 min old)
    expect(seqs('v')[0]).toBe(4);
  });

  it('trims idle views in the periodic sweep, and seq survives trimming across a restart', () => {
    emit('idle', 10);
    clock += 2 * HOUR;
    emit('busy', 1); // the first commit after 60 s sweeps every view
    expect(seqs('idle')).toEqual([6, 7, 8, 9, 10]);
    const file = store.path;
    store.close();
    store = StateStore.open(file, { retention: { maxRows: 0, maxAgeMs: 0 }, now: () => clock });
    expect(store.trimRetention()).toBeGreaterThan(0);
    expect(seqs('idle')).toEqual([]);
    expect(store.firstSeq('idle')).toBeUndefined();
    expect(store.nextSeq('idle')).toBe(11);
  });
});

describe('late and rejected rows', () => {
  it('caps each table at maxDiagnosticRows, dropping the oldest, and lists the newest oldest-first', () => {
    for (let i = 0; i < 5; i++) {
      store.commit({
        late: [{ view: i % 2 === 0 ? 'a' : 'b', source: 's', rowJson: `{"i":${i}}`, watermark: i }],
        rejected: [{ source: 's', origin: 'api', reason: `r${i}`, input: `${i}` }],
      });
    }
    clock += 120_000;
    store.trimRetention();
    expect(store.lateRows().map((r) => r.row.i)).toEqual([2, 3, 4]);
    expect(store.lateRows(undefined, 2).map((r) => r.row.i)).toEqual([3, 4]);
    expect(store.lateRows('a').map((r) => r.row.i)).toEqual([2, 4]);
    expect(store.rejectedRows('s').map((r) => r.reason)).toEqual(['r2', 'r3', 'r4']);
    expect(store.rejectedRows().every((r) => r.at === clock - 120_000)).toBe(true);
  });
});
