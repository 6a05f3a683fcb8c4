/**
 * Groups of a background checkpoint captured as numbers and encoded on the commit thread
 * (state/slot-entries.ts) are stored byte for byte as the event loop encodes them in a checkpoint on
 * request; groups that do not fit (boxed accumulators, several key columns, a key that is not a number)
 * take the event loop's path in the same checkpoint; and a restore from such a checkpoint goes on as
 * an uninterrupted run would.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TumbleEngine } from '../../src/executor/engine.js';
import { encodeSlotKeys, encodeSlotRun, lazySlotValue, SLOT_VALUE, SlotSink, type SlotValues } from '../../src/executor/state/slot-entries.js';
import { createEngine } from '../../src/index.js';
import { StateStore } from '../../src/executor/state/index.js';
import { collect, statePathPerTest } from '../executor/helpers.js';

const statePath = statePathPerTest();

const DDL = `CREATE SOURCE s (k BIGINT, name VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW flat AS SELECT k, window_start, COUNT(*) AS n, SUM(v) AS total, AVG(v) AS mean, MIN(v) AS lo, MAX(ts) AS last_ts
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW hop AS SELECT k, window_start, COUNT(*) AS n, MAX(v) AS m
  FROM TABLE(HOP(TABLE s, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW named AS SELECT name, window_start, COUNT(*) AS n, SUM(v) AS total
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY name, window_start, window_end;
CREATE VIEW two AS SELECT k, name, window_start, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, name, window_start, window_end;
CREATE VIEW boxed AS SELECT k, window_start, COUNT(DISTINCT name) AS names, MAX(name) AS top
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end;`;

/** Batch `b`: 400 events over 300 keys with NULLs, -0, NaN and ±Infinity among the values; 1 s of event time per batch. */
function batch(b: number): Record<string, unknown>[] {
  return Array.from({ length: 400 }, (_, i) => {
    const j = b * 400 + i;
    const special = [null, -0, NaN, Infinity, -Infinity][j % 13];
    return { k: j % 300, name: j % 5 === 0 ? null : `n${j % 4}`, v: special !== undefined ? special : (j % 37) / 4 - 3, ts: b * 1000 + (i % 1000) };
  });
}

