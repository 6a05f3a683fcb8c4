/** Joins in EXPLAIN and in the late-rows table: the plan says how state is bounded, late rows name their input. */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

const SOURCES = `
  CREATE SOURCE l (id INT, k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
  CREATE SOURCE r (id INT, k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);`;

function explain(sql: string): string {
  const e = createEngine();
  e.execute(SOURCES);
  const [res] = e.execute(`EXPLAIN ${sql}`);
  void e.close();
  return res!.kind === 'explain' ? res!.text : '';
}

describe('EXPLAIN of joins', () => {
  it('shows a window join with both inputs and bounded state', () => {
    const text = explain(`SELECT L.id, R.id AS rid FROM TABLE(TUMBLE(TABLE l, DESCRIPTOR(ts), INTERVAL '5' SECOND)) L
      LEFT JOIN TABLE(TUMBLE(TABLE r, DESCRIPTOR(ts), INTERVAL '5' SECOND)) R
      ON L.window_start = R.window_start AND L.window_end = R.window_end AND L.k = R.k`);
    expect(text).toContain('WindowJoin LEFT keys=[k = k] per window');
    expect(text).toContain('state: bounded (rows kept until their window closes on the minimum watermark of both inputs)');
    expect(text).toMatch(/Source l[^]*Source r/);
  });

  it('shows an interval join with its range in milliseconds', () => {
    const text = explain(`SELECT l.id FROM l JOIN r ON l.k = r.k AND l.ts BETWEEN r.ts - INTERVAL '1' SECOND AND r.ts + INTERVAL '2' SECOND`);
    expect(text).toContain('IntervalJoin INNER keys=[k = k] ts - ts in [-1000 ms, 2000 ms]');
    expect(text).toContain('emits: append-only; state: bounded');
  });
});

describe('late rows of a join', () => {
  it('are recorded with the source of the input they came on', () => {
    const e = createEngine();
    e.execute(`${SOURCES}
      CREATE VIEW j AS SELECT l.id, r.id AS rid FROM l JOIN r ON l.k = r.k AND l.ts BETWEEN r.ts AND r.ts + INTERVAL '1' SECOND;`);
    e.push('l', [{ id: 1, k: 'a', ts: 5000 }]);
    e.push('r', [{ id: 2, k: 'a', ts: 6000 }]);
    e.push('r', [{ id: 3, k: 'a', ts: 4000 }]);
    expect(e.lateRows('j').map((x) => ({ source: x.source, row: x.row }))).toEqual([{ source: 'r', row: { id: 3, k: 'a', ts: '1970-01-01T00:00:04.000Z' } }]);
    void e.close();
  });
});
