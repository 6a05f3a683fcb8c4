/**
 * Oracle tests: window and interval joins against SQLite computing the same join from scratch over the
 * same random rows. Each input is in event-time order (its watermark is ts − 1 ms) and the two inputs'
 * batches interleave at random, so nothing is late and every pair must be found exactly once, every
 * unmatched outer row padded exactly once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { SOURCES, pushInterleaved, scheduleArb, sideArb, sqliteOverBoth, type In } from './two-streams.js';

const side = (idFrom: number) => sideArb(idFrom, { maxLength: 60, nullFreq: 8 });

function runEngine(view: string, left: In[], right: In[], schedule: { left: boolean; n: number }[]): string[] {
  const engine = createEngine();
  engine.execute(SOURCES);
  engine.execute(`CREATE VIEW j AS ${view}`);
  const out: string[] = [];
  engine.subscribe('j', (rs) => {
    for (const r of rs) {
      expect(r.op).toBe('+I');
      out.push(JSON.stringify([r.row['lid'], r.row['rid']]));
    }
  });
  pushInterleaved(engine, left, right, schedule);
  expect(engine.stats().views.find((v) => v.view === 'j')?.lateRows).toBe(0);
  void engine.close();
  return out.sort();
}

function runSqlite(query: string, left: In[], right: In[]): string[] {
  return sqliteOverBoth(query, left, right).map((row) => JSON.stringify(row)).sort();
}

const TYPES = ['JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN'] as const;

describe('window joins against SQLite', () => {
  it('TUMBLE: every join type finds the same pairs and padded rows', () => {
    fc.assert(
      fc.property(side(1), side(1001), scheduleArb, fc.constantFrom(...TYPES), fc.constantFrom(2000, 5000), (left, right, schedule, type, size) => {
        const tvf = (t: string) => `TABLE(TUMBLE(TABLE ${t}, DESCRIPTOR(ts), INTERVAL '${size}' MILLISECOND))`;
        const got = runEngine(
          `SELECT L.id AS lid, R.id AS rid FROM ${tvf('l')} L ${type} ${tvf('r')} R ON L.window_start = R.window_start AND L.window_end = R.window_end AND L.k = R.k`,
          left,
          right,
          schedule,
        );
        const want = runSqlite(
          `WITH lw AS (SELECT id, k, ts - (ts % ${size}) AS ws FROM l), rw AS (SELECT id, k, ts - (ts % ${size}) AS ws FROM r)
           SELECT lw.id, rw.id FROM lw ${type} rw ON lw.ws = rw.ws AND lw.k = rw.k`,
          left,
          right,
        );
        expect(got).toEqual(want);
      }),
      { numRuns: 40 },
    );
  });

  it('HOP: a row joins in each of its windows', () => {
    fc.assert(
      fc.property(side(1), side(1001), scheduleArb, fc.constantFrom('JOIN', 'FULL JOIN'), (left, right, schedule, type) => {
        const tvf = (t: string) => `TABLE(HOP(TABLE ${t}, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '3' SECOND))`;
        const got = runEngine(
          `SELECT L.id AS lid, R.id AS rid FROM ${tvf('l')} L ${type} ${tvf('r')} R ON L.window_start = R.window_start AND L.window_end = R.window_end AND L.k = R.k`,
          left,
          right,
          schedule,
        );
        // Each row's windows: starts ts − ts mod 1000 − {0, 1000, 2000}.
        const windows = (t: string) => `SELECT id, k, ts - (ts % 1000) - o.v AS ws FROM ${t}, (SELECT 0 AS v UNION ALL SELECT 1000 UNION ALL SELECT 2000) o`;
        const want = runSqlite(`WITH lw AS (${windows('l')}), rw AS (${windows('r')}) SELECT lw.id, rw.id FROM lw ${type} rw ON lw.ws = rw.ws AND lw.k = rw.k`, left, right);
        expect(got).toEqual(want);
      }),
      { numRuns: 30 },
    );
  });
});

describe('interval joins against SQLite', () => {
  it('finds every pair within the bounds, and pads each unmatched outer row once', () => {
    // Bounds on a 250 ms grid and times on a 50 ms one, so pairs land exactly on a bound often.
    const bounds = fc.record({ lo: fc.integer({ min: -12, max: 4 }).map((x) => x * 250), hi: fc.integer({ min: -4, max: 12 }).map((x) => x * 250), open: fc.boolean() });
    fc.assert(
      fc.property(side(1), side(1001), scheduleArb, fc.constantFrom(...TYPES), bounds, (left, right, schedule, type, b) => {
        // open: lo < l.ts - r.ts < hi (exclusive); otherwise BETWEEN (inclusive).
        const cond = b.open
          ? `l.ts > r.ts + INTERVAL '${b.lo}' MILLISECOND AND l.ts < r.ts + INTERVAL '${b.hi}' MILLISECOND`
          : `l.ts BETWEEN r.ts + INTERVAL '${b.lo}' MILLISECOND AND r.ts + INTERVAL '${b.hi}' MILLISECOND`;
        const got = runEngine(`SELECT l.id AS lid, r.id AS rid FROM l ${type} r ON l.k = r.k AND ${cond}`, left, right, schedule);
        const sqlCond = b.open ? `l.ts - r.ts > ${b.lo} AND l.ts - r.ts < ${b.hi}` : `l.ts - r.ts BETWEEN ${b.lo} AND ${b.hi}`;
        const want = runSqlite(`SELECT l.id, r.id FROM l ${type} r ON l.k = r.k AND ${sqlCond}`, left, right);
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });
});
