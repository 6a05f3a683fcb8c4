/**
 * A stateless view (filters, projections over one source, or over such a view) stores no output rows:
 * its history — what a view created later over it from 'earliest' reads, and what a subscriber resumes
 * from — is its source's history run through copies of its operators when asked (docs/time.md, "A view
 * over a view"). These check that the derived rows, their seqs and the seam with the live stream are the
 * ones the view emitted, over a pushed source (retained rows) and a generator (rows generated again).
 */
import { describe, expect, it, vi } from 'vitest';
import type { OutputRow } from '../../src/executor/api.js';
import type { TumbleEngine } from '../../src/executor/engine.js';
import { createEngine } from '../../src/index.js';
import { collect } from './helpers.js';

const SOURCE = `CREATE SOURCE s (k VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);`;
const STATELESS = `CREATE VIEW big AS SELECT k, v * 2 AS v2, ts FROM s WHERE v >= 3;`;
const CASCADE = (name: string, from = 'big') => `CREATE VIEW ${name} AS SELECT k, window_start, COUNT(*) AS n, SUM(v2) AS total
  FROM TABLE(TUMBLE(TABLE ${from}, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end;`;

/** Events over 80 s of event time, some late, in batches. */
function events(): { k: string; v: number; ts: number }[][] {
  const out: { k: string; v: number; ts: number }[][] = [];
  for (let b = 0; b < 16; b++) {
    const batch = [];
    for (let i = 0; i < 5; i++) batch.push({ k: 'abc'[(b + i) % 3]!, v: i + b, ts: Math.max(0, b * 5_000 + i * 900 - (i === 4 ? 12_000 : 0)) });
    out.push(batch);
  }
  return out;
}

/** Rows as a subscriber sees them, with their seqs. */
function withSeqs(e: TumbleEngine, view: string, from: 'earliest' | 'latest' | number = 'latest'): string[] {
  const out: string[] = [];
  e.subscribe(view, (rows: readonly OutputRow[]) => {
    for (const r of rows) out.push(`${r.seq} ${r.op} ${JSON.stringify(r.row)}`);
  }, { from });
  return out;
}

/**
 * Views and subscribers created from inside callbacks: while `view` hands its `nth` batch to its
 * subscribers ('during'), and when `other` (over the same source, handed the same batch later) gets its
 * `otherNth` ('after'). Each creates a view selecting `columns` from `view` and resumes `view` from
 * 'earliest'; what they got, by name.
 */
function createInCallbacks(e: TumbleEngine, view: string, columns: string, at: { nth: number; other: string; otherNth: number }): Record<string, string[]> {
  const made: Record<string, string[]> = {};
  const create = (name: string): void => {
    e.execute(`CREATE VIEW ${name} AS SELECT ${columns} FROM ${view};`);
    made[name] = collect(e, name);
    made[`resumed_${name}`] = withSeqs(e, view, 'earliest');
  };
  let seen = 0;
  e.subscribe(view, () => void (++seen === at.nth && create('during')));
  let others = 0;
  e.subscribe(at.other, () => void (++others === at.otherNth && create('after')));
  return made;
}

/** Each of them got every row once: the views `rows`, the resumed subscribers `live` (with seqs). */
function expectEachRowOnce(made: Record<string, string[]>, live: readonly string[], rows: readonly string[]): void {
  expect(made.during).toEqual(rows);
  expect(made.after).toEqual(rows);
  expect(made.resumed_during).toEqual(live);
  expect(made.resumed_after).toEqual(live);
}

const NEXMARK = `CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
    date_time TIMESTAMP(3), extra VARCHAR, WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND)
  WITH (connector = 'nexmark', 'table' = 'bid', events = 3000, rate = '100', seed = '3', batch_size = '128');`;

