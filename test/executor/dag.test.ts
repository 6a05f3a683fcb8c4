/** The physical plan as a DAG: late rows per operator input, properties, EXPLAIN as a tree. */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

const SOURCE = `CREATE SOURCE s (k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);`;

describe('late rows', () => {
  it("of a window over a windowed subquery are recorded with the inner window's input schema", () => {
    const e = createEngine();
    e.execute(`${SOURCE}
      CREATE VIEW v AS SELECT window_start, SUM(n) AS total FROM TABLE(TUMBLE(TABLE (
        SELECT k, window_start, window_end, window_time, COUNT(*) AS n
        FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end, window_time
      ), DESCRIPTOR(window_time), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end;`);
    e.push('s', [{ k: 'a', ts: 1000 }, { k: 'a', ts: 25_000 }, { k: 'b', ts: 2000 }]);
    const late = e.lateRows('v');
    expect(late.map((r) => ({ source: r.source, row: r.row }))).toEqual([{ source: 's', row: { k: 'b', ts: '1970-01-01T00:00:02.000Z' } }]);
    void e.close();
  });
});

describe('EXPLAIN', () => {
  it('prints the DAG with each node’s properties', () => {
    const e = createEngine();
    e.execute(SOURCE);
    const [r] = e.execute(`EXPLAIN SELECT k, COUNT(*) AS n FROM s WHERE k <> 'x' GROUP BY k`);
    const text = r!.kind === 'explain' ? r!.text : '';
    expect(text).toContain('GroupAggregate keys=[k] aggs=[COUNT(*)]    [emits: changelog, key (k); state: unbounded (one entry per group key)]');
    expect(text).toMatch(/\n {4}Filter where k <> 'x' {4}\[emits: append-only; state: none; event time: ts\]\n {6}Source s/);
    void e.close();
  });
});
