/**
 * Bugs of hand-written operator persistence, each fixed by declared state tables and the type-tagged
 * codec: what an operator needs to continue identically is state, and keys are injective.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { collect, durable, sqlError, statePathPerTest } from './helpers.js';

const statePath = statePathPerTest();

const HOP_CHANGES = `CREATE SOURCE s (k VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW h AS SELECT k, window_start, COUNT(*) AS n
FROM TABLE(HOP(TABLE s, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
GROUP BY k, window_start, window_end EMIT CHANGES;`;

describe('HOP EMIT CHANGES', () => {
  it('retracts what it emitted before a restore (-U/+U, not a second +I)', () => {
    const path = statePath();
    const a = durable(path);
    a.execute(HOP_CHANGES);
    const before = collect(a, 'h');
    a.push('s', [{ k: 'x', v: 1, ts: 6000 }]);
    a.checkpoint();
    expect(before).toEqual([
      '+I {"k":"x","window_start":"1970-01-01T00:00:00.000Z","n":1}',
      '+I {"k":"x","window_start":"1970-01-01T00:00:05.000Z","n":1}',
    ]);
    a.crash();
    const b = durable(path);
    const after = collect(b, 'h', 'latest');
    b.push('s', [{ k: 'x', v: 1, ts: 7000 }]);
    expect(after).toEqual([
      '-U {"k":"x","window_start":"1970-01-01T00:00:00.000Z","n":1}',
      '+U {"k":"x","window_start":"1970-01-01T00:00:00.000Z","n":2}',
      '-U {"k":"x","window_start":"1970-01-01T00:00:05.000Z","n":1}',
      '+U {"k":"x","window_start":"1970-01-01T00:00:05.000Z","n":2}',
    ]);
    void b.close();
  });

  it('keeps key NULL and the text "null" apart', () => {
    const e = createEngine();
    e.execute(HOP_CHANGES);
    const out = collect(e, 'h');
    e.push('s', [{ k: null, v: 1, ts: 6000 }, { k: 'null', v: 1, ts: 6000 }]);
    expect(out.filter((r) => r.startsWith('-U'))).toEqual([]);
    expect(out.filter((r) => r.startsWith('+I')).length).toBe(4);
    void e.close();
  });
});

describe('multi-column group keys', () => {
  it('never merge tuples that a separator-joined key would confuse', () => {
    const e = createEngine();
    e.execute(`CREATE SOURCE s (a VARCHAR, b VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
      CREATE VIEW g AS SELECT a, b, COUNT(*) AS n FROM s GROUP BY a, b;
      CREATE VIEW w AS SELECT a, b, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY a, b, window_start, window_end;`);
    const g = collect(e, 'g');
    const w = collect(e, 'w');
    const rows = [
      { a: 'x\u001fy', b: 'z', ts: 1 },
      { a: 'x', b: 'y\u001fz', ts: 2 },
      { a: null, b: 'q', ts: 3 },
      { a: '\u0000', b: 'q', ts: 4 },
      { a: 'null', b: 'q', ts: 5 },
    ];
    e.push('s', rows);
    e.flush();
    expect(g).toEqual(rows.map((r) => `+I ${JSON.stringify({ a: r.a, b: r.b, n: 1 })}`));
    expect(w.length).toBe(5);
    void e.close();
  });
});

describe('non-finite doubles in state', () => {
  it('come back as NaN and ±Infinity after a restore, not null', () => {
    const path = statePath();
    const ddl = `CREATE SOURCE s (k VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
      CREATE VIEW w AS SELECT k, MAX(v) AS hi, MIN(v) AS lo, SUM(v) AS total FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end;
      CREATE VIEW g AS SELECT k, MAX(v) AS hi, MIN(v) AS lo FROM s GROUP BY k;`;
    const a = durable(path);
    a.execute(ddl);
    a.push('s', [{ k: 'inf', v: 'Infinity', ts: 1 }, { k: 'inf', v: '-Infinity', ts: 2 }, { k: 'nan', v: 'NaN', ts: 3 }]);
    a.checkpoint();
    a.crash();
    const b = durable(path);
    b.execute(ddl);
    const w = b.view('w')!;
    const got: unknown[][] = [];
    w.subscribeRaw((rows) => got.push(...rows.map((r) => [...r])));
    b.flush();
    const byKey = new Map(got.map((r) => [r[0], r]));
    expect(byKey.get('inf')!.slice(-3)).toEqual([Infinity, -Infinity, NaN]);
    expect(Number.isNaN(byKey.get('nan')!.at(-1))).toBe(true);
    const g = b.view('g')!;
    const changes: unknown[][] = [];
    g.subscribeRaw((rows) => changes.push(...rows.map((r) => [...r])));
    b.push('s', [{ k: 'inf', v: 0, ts: 20_000 }]);
    // The group still knows its extremes: adding 0 changes nothing.
    expect(changes).toEqual([]);
    void b.close();
  });
});

describe('a CUMULATE window TVF over a changelog', () => {
  it('takes the retracted rows of an EMIT CHANGES view out of its windows', () => {
    const e = createEngine();
    e.execute(`CREATE SOURCE s (k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
      CREATE VIEW live AS SELECT k, window_start, window_time, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end, window_time EMIT CHANGES;
      CREATE VIEW outer_w AS SELECT window_end, COUNT(*) AS rows_in, SUM(n) AS total
      FROM TABLE(CUMULATE(TABLE live, DESCRIPTOR(window_time), INTERVAL '1' MINUTE, INTERVAL '2' MINUTE)) GROUP BY window_start, window_end;`);
    const out = collect(e, 'outer_w');
    // live: +I (x, 1), -U (x, 1), +U (x, 2), +I (y, 1): two rows remain, x's 2 and y's 1.
    e.push('s', [{ k: 'x', ts: 1000 }, { k: 'x', ts: 2000 }, { k: 'y', ts: 3000 }]);
    e.flush();
    expect(out).toEqual([
      '+I {"window_end":"1970-01-01T00:01:00.000Z","rows_in":2,"total":3}',
      '+I {"window_end":"1970-01-01T00:02:00.000Z","rows_in":2,"total":3}',
    ]);
    void e.close();
  });
});
