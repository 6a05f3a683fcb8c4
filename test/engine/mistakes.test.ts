/**
 * Nothing user-caused escapes as a bare exception: valid statements mutated at random (tokens dropped,
 * repeated, swapped, replaced) either run or fail with an SqlError carrying a code and a place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, SqlError } from '../../src/index.js';

const SETUP = `CREATE SOURCE bids (auction BIGINT, price DOUBLE, name VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)`;
const BASE = [
  `SELECT auction, window_start, COUNT(*) AS n, MAX(price) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND)) WHERE price > 0 GROUP BY auction, window_start, window_end HAVING COUNT(*) > 1`,
  `SELECT auction, window_start, window_end, SUM(price) FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end`,
  `SELECT TUMBLE_START(ts, INTERVAL '1' MINUTE) AS s, COUNT(DISTINCT name) FROM bids GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)`,
  `SELECT name, COUNT(*) FILTER (WHERE price > 10) AS big FROM bids GROUP BY name`,
  `SELECT UPPER(name) || '!' AS n, CASE WHEN price BETWEEN 1 AND 2 THEN 'low' ELSE 'high' END, CAST(price AS INT) FROM bids WHERE name LIKE 'a%' AND auction IN (1, 2, 3)`,
  `CREATE VIEW v AS SELECT * FROM (SELECT auction AS a, price * 2 AS p FROM bids) WHERE a <> 3`,
  `INSERT INTO bids VALUES (1, 2.5, 'x', TIMESTAMP '2020-01-01 00:00:00')`,
  `EXPLAIN SELECT auction FROM TUMBLE(bids, ts, INTERVAL '1' SECOND) GROUP BY auction, window_start, window_end`,
];
const WORDS = ['SELECT', 'FROM', 'GROUP', 'BY', 'TABLE', 'window_start', 'ts', 'price', '(', ')', ',', "'x'", '1', 'INTERVAL', 'TUMBLE', 'HOP', '*', 'NULL', ';', 'AS', 'DESCRIPTOR'];

function tokens(sql: string): string[] {
  return sql.match(/'[^']*'|\w+|[^\s\w]/g) ?? [];
}

const mutated = fc
  .tuple(fc.constantFrom(...BASE), fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.nat(), fc.nat(), fc.constantFrom(...WORDS)), { minLength: 1, maxLength: 4 }))
  .map(([sql, edits]) => {
    const t = tokens(sql);
    for (const [kind, a, b, w] of edits) {
      const i = a % t.length;
      const j = b % t.length;
      if (kind === 0) t.splice(i, 1);
      else if (kind === 1) t.splice(i, 0, t[i]!);
      else if (kind === 2) [t[i], t[j]] = [t[j]!, t[i]!];
      else t[i] = w;
    }
    return t.join(' ');
  });

describe('user mistakes', () => {
  it('end as SqlError diagnostics with a code, never as bare exceptions', () => {
    fc.assert(
      fc.property(mutated, (sql) => {
        const engine = createEngine();
        engine.execute(SETUP);
        try {
          engine.execute(sql);
        } catch (e) {
          if (!(e instanceof SqlError)) throw new Error(`bare ${String(e)} for: ${sql}`);
          expect(e.diagnostics.length).toBeGreaterThan(0);
          expect(e.diagnostics[0]!.code).toMatch(/^[A-Z_]+$/);
        }
        // Whatever got created runs over data (NULLs included) without throwing.
        engine.push('bids', [
          { auction: 1, price: 2.5, name: 'ab', ts: 1000 },
          { auction: null, price: null, name: null, ts: 2000 },
          { auction: 3, price: -1, name: '', ts: 9000 },
        ]);
        engine.flush();
      }),
      { numRuns: 400 },
    );
  });
});
