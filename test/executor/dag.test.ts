/** The physical plan as a DAG: late rows per operator input, properties, EXPLAIN as a tree. */
import { describe, expect, it } from 'vitest';
import { TumbleEngine } from '../../src/executor/engine.js';
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

  it('of a window over a union name every source the union reads', () => {
    const e = createEngine();
    e.execute(`${SOURCE} CREATE SOURCE t (k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
      CREATE VIEW v AS SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE (
        SELECT k, ts FROM s UNION ALL SELECT k, ts FROM t
      ), DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end;`);
    e.push('s', [{ k: 'a', ts: 25_000 }]);
    e.push('t', [{ k: 'b', ts: 20_000 }, { k: 'c', ts: 3000 }]);
    expect(e.lateRows('v').map((r) => ({ source: r.source, row: r.row }))).toEqual([{ source: 's, t', row: { k: 'c', ts: '1970-01-01T00:00:03.000Z' } }]);
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

describe('nodes shared by several views', () => {
  it('run once: the same filtered scan feeds both views, and is released with the last of them', () => {
    const e = new TumbleEngine();
    e.execute(SOURCE);
    const counted = (e as unknown as { shared: { size: number } }).shared;
    e.execute(`CREATE VIEW a AS SELECT k, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) WHERE k <> 'x' GROUP BY k, window_start, window_end;
      CREATE VIEW b AS SELECT k, COUNT(*) AS n FROM TABLE(HOP(TABLE s, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) WHERE k <> 'x' GROUP BY k, window_start, window_end;`);
    // One filter node (window assignment is fused into the aggregations), shared by both views.
    expect(counted.size).toBe(1);
    const src = e.source('s')!;
    expect(src.downstream.length).toBe(1);
    const [r] = e.execute(`EXPLAIN SELECT k, MAX(ts) AS hi FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) WHERE k <> 'x' GROUP BY k, window_start, window_end`);
    expect(r!.kind === 'explain' && r!.text).toContain('shared with view a, b');
    const rows: string[] = [];
    e.subscribe('a', (rs) => rs.forEach((x) => rows.push(`a ${JSON.stringify(x.row)}`)));
    e.subscribe('b', (rs) => rs.forEach((x) => rows.push(`b ${JSON.stringify(x.row)}`)));
    e.push('s', [{ k: 'y', ts: 1000 }, { k: 'x', ts: 2000 }]);
    e.flush();
    expect(rows.sort()).toEqual(['a {"k":"y","n":1}', 'b {"k":"y","n":1}', 'b {"k":"y","n":1}']);
    e.execute('DROP VIEW a');
    expect(counted.size).toBe(1);
    e.execute('DROP VIEW b');
    expect(counted.size).toBe(0);
    expect(src.downstream.length).toBe(0);
    void e.close();
  });
});
