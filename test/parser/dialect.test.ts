/**
 * Dialect features checked through the real engine: the binder's decisions (errors with their place) and
 * the rows a statement gives. Streaming behaviour over time lives in test/slt/dialect.slt.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, SqlError, type Engine } from '../../src/index.js';
import { noPos, statementOf } from './helpers.js';

const BIDS = `CREATE SOURCE bids (auction BIGINT, bidder BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)`;

/** The rows a view gives over `events` pushed into bids (then end of input), without op and seq. */
function rowsOf(select: string, events: readonly Record<string, unknown>[] = [], e: Engine = engine()): Record<string, unknown>[] {
  e.execute(`CREATE VIEW out_rows AS ${select}`);
  const rows: Record<string, unknown>[] = [];
  e.subscribe('out_rows', (batch) => rows.push(...batch.map((r) => r.row)));
  if (events.length > 0) e.push('bids', events);
  e.flush();
  return rows;
}

function engine(): Engine {
  const e = createEngine();
  e.execute(BIDS);
  return e;
}

/** The diagnostic of a statement that must fail: code, `line:col` and message. */
function failure(sql: string, e: Engine = engine()): { code: string; at: string; message: string; hint?: string } {
  try {
    e.execute(sql);
  } catch (err) {
    if (!(err instanceof SqlError)) throw err;
    const d = err.diagnostics[0]!;
    return { code: d.code, at: `${d.line}:${d.column}`, message: d.message, ...(d.hint !== undefined ? { hint: d.hint } : {}) };
  }
  throw new Error(`expected an error from: ${sql}`);
}

describe('legacy group window auxiliaries', () => {
  it('refuses TUMBLE_START with another size than the GROUP BY window, at the differing argument', () => {
    const f = failure(`SELECT TUMBLE_START(ts, INTERVAL '2' MINUTE) AS s, COUNT(*) AS n FROM bids GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)`);
    expect(f).toMatchObject({ code: 'INVALID_GROUP_BY', at: '1:25' });
    expect(f.message).toBe(
      "TUMBLE_START names another window than GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE): its size is INTERVAL '2' MINUTE, the group window's is INTERVAL '1' MINUTE",
    );
    expect(f.hint).toBe("write TUMBLE_START(ts, INTERVAL '1' MINUTE)");
  });

  it('accepts the same window however its interval is spelled', () => {
    const e = engine();
    e.execute(`CREATE VIEW v AS SELECT TUMBLE_END(ts, INTERVAL '60' SECOND) AS e, COUNT(*) AS n FROM bids GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)`);
    expect(e.views().map((v) => v.name)).toContain('v');
  });

  it('refuses HOP_END with a swapped slide and size, a TUMBLE_START under HOP, and auxiliaries over a TVF', () => {
    const hop = failure(`SELECT HOP_END(ts, INTERVAL '10' SECOND, INTERVAL '2' SECOND) AS e, COUNT(*) FROM bids GROUP BY HOP(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND)`);
    expect(hop).toMatchObject({ code: 'INVALID_GROUP_BY', at: '1:20' });
    expect(hop.message).toContain("its slide is INTERVAL '10' SECOND");
    const family = failure(`SELECT TUMBLE_START(ts, INTERVAL '10' SECOND) AS s, COUNT(*) FROM bids GROUP BY HOP(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND)`);
    expect(family).toMatchObject({ code: 'INVALID_GROUP_BY', at: '1:8' });
    expect(family.message).toBe("TUMBLE_START needs GROUP BY TUMBLE(...), but the query groups by HOP(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND)");
    const tvf = failure(`SELECT TUMBLE_START(ts, INTERVAL '1' SECOND), COUNT(*) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY window_start, window_end`);
    expect(tvf).toMatchObject({ code: 'INVALID_GROUP_BY', at: '1:8' });
    expect(tvf.message).toContain('over a window TVF select window_start');
  });
});

