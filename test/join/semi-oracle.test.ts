/**
 * Oracle tests for semi and anti joins: [NOT] EXISTS and [NOT] IN against SQLite, which has SQL's NULL
 * semantics for NOT IN, over the same random rows (keys drawn with NULLs). Window forms: each input in
 * event-time order, batches interleaved at random, so nothing is late; the result must equal SQLite's
 * over the windowed rows. Regular forms: the changelog the engine emits, applied (+I adds, -D removes),
 * must end as SQLite's answer over all rows, whatever the order the two inputs' rows came in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { SOURCES, pushInterleaved, scheduleArb, sideArb, sqliteOverBoth, type In } from './two-streams.js';

/** The view's final rows (ids, sorted): +I adds a row, -D takes one back. */
function runEngine(view: string, left: In[], right: In[], schedule: { left: boolean; n: number }[], appendOnly: boolean): number[] {
  const engine = createEngine();
  engine.execute(SOURCES);
  engine.execute(`CREATE VIEW j AS ${view}`);
  const live = new Map<number, number>();
  engine.subscribe('j', (rs) => {
    for (const r of rs) {
      const id = r.row['id'] as number;
      if (appendOnly) expect(r.op).toBe('+I');
      const n = (live.get(id) ?? 0) + (r.op === '+I' || r.op === '+U' ? 1 : -1);
      expect(n).toBeGreaterThanOrEqual(0);
      live.set(id, n);
    }
  });
  pushInterleaved(engine, left, right, schedule);
  expect(engine.stats().views.find((v) => v.view === 'j')?.lateRows).toBe(0);
  void engine.close();
  return [...live].flatMap(([id, n]) => new Array<number>(n).fill(id)).sort((a, b) => a - b);
}

function runSqlite(query: string, left: In[], right: In[]): number[] {
  return sqliteOverBoth(query, left, right).map((row) => row[0] as number).sort((a, b) => a - b);
}

/** Each test: the engine's WHERE (over L/R window TVFs or l/r) and SQLite's (over lw/rw or l/r). */
const FORMS = [
  { name: 'EXISTS', engine: 'EXISTS (SELECT * FROM $R WHERE R.k = L.k $W)', sqlite: 'EXISTS (SELECT * FROM $R WHERE R.k = L.k $W)' },
  { name: 'NOT EXISTS', engine: 'NOT EXISTS (SELECT * FROM $R WHERE R.k = L.k $W)', sqlite: 'NOT EXISTS (SELECT * FROM $R WHERE R.k = L.k $W)' },
  { name: 'IN', engine: 'L.k IN (SELECT R.k FROM $R WHERE R.id % 3 <> 0 $W)', sqlite: 'L.k IN (SELECT R.k FROM $R WHERE R.id % 3 <> 0 $W)' },
  { name: 'NOT IN', engine: 'L.k NOT IN (SELECT R.k FROM $R WHERE R.id % 3 <> 0 $W)', sqlite: 'L.k NOT IN (SELECT R.k FROM $R WHERE R.id % 3 <> 0 $W)' },
  // a residual condition between the inputs, besides the key
  { name: 'EXISTS with a residual', engine: 'EXISTS (SELECT * FROM $R WHERE R.k = L.k AND R.id % 7 > L.id % 7 $W)', sqlite: 'EXISTS (SELECT * FROM $R WHERE R.k = L.k AND R.id % 7 > L.id % 7 $W)' },
  { name: 'NOT IN with a residual', engine: 'L.k NOT IN (SELECT R.k FROM $R WHERE R.id % 5 >= L.id % 5 $W)', sqlite: 'L.k NOT IN (SELECT R.k FROM $R WHERE R.id % 5 >= L.id % 5 $W)' },
] as const;

