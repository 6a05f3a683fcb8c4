/** The embedded API as a library user meets it. */
import { describe, expect, it } from 'vitest';
import { createEngine, SqlError, type OutputRow } from '../../src/index.js';

const SOURCE = `CREATE SOURCE bids (auction BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)`;
const VIEW = `CREATE VIEW per5 AS SELECT auction, window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND)) GROUP BY auction, window_start, window_end`;

describe('the embedded engine', () => {
  it('runs several statements and reports what each did', () => {
    const e = createEngine();
    const r = e.execute(`${SOURCE}; ${VIEW}; SHOW VIEWS; SELECT auction FROM bids;`);
    expect(r.map((x) => x.kind)).toEqual(['created_source', 'created_view', 'rows', 'query']);
    expect(e.views().map((v) => [v.name, v.adhoc])).toEqual([['per5', false], ['query_1', true]]);
  });

  it('throws SqlError with line and column, and keeps earlier statements applied', () => {
    const e = createEngine();
    let err: unknown;
    try {
      e.execute(`${SOURCE};\nSELECT nope FROM bids;`);
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(SqlError);
    const d = (err as SqlError).diagnostics[0]!;
    expect([d.code, d.line, d.column]).toEqual(['UNKNOWN_COLUMN', 2, 8]);
    expect(e.sources().map((s) => s.name)).toEqual(['bids']);
  });

  it('subscribes from a seq and replays the retained log first', () => {
    const e = createEngine();
    e.execute(`${SOURCE}; ${VIEW}`);
    e.push('bids', [
      { auction: 1, price: 1, ts: 1000 },
      { auction: 2, price: 1, ts: 2000 },
      { auction: 1, price: 1, ts: 12000 },
    ]);
    const got: OutputRow[] = [];
    e.subscribe('per5', (rows) => got.push(...rows), { from: 2 });
    expect(got.map((r) => [r.seq, r.row['auction']])).toEqual([[2, 2]]);
    e.flush();
    expect(got.map((r) => r.seq)).toEqual([2, 3]);
  });

  it('rejects bad rows with a reason and keeps them, without losing the good ones', () => {
    const e = createEngine();
    e.execute(SOURCE);
    const r = e.push('bids', [{ auction: 1, price: 2, ts: 1000 }, { auction: 'x', ts: 1000 }, { auction: 3 }]);
    expect(r.accepted).toBe(1);
    expect(r.rejected.map((x) => x.index)).toEqual([1, 2]);
    expect(r.rejected[0]!.reason).toMatch(/auction/);
    expect(r.rejected[1]!.reason).toMatch(/ts/);
    expect(e.rejectedRows('bids')).toHaveLength(2);
    expect(e.stats().sources[0]).toMatchObject({ eventsIn: 1, rejected: 2 });
  });

  it('keeps late rows with the watermark at their arrival', () => {
    const e = createEngine();
    e.execute(`${SOURCE}; ${VIEW}`);
    e.push('bids', [{ auction: 1, price: 1, ts: 1000 }, { auction: 1, price: 1, ts: 10000 }, { auction: 9, price: 5, ts: 2000 }]);
    const late = e.lateRows('per5');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ view: 'per5', source: 'bids', row: { auction: 9, price: 5 }, watermark: '1970-01-01T00:00:09.000Z' });
  });

  it('explains the pipeline with the watermark and bounded state', () => {
    const e = createEngine();
    e.execute(SOURCE);
    const [r] = e.execute(`EXPLAIN SELECT auction, COUNT(*) AS n FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) WHERE price > 0 GROUP BY auction, window_start, window_end`);
    expect(r?.kind).toBe('explain');
    const text = r?.kind === 'explain' ? r.text : '';
    expect(text).toMatch(/HopAggregate HOP\(ts, slide 2 s, size 10 s\)/);
    expect(text).toMatch(/state: bounded/);
    expect(text).toMatch(/watermark: ts - INTERVAL '1' SECOND/);
    expect(text.indexOf('Filter')).toBeGreaterThan(text.indexOf('HopAggregate')); // the filter runs before the window
  });

  it('cancels an ad-hoc query', () => {
    const e = createEngine();
    e.execute(SOURCE);
    const [q] = e.execute('SELECT auction FROM bids');
    const name = q?.kind === 'query' ? q.view : '';
    e.cancel(name);
    expect(e.views()).toHaveLength(0);
  });
});
