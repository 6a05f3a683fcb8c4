/**
 * Aggregates as Flink types and computes them, through the engine: SUM/AVG result types, exact
 * DECIMAL sums checked against SQLite's decimal extension (the sqlite3 shell), and MIN/MAX over doubles
 * in Java's Double.compare order whatever the arrival order.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalToString, parseExact, pow10n } from '../../src/functions/decimal.js';
import { createEngine, type Engine } from '../../src/index.js';
import { ExtremeMultiset } from '../../src/executor/aggregates/extreme-multiset.js';

const SOURCE = `CREATE SOURCE t (k INT, n INT, b BIGINT, a DECIMAL(12, 4), c DECIMAL(10, 5), d DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)`;

function collect(e: Engine, view: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  e.subscribe(view, (rows) => out.push(...rows.map((r) => ({ op: r.op, ...r.row }))));
  return out;
}

function windowed(select: string, rows: object[]): Record<string, unknown>[] {
  const e = createEngine();
  e.execute(SOURCE);
  e.execute(`CREATE VIEW v AS SELECT k, ${select} FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY k, window_start, window_end`);
  const out = collect(e, 'v');
  e.push('t', rows);
  e.flush();
  void e.close();
  return out;
}

describe('SUM and AVG', () => {
  it('have the types Flink gives them: INT stays INT, DECIMAL(p, s) → DECIMAL(38, s) and DECIMAL(38, max(6, s))', () => {
    const e = createEngine();
    e.execute(SOURCE);
    const r = e.execute(`SELECT SUM(n) AS sn, AVG(n) AS an, SUM(b) AS sb, AVG(b) AS ab, SUM(a) AS sa, AVG(a) AS aa, SUM(d) AS sd, AVG(d) AS ad FROM t GROUP BY k`);
    const q = r[0]!;
    if (q.kind !== 'query') throw new Error('expected a query');
    expect(q.columns.map((c) => c.type)).toEqual(['INT', 'INT', 'BIGINT', 'BIGINT', 'DECIMAL(38, 4)', 'DECIMAL(38, 6)', 'DOUBLE', 'DOUBLE']);
    void e.close();
  });

  it('gives AVG(2000000000) exactly, for INT and for DECIMAL', () => {
    const rows = [1, 2, 3].map((i) => ({ k: 1, n: 2000000000, b: 2000000000, ts: i }));
    const [row] = windowed('AVG(n) AS an, AVG(b) AS ab, AVG(CAST(n AS DECIMAL(10, 0))) AS ad, CAST(AVG(CAST(b AS DECIMAL(19, 4))) AS VARCHAR) AS aa', rows);
    expect(row).toMatchObject({ an: 2000000000, ab: 2000000000, ad: 2000000000, aa: '2000000000.000000' });
  });

  it('truncates AVG of integers toward zero and wraps SUM(INT) at 32 bits, as Flink', () => {
    const rows = [
      { k: 1, n: -1, b: -1, ts: 1 },
      { k: 1, n: -2, b: -2, ts: 2 },
      { k: 2, n: 2147483647, b: 9007199254740992, ts: 3 },
      { k: 2, n: 1, b: 9007199254740992, ts: 4 },
    ];
    const out = windowed('SUM(n) AS sn, AVG(n) AS an, SUM(b) AS sb, AVG(b) AS ab', rows);
    expect(out).toEqual([
      { op: '+I', k: 1, sn: -3, an: -1, sb: -3, ab: -1 },
      { op: '+I', k: 2, sn: -2147483648, an: 1073741824, sb: 18014398509481984, ab: 9007199254740992 },
    ]);
  });

  it('gives NULL for a DECIMAL SUM past 38 digits, and the exact sum again once it fits', () => {
    const e = createEngine();
    e.execute(`CREATE SOURCE w (k INT, v DECIMAL(38, 0), ts TIMESTAMP(3), WATERMARK FOR ts AS ts)`);
    e.execute(`CREATE VIEW s AS SELECT k, SUM(v) AS total FROM w GROUP BY k`);
    const out = collect(e, 's');
    const big = '9'.repeat(38);
    e.push('w', [{ k: 1, v: big, ts: 1 }, { k: 1, v: big, ts: 2 }, { k: 1, v: `-${big}`, ts: 3 }]);
    expect(out.map((r) => r['total'])).toEqual([big, big, null, null, big]);
    void e.close();
  });

  it('keeps the group of HAVING SUM(m) = 0.3 and makes one group of equal sums', () => {
    const rows = [
      { k: 1, a: 0.1, c: 0.2, ts: 1 },
      { k: 1, a: '0.2', c: '0.1', ts: 2 },
    ];
    const e = createEngine();
    e.execute(SOURCE);
    e.execute(`CREATE VIEW h AS SELECT k, SUM(a) AS s FROM t GROUP BY k HAVING SUM(a) = 0.3`);
    e.execute(`CREATE VIEW g AS SELECT a + c AS s, COUNT(*) AS n FROM t GROUP BY a + c`);
    const h = collect(e, 'h');
    const g = collect(e, 'g');
    e.push('t', rows);
    expect(h).toEqual([{ op: '+I', k: 1, s: 0.3 }]);
    expect(g.at(-1)).toEqual({ op: '+U', s: 0.3, n: 2 });
    expect(new Set(g.map((r) => r['s']))).toEqual(new Set([0.3]));
    void e.close();
  });
});

describe('MIN and MAX over DOUBLE', () => {
  const values = [Number.NaN, 1, -Infinity, Infinity, 0, -0, 2.5];
  const text = (v: unknown): string => (Object.is(v, -0) ? '-0' : String(v));

  it('order as Double.compare (NaN above +Infinity, -0.0 below 0.0), whatever the arrival order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(values, { minLength: 1 }), (vs) => {
        const rows = vs.map((d, i) => ({ k: 1, d: Number.isNaN(d) ? 'NaN' : d === Infinity ? 'Infinity' : d === -Infinity ? '-Infinity' : d, ts: i }));
        const [row] = windowed('MIN(d) AS lo, MAX(d) AS hi', rows);
        const sorted = [...vs].sort((x, y) => (x < y ? -1 : x > y ? 1 : Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : Number.isNaN(y) ? -1 : Object.is(x, -0) ? -1 : Object.is(y, -0) ? 1 : 0));
        const enc = (v: number): unknown => (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v);
        expect(text(row!['lo'])).toBe(text(enc(sorted[0]!)));
        expect(text(row!['hi'])).toBe(text(enc(sorted.at(-1)!)));
      }),
      { numRuns: 60 },
    );
  });

  it('order the same way in a changelog GROUP BY, with retractions', () => {
    const e = createEngine();
    e.execute(SOURCE);
    e.execute(`CREATE VIEW m AS SELECT k, MIN(d) AS lo, MAX(d) AS hi FROM t GROUP BY k`);
    const out = collect(e, 'm');
    e.push('t', [{ k: 1, d: 'NaN', ts: 1 }, { k: 1, d: 3, ts: 2 }, { k: 1, d: '-Infinity', ts: 3 }]);
    expect(out.at(-1)).toEqual({ op: '+U', k: 1, lo: '-Infinity', hi: 'NaN' });
    void e.close();
  });
});

describe('retractable MIN/MAX (ExtremeMultiset)', () => {
  it('agrees with a scan of the live values after every add and retract, through rebuilds', () => {
    const op = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.boolean(), (ops, max) => {
        const before = max ? (a: unknown, b: unknown) => (a as number) > (b as number) : (a: unknown, b: unknown) => (a as number) < (b as number);
        const m = new ExtremeMultiset(before);
        const live = new Map<number, number>();
        for (const [add, v] of ops) {
          if (add || !live.has(v)) {
            m.add(v);
            live.set(v, (live.get(v) ?? 0) + 1);
          } else {
            m.retract(v);
            const n = live.get(v)! - 1;
            if (n === 0) live.delete(v);
            else live.set(v, n);
          }
          const values = [...live.keys()];
          const want = values.length === 0 ? null : max ? Math.max(...values) : Math.min(...values);
          expect(m.best()).toBe(want);
          expect(m.copy().best()).toBe(want);
        }
        expect(new Map(m.counts)).toEqual(live);
      }),
      { numRuns: 200 },
    );
  });

  it('follow a changelog input: MIN/MAX over per-key sums move back when a sum shrinks', () => {
    const e = createEngine();
    e.execute(SOURCE);
    e.execute(`CREATE VIEW s AS SELECT k, SUM(n) AS total FROM t GROUP BY k`);
    e.execute(`CREATE VIEW mm AS SELECT MIN(total) AS lo, MAX(total) AS hi, COUNT(*) AS keys FROM s`);
    const out = collect(e, 'mm');
    e.push('t', [{ k: 1, n: 5, ts: 1 }, { k: 2, n: 9, ts: 2 }, { k: 3, n: 1, ts: 3 }]);
    expect(out.at(-1)).toMatchObject({ lo: 1, hi: 9, keys: 3 });
    e.push('t', [{ k: 2, n: -8, ts: 4 }, { k: 3, n: 20, ts: 5 }]);
    expect(out.at(-1)).toMatchObject({ lo: 1, hi: 21, keys: 3 });
    e.push('t', [{ k: 3, n: -21, ts: 6 }]);
    expect(out.at(-1)).toMatchObject({ lo: 0, hi: 5, keys: 3 });
    void e.close();
  });
});

// ---------------------------------------------------------------------------------------------------
// Differential: exact + - * and SUM against SQLite's decimal extension (decimal_add/sub/mul/sum).

const sameValue = (x: string, y: string): boolean => {
  const a = parseExact(x);
  const b = parseExact(y);
  if (a === null || b === null) return false;
  return a[0] * pow10n(b[1]) === b[0] * pow10n(a[1]);
};

function sqlite(sql: string): string[] {
  const r = spawnSync('sqlite3', [':memory:'], { input: sql, encoding: 'utf8' });
  if (r.error) throw new Error(`the sqlite3 shell is needed for this test (apt-get install sqlite3): ${r.error.message}`);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim().split('\n');
}

describe('DECIMAL arithmetic agrees with SQLite decimal_add/sub/mul/sum', () => {
  const dec = (maxDigits: number, scale: number) =>
    fc.bigInt({ min: -(10n ** BigInt(maxDigits)) + 1n, max: 10n ** BigInt(maxDigits) - 1n }).map((u) => decimalToString(u, scale));

  it('over random DECIMAL(12, 4) and DECIMAL(10, 5) values', () => {
    const rowsArb = fc.array(fc.record({ k: fc.integer({ min: 0, max: 3 }), a: dec(12, 4), c: dec(10, 5) }), { minLength: 1, maxLength: 60 });
    const cases = fc.sample(rowsArb, { numRuns: 12, seed: 13 });
    for (const rows of cases) {
      const e = createEngine();
      e.execute(SOURCE);
      e.execute(`CREATE VIEW x AS SELECT CAST(a + c AS VARCHAR) AS s, CAST(a - c AS VARCHAR) AS d, CAST(a * c AS VARCHAR) AS p, a, c FROM t`);
      e.execute(`CREATE VIEW w AS SELECT k, CAST(SUM(a) AS VARCHAR) AS s, CAST(SUM(c) AS VARCHAR) AS sc FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY k, window_start, window_end`);
      const x = collect(e, 'x');
      const w = collect(e, 'w');
      e.push('t', rows.map((r, i) => ({ ...r, ts: i })));
      e.flush();
      void e.close();

      const values = rows.map((r, i) => `(${i}, ${r.k}, '${r.a}', '${r.c}')`).join(',\n');
      const out = sqlite(`CREATE TABLE r (i, k, a, c); INSERT INTO r VALUES ${values};
        SELECT decimal_add(a, c) || ' ' || decimal_sub(a, c) || ' ' || decimal_mul(a, c) FROM r ORDER BY i;
        SELECT k || ' ' || decimal_sum(a) || ' ' || decimal_sum(c) FROM r GROUP BY k ORDER BY k;`);
      const perRow = out.slice(0, rows.length);
      const perKey = out.slice(rows.length);
      rows.forEach((_, i) => {
        const [s, d, p] = perRow[i]!.split(' ') as [string, string, string];
        const got = x[i]!;
        expect([got['s'], got['d'], got['p']].map(String), `row ${i}: ${rows[i]!.a}, ${rows[i]!.c}`).toSatisfy(
          (ours: string[]) => sameValue(ours[0]!, s) && sameValue(ours[1]!, d) && sameValue(ours[2]!, p),
        );
      });
      const ours = [...w].sort((p, q) => (p['k'] as number) - (q['k'] as number));
      expect(ours.length).toBe(perKey.length);
      perKey.forEach((line, j) => {
        const [k, sa, sc] = line.split(' ') as [string, string, string];
        expect(ours[j]!['k']).toBe(Number(k));
        expect(sameValue(ours[j]!['s'] as string, sa) && sameValue(ours[j]!['sc'] as string, sc)).toBe(true);
      });
    }
  });
});