describe('window semi/anti joins against SQLite', () => {
  it('TUMBLE: EXISTS, NOT EXISTS, IN and NOT IN keep exactly the rows SQLite keeps, NULLs included', () => {
    fc.assert(
      fc.property(sideArb(1, { maxLength: 50, nullFreq: 6 }), sideArb(1001, { maxLength: 50, nullFreq: 6 }), scheduleArb, fc.constantFrom(...FORMS), fc.constantFrom(1000, 3000), (left, right, schedule, form, size) => {
        const tvf = (t: string) => `TABLE(TUMBLE(TABLE ${t}, DESCRIPTOR(ts), INTERVAL '${size}' MILLISECOND))`;
        const sameWindow = 'AND L.window_start = R.window_start AND L.window_end = R.window_end';
        const where = form.engine.replace('$R', `${tvf('r')} R`).replace('$W', sameWindow);
        const got = runEngine(`SELECT L.id FROM ${tvf('l')} L WHERE ${where}`, left, right, schedule, true);
        const sqlWhere = form.sqlite.replace('$R', 'rw R').replace('$W', 'AND L.ws = R.ws');
        const want = runSqlite(
          `WITH lw AS (SELECT id, k, ts - (ts % ${size}) AS ws FROM l), rw AS (SELECT id, k, ts - (ts % ${size}) AS ws FROM r)
           SELECT L.id FROM lw L WHERE ${sqlWhere}`,
          left,
          right,
        );
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });
});

describe('regular semi/anti joins against SQLite', () => {
  it('the changelog ends as SQLite’s answer over all rows', () => {
    fc.assert(
      fc.property(sideArb(1, { maxLength: 40, nullFreq: 6 }), sideArb(1001, { maxLength: 40, nullFreq: 6 }), scheduleArb, fc.constantFrom(...FORMS), (left, right, schedule, form) => {
        const where = form.engine.replace('$R', 'r R').replace('$W', '');
        const semi = !form.name.startsWith('NOT');
        const got = runEngine(`SELECT L.id FROM l L WHERE ${where}`, left, right, schedule, semi);
        const want = runSqlite(`SELECT L.id FROM l L WHERE ${form.sqlite.replace('$R', 'r R').replace('$W', '')}`, left, right);
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });
});

describe('semi/anti joins whose subquery has a join whose ON reads the outer row, against SQLite', () => {
  // The ON decides which rows of S pad R, so it cannot move to the semi join: the outer values join the
  // subquery's FROM (bind-outer-values.ts). `S.id IS NULL` keeps the R rows no S row met under it.
  const QUERIES = [
    'EXISTS (SELECT R.id FROM r R LEFT JOIN r S ON S.k = R.k AND S.id % 3 = L.id % 3 WHERE R.k = L.k AND S.id IS NULL)',
    'NOT EXISTS (SELECT R.id FROM r R LEFT JOIN r S ON S.k = R.k AND S.id % 3 = L.id % 3 WHERE R.k = L.k AND S.id IS NULL)',
    'EXISTS (SELECT R.id FROM r R JOIN r S ON S.k = R.k AND S.id > L.id WHERE R.id % 2 = L.id % 2)',
    'L.k IN (SELECT S.k FROM r R RIGHT JOIN r S ON S.k = R.k AND R.id < L.id WHERE R.id IS NULL)',
    // the outer reference in ON alone (the WHERE reads no outer column)
    'EXISTS (SELECT R.id FROM r R LEFT JOIN r S ON S.k = R.k AND S.k = L.k WHERE S.id IS NOT NULL)',
  ];
  it('the changelog ends as SQLite’s answer over all rows', () => {
    fc.assert(
      fc.property(sideArb(1, { maxLength: 25, nullFreq: 6 }), sideArb(1001, { maxLength: 25, nullFreq: 6 }), scheduleArb, fc.constantFrom(...QUERIES), (left, right, schedule, where) => {
        const got = runEngine(`SELECT L.id FROM l L WHERE ${where}`, left, right, schedule, false);
        const want = runSqlite(`SELECT L.id FROM l L WHERE ${where}`, left, right);
        expect(got).toEqual(want);
      }),
      { numRuns: 80 },
    );
  });
});