describe('the history of a stateless view over a pushed source', () => {
  it('is derived, not stored, and gives a view created later the rows of one created first', () => {
    const e = createEngine() as TumbleEngine;
    e.execute(SOURCE + STATELESS + CASCADE('first'));
    expect(e.view('big')!.derived).not.toBeNull();
    expect(e.view('first')!.derived).toBeNull(); // a window aggregate keeps its output
    const first = collect(e, 'first');
    const live = withSeqs(e, 'big');
    const batches = events();
    batches.slice(0, 9).forEach((b) => e.push('s', b));
    e.execute(CASCADE('late'));
    const late = collect(e, 'late');
    expect(late.length).toBeGreaterThan(0);
    batches.slice(9).forEach((b) => e.push('s', b));
    e.flush();
    expect(late).toEqual(first);
    expect(e.lateRows('late', 100).length).toBe(e.lateRows('first', 100).length);
    // Subscribers resume with the seqs the rows were emitted with.
    expect(live.length).toBeGreaterThan(40);
    expect(withSeqs(e, 'big', 'earliest')).toEqual(live);
    expect(withSeqs(e, 'big', 17)).toEqual(live.slice(16));
    expect(e.readLog('big', 5, 3).map((r) => `${r.seq} ${r.op} ${JSON.stringify(r.row)}`)).toEqual(live.slice(4, 7));
    void e.close();
  });

  it('keeps the last `retainOutput` rows for subscribers, as many as the source still holds', () => {
    const e = createEngine({ retainOutput: 7 }) as TumbleEngine;
    e.execute(SOURCE + STATELESS);
    const live = withSeqs(e, 'big');
    events().forEach((b) => e.push('s', b));
    expect(withSeqs(e, 'big', 'earliest')).toEqual(live.slice(-7));
    expect(withSeqs(e, 'big', live.length - 2)).toEqual(live.slice(-3));
    void e.close();
  });

  it('serves a reader paging through it (the server catching a client up) from one derivation while the pages are in it', () => {
    const e = createEngine() as TumbleEngine;
    e.execute(SOURCE + STATELESS);
    const live = withSeqs(e, 'big');
    const batches = events();
    batches.slice(0, 8).forEach((b) => e.push('s', b));
    const tail = vi.spyOn(e.view('big')!.derived!, 'tail');
    const paged: string[] = [];
    let next = 1;
    for (let page = 0; page < 40; page++) {
      const rows = e.readLog('big', next, 4);
      for (const r of rows) paged.push(`${r.seq} ${r.op} ${JSON.stringify(r.row)}`);
      if (rows.length > 0) next = rows[rows.length - 1]!.seq + 1;
      if (page % 3 === 2 && page < 24) e.push('s', batches[8 + (page - 2) / 3]!); // rows keep coming meanwhile
    }
    expect(paged).toEqual(live);
    expect(paged.length).toBeGreaterThan(40);
    expect(tail.mock.calls.length).toBeLessThan(12); // once per catch-up with the newest rows, not once per page
    void e.close();
  });

  it('gives views and subscribers created inside callbacks each row once, wherever the batch is', () => {
    const e = createEngine() as TumbleEngine;
    e.execute(SOURCE + STATELESS + `CREATE VIEW other AS SELECT k FROM s;`);
    const live = withSeqs(e, 'big');
    // While 'big' hands a batch to its subscribers (not yet published), and after it has (another view
    // over the same source is handed the same batch later).
    const made = createInCallbacks(e, 'big', 'k, v2', { nth: 3, other: 'other', otherNth: 4 });
    events().forEach((b) => e.push('s', b));
    expectEachRowOnce(made, live, live.map((r) => r.replace(/^\d+ /, '').replace(/,"ts":[^}]*/, '')));
    void e.close();
  });

  it("is stored when the view started later than its source's history ('latest'): it has only its own rows", () => {
    const e = createEngine() as TumbleEngine;
    e.execute(SOURCE);
    const batches = events();
    batches.slice(0, 4).forEach((b) => e.push('s', b));
    e.execute(`CREATE VIEW big AS SELECT k, v * 2 AS v2, ts FROM s /*+ OPTIONS('scan.startup.mode'='latest') */ WHERE v >= 3;`);
    expect(e.view('big')!.derived).toBeNull();
    const live = withSeqs(e, 'big');
    batches.slice(4).forEach((b) => e.push('s', b));
    e.execute(`CREATE VIEW above AS SELECT k, v2 FROM big;`);
    expect(collect(e, 'above')).toEqual(live.map((r) => r.replace(/^\d+ /, '').replace(/,"ts":[^}]*/, '')));
    expect(withSeqs(e, 'big', 'earliest')).toEqual(live);
    void e.close();
  });

  it('chains: a stateless view over a stateless view derives from the same source through both', () => {
    const e = createEngine() as TumbleEngine;
    e.execute(SOURCE + STATELESS + `CREATE VIEW odd AS SELECT k, v2 + 1 AS v3, ts FROM big WHERE v2 > 10;` + CASCADE('first', 'big'));
    expect(e.view('odd')!.derived?.chain.length).toBe(2);
    const live = withSeqs(e, 'odd');
    const batches = events();
    batches.slice(0, 10).forEach((b) => e.push('s', b));
    e.execute(`CREATE VIEW later AS SELECT k, v3 FROM odd;`);
    const later = collect(e, 'later');
    batches.slice(10).forEach((b) => e.push('s', b));
    expect(later).toEqual(live.map((r) => r.replace(/^\d+ /, '').replace(/,"ts":[^}]*/, '')));
    expect(withSeqs(e, 'odd', 'earliest')).toEqual(live);
    void e.close();
  });
});

describe('the history of a stateless view over a generator', () => {
  it('is its rows generated again: a view created over it after the generator ran equals one created first', async () => {
    const e = createEngine() as TumbleEngine;
    const window = (name: string) =>
      `CREATE VIEW ${name} AS SELECT auction, window_start, COUNT(*) AS n, MAX(p) AS top FROM TABLE(TUMBLE(TABLE cheap, DESCRIPTOR(date_time), INTERVAL '2' SECOND)) GROUP BY auction, window_start, window_end;`;
    e.execute(NEXMARK + `CREATE VIEW cheap AS SELECT auction, price * 2 AS p, date_time FROM bid WHERE price < 5000000;` + window('first'));
    expect(e.view('cheap')!.derived).not.toBeNull();
    const first = collect(e, 'first');
    const live = withSeqs(e, 'cheap');
    e.start();
    await e.idle();
    e.execute(window('late'));
    expect(first.length).toBeGreaterThan(20);
    expect(collect(e, 'late')).toEqual(first);
    expect(live.length).toBeGreaterThan(100);
    expect(withSeqs(e, 'cheap', 'earliest')).toEqual(live);
    expect(withSeqs(e, 'cheap', 101)).toEqual(live.slice(100));
    await e.close();
  });

  it('gives views and subscribers created inside callbacks each row once (the batch being delivered is not generated again)', async () => {
    const e = createEngine() as TumbleEngine;
    e.execute(NEXMARK + `CREATE VIEW cheap AS SELECT auction, price FROM bid WHERE price < 5000000;` + `CREATE VIEW other AS SELECT bidder FROM bid;`);
    const live = withSeqs(e, 'cheap');
    const made = createInCallbacks(e, 'cheap', 'auction, price', { nth: 3, other: 'other', otherNth: 5 });
    e.start();
    await e.idle();
    const rows = live.map((r) => r.replace(/^\d+ /, ''));
    expect(rows.length).toBeGreaterThan(1000);
    expectEachRowOnce(made, live, rows);
    await e.close();
  });
});