/** Every operator's stored entries as a reader sees them (rows and runs: state/state-runs.ts), by operator and key. */
function stateRows(path: string): { op: string; k: string; v: string }[] {
  const store = StateStore.open(path, { readonly: true });
  try {
    const db = new Database(path, { readonly: true });
    const ops = (db.prepare('SELECT name FROM tq_operator ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    db.close();
    const out: { op: string; k: string; v: string }[] = [];
    for (const op of ops) {
      const entries = [...store.loadOperatorStateText(op)].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const [k, v] of entries) out.push({ op, k, v });
    }
    return out;
  } finally {
    store.close();
  }
}

describe('groups encoded on the commit thread', () => {
  it('are stored exactly as the event loop stores them', async () => {
    const viaSlots = statePath();
    const onLoop = statePath();
    // A commit thread (its timer never fires): checkpointInBackground captures flat groups as numbers.
    const a = new TumbleEngine({ statePath: viaSlots, checkpointIntervalMs: 3_600_000 });
    // No commit thread: every checkpoint encodes on the event loop.
    const b = new TumbleEngine({ statePath: onLoop, checkpointIntervalMs: 0 });
    for (const e of [a, b]) e.execute(DDL);
    for (let i = 0; i < 25; i++) {
      for (const e of [a, b]) e.push('s', batch(i));
      if (i % 6 === 5) {
        await a.checkpointInBackground();
        b.checkpoint();
      }
    }
    await a.checkpointInBackground();
    b.checkpoint();
    a.crash();
    b.crash();
    const slots = stateRows(viaSlots);
    expect(slots.length).toBeGreaterThan(1000);
    expect(slots).toEqual(stateRows(onLoop));
    // The special values were stored in their tagged form (not as null).
    expect(slots.some((r) => r.v.includes('"~":"f"'))).toBe(true);
  });

  it('restore into a run that goes on as an uninterrupted one', async () => {
    const path = statePath();
    const a = new TumbleEngine({ statePath: path, checkpointIntervalMs: 3_600_000 });
    a.execute(DDL);
    const before = ['flat', 'hop', 'named', 'two', 'boxed'].map((v) => collect(a, v));
    for (let i = 0; i < 14; i++) a.push('s', batch(i));
    await a.checkpointInBackground();
    a.crash();

    const b = new TumbleEngine({ statePath: path, checkpointIntervalMs: 3_600_000 });
    const after = ['flat', 'hop', 'named', 'two', 'boxed'].map((v) => collect(b, v, 'latest'));
    for (let i = 14; i < 30; i++) b.push('s', batch(i));
    b.flush();
    await b.close();

    const r = createEngine();
    r.execute(DDL);
    const ref = ['flat', 'hop', 'named', 'two', 'boxed'].map((v) => collect(r, v));
    for (let i = 0; i < 30; i++) r.push('s', batch(i));
    r.flush();
    await r.close();
    ref.forEach((rows, i) => expect([...before[i]!, ...after[i]!]).toEqual(rows));
  });

  it('keep -0, NaN, ±Infinity and a NULL extreme through the numbers', () => {
    const sink = new SlotSink();
    const places = [{ kind: 'count', at: 3 }, { kind: 'sum', at: 4 }, { kind: 'extreme', at: 6 }] as const;
    const f = new Float64Array([2, 7, NaN, 2, -0, 1, 0, 0, 5, 9, 1234, 1, NaN, 1, 1, -Infinity]);
    sink.add('t:', 'd1;', places, 8, -0, f, 0);
    sink.add('t:', 'd1;', places, 8, NaN, f, 8);
    const keys: string[] = [];
    const values: (string | null)[] = [];
    for (const run of sink.take()) encodeSlotRun(run, keys, values);
    expect(keys).toEqual(['t:d1;d0;', 't:d1;dNaN;']);
    expect(values).toEqual([
      '[[{"~":"f","v":"-0"}],2,[2,[{"~":"f","v":"-0"},1],null],7]',
      '[[{"~":"f","v":"NaN"}],5,[1,[{"~":"f","v":"NaN"},1],{"~":"f","v":"-Infinity"}],9,1234]',
    ]);
    expect(sink.size).toBe(0);
  });
  it('make the same values when the commit writes them as when their part came (SLOT_VALUE)', () => {
    const sink = new SlotSink();
    const places = [{ kind: 'count', at: 3 }, { kind: 'sum', at: 4 }] as const;
    const f = new Float64Array(6);
    // Three runs (two namespaces, the first one's run full), behind an entry of another kind.
    for (let k = 0; k < 5000; k++) {
      f.set([k % 3, k, NaN, k, k / 2, 1]);
      sink.add('t:', k < 4500 ? 'd1;' : 'd2;', places, 6, k, f, 0);
    }
    const runs = sink.take();
    expect(runs.length).toBe(3);
    const keys: string[] = [];
    const values: (string | null)[] = [];
    for (const run of runs) encodeSlotRun(run, keys, values);
    const lazyKeys: string[] = ['t:other;'];
    const lazyValues: (string | null)[] = [null];
    const lazy: SlotValues = { from: [], runs: [] };
    for (const run of runs) encodeSlotKeys(run, lazyKeys, lazyValues, lazy);
    expect(lazyKeys.slice(1)).toEqual(keys);
    expect(lazyValues.slice(1).every((v) => v === SLOT_VALUE)).toBe(true);
    for (let i = 0; i < keys.length; i++) expect(lazySlotValue(lazy, i + 1)).toBe(values[i]);
    expect(() => lazySlotValue(lazy, 0)).toThrow(/invariant/);
    expect(() => lazySlotValue(lazy, keys.length + 1)).toThrow(/invariant/);
  });
});