describe('FLOOR / CEIL (ts TO unit)', () => {
  // 2024-01-03 was a Wednesday.
  const ts = '2024-05-15T10:44:31.250Z';
  it('rounds a timestamp down and up to each unit, Flink-style', () => {
    const units = ['MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];
    const select = `SELECT ${units.map((u) => `FLOOR(ts TO ${u}) AS f_${u}, CEIL(ts TO ${u}) AS c_${u}`).join(', ')} FROM bids`;
    const [row] = rowsOf(select, [{ auction: 1, ts }]);
    const got = Object.fromEntries(units.map((u) => [u, [row![`f_${u}`], row![`c_${u}`]]]));
    expect(got).toEqual({
      MILLISECOND: [ts, ts],
      SECOND: ['2024-05-15T10:44:31.000Z', '2024-05-15T10:44:32.000Z'],
      MINUTE: ['2024-05-15T10:44:00.000Z', '2024-05-15T10:45:00.000Z'],
      HOUR: ['2024-05-15T10:00:00.000Z', '2024-05-15T11:00:00.000Z'],
      DAY: ['2024-05-15T00:00:00.000Z', '2024-05-16T00:00:00.000Z'],
      // Calcite's (and so Flink's) weeks start on Sunday: 2024-05-12 and 2024-05-19 were Sundays.
      WEEK: ['2024-05-12T00:00:00.000Z', '2024-05-19T00:00:00.000Z'],
      MONTH: ['2024-05-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z'],
      QUARTER: ['2024-04-01T00:00:00.000Z', '2024-07-01T00:00:00.000Z'],
      YEAR: ['2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    });
  });

  it('rounds to DECADE, CENTURY and MILLENNIUM (centuries and millennia start at year 1), and keeps a DATE or TIME its type, as Flink', () => {
    const [row] = rowsOf(
      `SELECT FLOOR(ts TO DECADE) AS fd, CEIL(ts TO DECADE) AS cd, FLOOR(ts TO CENTURY) AS fc, CEIL(ts TO CENTURY) AS cc,
         FLOOR(ts TO MILLENNIUM) AS fm, CEIL(ts TO MILLENNIUM) AS cm, FLOOR(CAST(ts AS DATE) TO MONTH) AS dm,
         CEIL(CAST(ts AS DATE) TO DAY) AS dd, CEIL(CAST(ts AS DATE) TO HOUR) AS dh, FLOOR(CAST(ts AS DATE) TO CENTURY) AS dc,
         CEIL(CAST(ts AS TIME) TO HOUR) AS th, FLOOR(CAST(ts AS TIME) TO MINUTE) AS tm FROM bids`,
      [{ auction: 1, ts }],
    );
    expect(row).toEqual({
      fd: '2020-01-01T00:00:00.000Z', cd: '2030-01-01T00:00:00.000Z', fc: '2001-01-01T00:00:00.000Z', cc: '2101-01-01T00:00:00.000Z',
      fm: '2001-01-01T00:00:00.000Z', cm: '3001-01-01T00:00:00.000Z', dm: '2024-05-01',
      // Flink's CEIL of a DATE to DAY is the next day, to a shorter unit the date itself (TimeFunctionsITCase).
      dd: '2024-05-16', dh: '2024-05-15', dc: '2001-01-01', th: '11:00:00', tm: '10:44:00',
    });
  });

  it('keeps a value already on the boundary, before 1970 too, and NULL as NULL', () => {
    const rows = rowsOf(`SELECT CEIL(ts TO HOUR) AS c, FLOOR(ts TO WEEK) AS w, CEIL(ts TO WEEK) AS cw, FLOOR(CAST(NULL AS TIMESTAMP(3)) TO DAY) AS n FROM bids`, [
      { ts: '2024-05-12T00:00:00Z' },
      { ts: '1969-12-31T23:30:00Z' },
    ]);
    expect(rows).toEqual([
      { c: '2024-05-12T00:00:00.000Z', w: '2024-05-12T00:00:00.000Z', cw: '2024-05-12T00:00:00.000Z', n: null },
      { c: '1970-01-01T00:00:00.000Z', w: '1969-12-28T00:00:00.000Z', cw: '1970-01-04T00:00:00.000Z', n: null },
    ]);
  });

  it('groups by an hour bucket spelled FLOOR(ts TO HOUR) in SELECT and GROUP BY', () => {
    const rows = rowsOf(`SELECT FLOOR(ts TO HOUR) AS h, COUNT(*) AS n FROM bids GROUP BY FLOOR(ts TO HOUR)`, [
      { ts: '2024-05-15T10:01:00Z' },
      { ts: '2024-05-15T10:59:00Z' },
      { ts: '2024-05-15T11:00:00Z' },
    ]);
    expect(rows.at(-1)).toEqual({ h: '2024-05-15T11:00:00.000Z', n: 1 });
    expect(rows).toContainEqual({ h: '2024-05-15T10:00:00.000Z', n: 2 });
  });

  it('explains itself in its own spelling', () => {
    const [r] = engine().execute(`EXPLAIN SELECT FLOOR(ts TO MINUTE) AS m FROM bids`);
    expect(r).toMatchObject({ kind: 'explain' });
    expect((r as { text: string }).text).toContain('FLOOR(ts TO MINUTE)');
  });

  it('refuses another function with TO, an unknown unit and a non-time argument, located', () => {
    expect(failure(`SELECT ROUND(price TO HOUR) FROM bids`)).toMatchObject({ code: 'SQL_SYNTAX', at: '1:20', message: 'unexpected TO in ROUND(...); only FLOOR and CEIL take TO, as in FLOOR(ts TO HOUR)' });
    expect(failure(`SELECT FLOOR(ts TO FORTNIGHT) FROM bids`)).toMatchObject({ code: 'SQL_SYNTAX', at: '1:20' });
    expect(failure(`SELECT FLOOR(ts TO FORTNIGHT) FROM bids`).message).toContain("unknown time unit 'FORTNIGHT'");
    expect(failure(`SELECT CEIL(price TO DAY) FROM bids`)).toMatchObject({ code: 'TYPE_MISMATCH', at: '1:13' });
  });
});

describe('WITH (common table expressions)', () => {
  it('parses WITH before a query, a view body and EXPLAIN, each spelling to one AST', () => {
    const query = (sql: string) => {
      const st = statementOf(sql);
      return noPos(st.kind === 'query' ? st.query : st.kind === 'create_view' ? st.query : st.kind === 'explain' ? st.statement.query : null);
    };
    const a = query(`WITH a (x) AS (SELECT auction FROM bids), b AS (SELECT x FROM a) SELECT x FROM b`);
    expect(query(`with A(X) as (select auction from bids),b as(select x from a)select x from b`)).toEqual(a);
    expect(query(`CREATE VIEW v AS WITH a (x) AS (SELECT auction FROM bids), b AS (SELECT x FROM a) SELECT x FROM b`)).toEqual(a);
    expect(query(`EXPLAIN WITH a (x) AS (SELECT auction FROM bids), b AS (SELECT x FROM a) SELECT x FROM b`)).toEqual(a);
    expect(a).toMatchObject({ with: [{ name: { name: 'a' }, columns: [{ name: 'x' }] }, { name: { name: 'b' } }] });
  });

  const rows = [
    { auction: 1, bidder: 10, price: 5, ts: '2024-01-01T00:00:01Z' },
    { auction: 2, bidder: 11, price: 50, ts: '2024-01-01T00:00:02Z' },
    { auction: 1, bidder: 12, price: 70, ts: '2024-01-01T00:00:03Z' },
  ];

  it('reads a CTE as its subquery, in a view and in an ad-hoc query', () => {
    expect(rowsOf(`WITH big AS (SELECT auction, price FROM bids WHERE price > 10) SELECT auction, price * 2 AS p FROM big`, rows)).toEqual([
      { auction: 2, p: 100 },
      { auction: 1, p: 140 },
    ]);
    const e = engine();
    const [r] = e.execute(`WITH big AS (SELECT auction FROM bids WHERE price > 10) SELECT * FROM big`);
    expect(r).toMatchObject({ kind: 'query', columns: [{ name: 'auction', type: 'BIGINT' }] });
  });

  it('chains several CTEs, each seeing those before it, with column names and a window over a CTE', () => {
    const sql = `WITH priced (a, p, t) AS (SELECT auction, price, ts FROM bids),
      big AS (SELECT a, p, t FROM priced WHERE p > 10)
      SELECT a, window_start, COUNT(*) AS n, MAX(p) AS top
      FROM TABLE(TUMBLE(TABLE big, DESCRIPTOR(t), INTERVAL '1' MINUTE)) GROUP BY a, window_start, window_end`;
    expect(rowsOf(sql, rows)).toEqual([
      { a: 2, window_start: '2024-01-01T00:00:00.000Z', n: 1, top: 50 },
      { a: 1, window_start: '2024-01-01T00:00:00.000Z', n: 1, top: 70 },
    ]);
  });

  it('reads one CTE twice: a self-join on the same subquery', () => {
    const sql = `WITH b AS (SELECT auction, price, ts FROM bids)
      SELECT x.auction, x.price AS lo, y.price AS hi FROM b x JOIN b y ON x.auction = y.auction AND x.ts BETWEEN y.ts - INTERVAL '10' SECOND AND y.ts
      WHERE x.price < y.price`;
    expect(rowsOf(sql, rows)).toEqual([{ auction: 1, lo: 5, hi: 70 }]);
  });

  it('hides a source of the same name inside the query, and nests in a subquery and a UNION ALL', () => {
    const sql = `WITH bids AS (SELECT auction, price FROM bids WHERE auction = 1)
      SELECT auction FROM (WITH again AS (SELECT auction FROM bids) SELECT auction FROM again) UNION ALL SELECT auction FROM bids`;
    expect(rowsOf(sql, rows).map((r) => r['auction'])).toEqual([1, 1, 1, 1]);
  });

  it('reports mistakes at their place: inside an unread CTE, a duplicate name, a wrong column count', () => {
    expect(failure(`WITH unused AS (SELECT nope FROM bids) SELECT auction FROM bids`)).toMatchObject({ code: 'UNKNOWN_COLUMN', at: '1:24' });
    expect(failure(`WITH a AS (SELECT auction FROM bids), a AS (SELECT price FROM bids) SELECT * FROM a`)).toMatchObject({ code: 'DUPLICATE_NAME', at: '1:39' });
    const f = failure(`WITH a (x, y) AS (SELECT auction FROM bids) SELECT * FROM a`);
    expect(f).toMatchObject({ code: 'TYPE_MISMATCH', at: '1:9', message: 'WITH a names 2 columns but its query gives 1 (auction)' });
    expect(failure(`WITH a AS (SELECT auction FROM bids) SELECT * FROM b`)).toMatchObject({ code: 'UNKNOWN_RELATION', at: '1:52' });
  });
});

describe('CREATE VIEW ... AS (query)', () => {
  it('takes the query in parentheses, a WITH inside them too', () => {
    const e = engine();
    e.execute(`CREATE VIEW paren AS (WITH a AS (SELECT auction FROM bids WHERE price > 1) SELECT auction FROM a)`);
    expect(rowsOf(`SELECT auction FROM paren`, [{ auction: 1, price: 1, ts: 1 }, { auction: 2, price: 2, ts: 2 }], e)).toEqual([{ auction: 2 }]);
    expect(failure(`CREATE VIEW unclosed AS (SELECT auction FROM bids`)).toMatchObject({ code: 'SQL_SYNTAX' });
  });
});

describe('UNION (distinct)', () => {
  const bids = [1, 2, 2, 3].map((auction, i) => ({ auction, bidder: i, price: i * 4, ts: i }));
  const auctions = (sql: string) => rowsOf(sql, bids).map((r) => r['auction'] as number).sort();

  it('keeps each row once across the branches; UNION DISTINCT is the same', () => {
    expect(auctions(`SELECT auction FROM bids WHERE price < 9 UNION SELECT auction FROM bids WHERE price > 3`)).toEqual([1, 2, 3]);
    expect(auctions(`SELECT auction FROM bids UNION DISTINCT SELECT auction FROM bids`)).toEqual([1, 2, 3]);
  });

  it('reads left to right with UNION ALL: a UNION makes everything before it distinct, not what follows', () => {
    expect(auctions(`SELECT auction FROM bids UNION ALL SELECT auction FROM bids UNION SELECT auction FROM bids`)).toEqual([1, 2, 3]);
    expect(auctions(`SELECT auction FROM bids UNION SELECT auction FROM bids UNION ALL SELECT auction FROM bids WHERE auction = 2`)).toEqual([1, 2, 2, 2, 3]);
  });
});

describe('INTERSECT and EXCEPT', () => {
  // bids: auctions 1, 2, 2, 3 and one NULL auction; prices 0, 4, 8, 12, 16.
  const bids = [1, 2, 2, 3, null].map((auction, i) => ({ auction, bidder: i, price: i * 4, ts: i }));
  /** The view's final rows: its changelog folded (+I/+U add a row, -U/-D remove one), sorted. */
  function finalAuctions(select: string): (number | null)[] {
    const e = engine();
    e.execute(`CREATE VIEW out_rows AS ${select}`);
    const table: string[] = [];
    e.subscribe('out_rows', (batch) => {
      for (const r of batch) {
        const key = JSON.stringify(r.row['auction']);
        if (r.op === '+I' || r.op === '+U') table.push(key);
        else table.splice(table.indexOf(key), 1);
      }
    });
    e.push('bids', bids);
    e.flush();
    return table.map((k) => JSON.parse(k) as number | null).sort();
  }

  it('INTERSECT keeps the distinct rows both sides have, NULL matching NULL', () => {
    expect(finalAuctions(`SELECT auction FROM bids WHERE price < 10 INTERSECT SELECT auction FROM bids WHERE price > 1`)).toEqual([2]);
    expect(finalAuctions(`SELECT auction FROM bids INTERSECT SELECT auction FROM bids WHERE auction IS NULL OR auction > 2`)).toEqual([3, null]);
  });

  it('EXCEPT keeps the distinct rows of the left side the right side has not, retracting rows the right side gains', () => {
    expect(finalAuctions(`SELECT auction FROM bids EXCEPT SELECT auction FROM bids WHERE price > 10`)).toEqual([1, 2]);
  });

  it('INTERSECT binds tighter than UNION and EXCEPT; UNION and EXCEPT read left to right', () => {
    // 1, 2, 2, 3, NULL UNION ALL ({1, 2, 3, NULL} ∩ {3, NULL}) = 1, 2, 2, 3, 3, NULL, NULL
    expect(finalAuctions(`SELECT auction FROM bids UNION ALL SELECT auction FROM bids INTERSECT SELECT auction FROM bids WHERE price > 10`)).toEqual([1, 2, 2, 3, 3, null, null]);
    // ({1, 2, 3, NULL} − {1}) − {2}: 3, NULL
    expect(finalAuctions(`SELECT auction FROM bids EXCEPT SELECT auction FROM bids WHERE auction = 1 EXCEPT SELECT auction FROM bids WHERE auction = 2`)).toEqual([3, null]);
  });

  it('INTERSECT ALL and EXCEPT ALL keep copies by count (multiset semantics), NULL matching NULL', () => {
    // left 1, 2, 2, 3, NULL; right (price > 1) 2, 2, 3, NULL / (price > 4) 2, 3, NULL
    expect(finalAuctions(`SELECT auction FROM bids INTERSECT ALL SELECT auction FROM bids WHERE price > 1`)).toEqual([2, 2, 3, null]);
    expect(finalAuctions(`SELECT auction FROM bids EXCEPT ALL SELECT auction FROM bids WHERE price > 4`)).toEqual([1, 2]);
    // INTERSECT [ALL] binds tighter: 1, 2, 2, 3, NULL EXCEPT ALL ({1, 2, 2, 3, NULL} ∩ {3, NULL}) = 1, 2, 2
    expect(finalAuctions(`SELECT auction FROM bids EXCEPT ALL SELECT auction FROM bids INTERSECT ALL SELECT auction FROM bids WHERE price > 10`)).toEqual([1, 2, 2]);
  });

  it('reads a parenthesized query as an operand, computed first', () => {
    // 1, 2, 2, 3, NULL EXCEPT ALL (2, 2, 3, NULL UNION ALL 3, NULL) = 1 (3 and NULL twice on the right)
    expect(finalAuctions(`SELECT auction FROM bids EXCEPT ALL (SELECT auction FROM bids WHERE price > 1 UNION ALL SELECT auction FROM bids WHERE price > 10)`)).toEqual([1]);
    // (1, 2, 2, 3, NULL EXCEPT ALL 2, 3, NULL) INTERSECT ALL 2, 2 = 2, inside FROM
    expect(finalAuctions(`SELECT auction FROM ((SELECT auction FROM bids EXCEPT ALL SELECT auction FROM bids WHERE price > 4) INTERSECT ALL SELECT auction FROM bids WHERE auction = 2)`)).toEqual([2]);
  });

  it('reads a statement that starts with a parenthesized query', () => {
    // (1, 2, 2, 3, NULL UNION ALL 1) EXCEPT ALL 2, 3, NULL = 1, 1, 2
    expect(finalAuctions(`(SELECT auction FROM bids UNION ALL SELECT auction FROM bids WHERE auction = 1) EXCEPT ALL SELECT auction FROM bids WHERE price > 4`)).toEqual([1, 1, 2]);
    expect(finalAuctions(`(SELECT auction FROM bids WHERE auction = 1) UNION ALL (SELECT auction FROM bids WHERE auction = 3)`)).toEqual([1, 3]);
    expect(finalAuctions(`((SELECT auction FROM bids WHERE auction = 2))`)).toEqual([2, 2]);
  });

  it('refuses INTERSECT ALL of inputs with different column counts, at the branch', () => {
    expect(failure(`SELECT auction FROM bids INTERSECT ALL SELECT auction, price FROM bids`)).toMatchObject({ code: 'TYPE_MISMATCH', at: '1:40' });
  });
});

describe('output column names', () => {
  it('keep the case of their aliases as written, and unquoted references still find them in any case', () => {
    const rows = rowsOf(`SELECT bidder AS UserId, COUNT(*) AS Cnt FROM bids GROUP BY bidder`, [{ bidder: 7, ts: 1 }]);
    expect(rows).toEqual([{ UserId: 7, Cnt: 1 }]);
    const e = engine();
    e.execute(`CREATE VIEW Per_User AS SELECT bidder AS UserId, price AS "Price" FROM bids`);
    const outer = rowsOf(`SELECT userid, USERID + 1 AS Next, "Price" FROM per_user WHERE UserID > 0`, [{ bidder: 7, price: 1.5, ts: 1 }], e);
    expect(outer).toEqual([{ UserId: 7, Next: 8, Price: 1.5 }]);
    expect(e.execute(`DESCRIBE per_user`)[0]).toMatchObject({ kind: 'rows' });
  });

  it('are told apart by case only when quoted references say which', () => {
    const f = failure(`SELECT x FROM (SELECT bidder AS Id, auction AS ID FROM bids)`);
    expect(f.code).toBe('UNKNOWN_COLUMN');
    expect(rowsOf(`SELECT "ID" FROM (SELECT bidder AS Id, auction AS ID FROM bids)`, [{ bidder: 1, auction: 2, ts: 1 }])).toEqual([{ ID: 2 }]);
  });
});

describe('view names', () => {
  it('keep their case in listings and are found in any case', () => {
    const e = engine();
    e.execute(`CREATE VIEW HotAuctions AS SELECT auction FROM bids`);
    expect(e.views().map((v) => v.name)).toEqual(['HotAuctions']);
    const shown = e.execute('SHOW VIEWS')[0] as unknown as { rows: unknown[][] };
    expect(shown.rows.map((r) => r[0])).toEqual(['HotAuctions']);
    const got: unknown[] = [];
    e.subscribe('HotAuctions', (rows) => got.push(...rows.map((r) => r.row)));
    e.push('bids', [{ auction: 3, ts: 1 }]);
    expect(got).toEqual([{ auction: 3 }]);
    expect(rowsOf(`SELECT * FROM hotauctions`, [{ auction: 4, ts: 2 }], e)).toEqual([{ auction: 4 }]);
    expect(failure(`CREATE VIEW HOTAUCTIONS AS SELECT auction FROM bids`, e).code).toBe('DUPLICATE_NAME');
    e.execute('DROP VIEW out_rows');
    e.execute('DROP VIEW HOTAUCTIONS');
    expect(e.views()).toEqual([]);
  });
});

describe('ORDER BY without LIMIT on a stream', () => {
  it('accepts the time attribute ascending, as a no-op: rows leave as they are computed', () => {
    expect(rowsOf(`SELECT auction, ts FROM bids ORDER BY ts`, [{ auction: 1, ts: 2000 }, { auction: 2, ts: 3000 }])).toEqual([
      { auction: 1, ts: '1970-01-01T00:00:02.000Z' },
      { auction: 2, ts: '1970-01-01T00:00:03.000Z' },
    ]);
    const windowed = `SELECT auction, window_time, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' SECOND))
      GROUP BY auction, window_start, window_end, window_time ORDER BY window_time ASC`;
    expect(rowsOf(windowed, [{ auction: 1, ts: 2500 }, { auction: 1, ts: 1500 }])).toEqual([
      { auction: 1, window_time: '1970-01-01T00:00:01.999Z', n: 1 },
      { auction: 1, window_time: '1970-01-01T00:00:02.999Z', n: 1 },
    ]);
  });

  it('refuses any other ORDER BY, at the key, saying what is accepted', () => {
    const price = failure(`SELECT auction, price, ts FROM bids ORDER BY price`);
    expect(price).toMatchObject({ code: 'UNSUPPORTED', at: '1:46' });
    expect(price.message).toBe(
      'ORDER BY price is not supported without LIMIT: a continuous query emits rows as they are computed, so it accepts only ORDER BY ts (its time attribute, ascending); add LIMIT n for a Top-N',
    );
    expect(failure(`SELECT auction, ts FROM bids ORDER BY ts DESC`)).toMatchObject({ code: 'UNSUPPORTED', at: '1:39' });
    expect(failure(`SELECT auction, ts FROM bids ORDER BY ts, auction`)).toMatchObject({ code: 'UNSUPPORTED', at: '1:43' });
    expect(failure(`SELECT auction, ts FROM bids ORDER BY ts + INTERVAL '1' SECOND`)).toMatchObject({ code: 'UNSUPPORTED', at: '1:39' });
    expect(failure(`SELECT auction, COUNT(*) AS n FROM bids GROUP BY auction ORDER BY auction`).message).toContain('accepts only no ORDER BY');
  });
});
