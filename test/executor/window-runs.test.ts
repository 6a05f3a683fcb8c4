/**
 * Window groups (TUMBLE windows, HOP and CUMULATE panes and cycles) stored as runs of their namespace
 * (state/state-runs.ts): a run restarted from them, several times, with the input after the last
 * checkpoint replayed from the input log, goes on as an uninterrupted one — with groups captured as
 * numbers (background checkpoints) and as text (checkpoints on request, DISTINCT, text keys). Compaction
 * and tombstones: test/executor/state/group-table.test.ts; the store's side: test/state/state-runs.test.ts.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TumbleEngine } from '../../src/executor/engine.js';
import { createEngine } from '../../src/index.js';
import { collect, statePathPerTest } from './helpers.js';

const statePath = statePathPerTest();

function runRows(path: string): { op: string; ns: string; n: number }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT o.name AS op, r.ns, r.n FROM tq_state_run r JOIN tq_operator o ON o.id = r.op ORDER BY o.name, r.ns, r.id').all() as { op: string; ns: string; n: number }[];
  } finally {
    db.close();
  }
}

describe('window groups stored as runs', () => {
  const DDL = `CREATE SOURCE s (k BIGINT, name VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW tumble AS SELECT k, window_start, COUNT(*) AS n, SUM(v) AS total, MAX(v) AS top
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '5' SECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW hop AS SELECT k, window_start, COUNT(*) AS n, MIN(v) AS low
  FROM TABLE(HOP(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '6' SECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW hop_text AS SELECT name, window_start, COUNT(DISTINCT k) AS ks, MAX(name) AS top
  FROM TABLE(HOP(TABLE s, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '4' SECOND)) GROUP BY name, window_start, window_end;
CREATE VIEW cumulate AS SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS total
  FROM TABLE(CUMULATE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '4' SECOND)) GROUP BY k, window_start, window_end;`;
  const VIEWS = ['tumble', 'hop', 'hop_text', 'cumulate'];

  /** Batch b: 300 events over 150 keys (the same keys again and again, so groups change in many checkpoints), 500 ms of event time. */
  function batch(b: number): Record<string, unknown>[] {
    return Array.from({ length: 300 }, (_, i) => ({ k: (b * 7 + i) % 150, name: i % 7 === 0 ? null : `n${(b + i) % 9}`, v: ((b * 31 + i) % 97) / 4, ts: b * 500 + Math.floor(i * 1.6) }));
  }

  it('restarted from its runs again and again, input after the last checkpoint replayed, goes on as an uninterrupted run', async () => {
    const path = statePath();
    const got = VIEWS.map(() => new Map<number, string>());
    // Rows by seq: a row emitted again after a restart (its input replayed from the input log) is the same row.
    const listen = (e: TumbleEngine): void => {
      VIEWS.forEach((v, j) => e.subscribe(v, (rows) => {
        for (const r of rows) {
          const text = `${r.op} ${JSON.stringify(r.row)}`;
          const before = got[j]!.get(r.seq);
          if (before !== undefined) expect(text, `${v} seq ${r.seq} again`).toBe(before);
          got[j]!.set(r.seq, text);
        }
      }, { from: 'earliest' }));
    };
    const TOTAL = 60;
    let b = 0;
    for (let round = 0; b < TOTAL; round++) {
      const e = new TumbleEngine({ statePath: path, checkpointIntervalMs: 3_600_000 });
      if (round === 0) e.execute(DDL);
      listen(e);
      // Checkpoints every few batches (in the background and on request), and batches no checkpoint takes
      // before the crash: the input log has them, and the restarted engine processes them again.
      for (let i = 0; i < 9 + round && b < TOTAL; i++, b++) {
        e.push('s', batch(b));
        if (i % 3 === 2) {
          if (i % 2 === 0) await e.checkpointInBackground();
          else e.checkpoint();
        }
      }
      if (b >= TOTAL) {
        e.flush();
        await e.close();
        break;
      }
      e.crash();
      // The windows' groups are stored as runs (the crashed engine no longer holds the file).
      expect(runRows(path).length).toBeGreaterThan(0);
    }
    const r = createEngine();
    r.execute(DDL);
    const ref = VIEWS.map((v) => collect(r, v));
    for (let i = 0; i < TOTAL; i++) r.push('s', batch(i));
    r.flush();
    await r.close();
    VIEWS.forEach((v, j) => {
      const rows = [...got[j]!].sort((x, y) => x[0] - y[0]);
      expect(rows.map(([s]) => s), v).toEqual(rows.map((_, i) => i + 1));
      expect(rows.map(([, t]) => t), v).toEqual(ref[j]);
      expect(ref[j]!.length, v).toBeGreaterThan(50);
    });
  });
});
