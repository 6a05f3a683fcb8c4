/**
 * 'emit.interval' (and the other statement options) as the binder reads them: where a bad option is
 * reported, in a view's WITH or in a hint comment, in script lines and columns; the statements it does
 * not apply to; '0' as the default.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, SqlError, type Engine } from '../../src/index.js';

const SOURCE = `CREATE SOURCE bids (auction BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)`;
const TUMBLE = `FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end`;

function engine(): Engine {
  const e = createEngine();
  e.execute(SOURCE);
  return e;
}

/** The diagnostic of a script that must fail: code, `line:col`, length and message. */
function failure(sql: string, e: Engine = engine()): { code: string; at: string; length: number; message: string; hint?: string } {
  try {
    e.execute(sql);
  } catch (err) {
    if (!(err instanceof SqlError)) throw err;
    const d = err.diagnostics[0]!;
    return { code: d.code, at: `${d.line}:${d.column}`, length: d.length, message: d.message, ...(d.hint !== undefined ? { hint: d.hint } : {}) };
  }
  throw new Error(`expected an error from: ${sql}`);
}

function explain(sql: string): string {
  const r = engine().execute(`EXPLAIN ${sql}`)[0];
  return r?.kind === 'explain' ? r.text : '';
}

describe("'emit.interval'", () => {
  it('reports a value that is not a duration at the option of the view WITH', () => {
    const f = failure(`CREATE VIEW v\n  WITH ('emit.interval' = 'often')\n  AS SELECT auction, COUNT(*) AS n ${TUMBLE} EMIT CHANGES`);
    expect(f).toMatchObject({
      code: 'INVALID_OPTION',
      at: '2:9',
      message: "'emit.interval' = 'often' is not a duration; expected e.g. '1h', '30 min', '10 s' or milliseconds",
    });
  });

  it('reports a bad hinted value at the hint, in the lines and columns of the whole script', () => {
    const f = failure(`${SOURCE};\nSELECT auction, COUNT(*) AS n\n  ${TUMBLE} /*+ OPTIONS('state.ttl'='1h',\n    'emit.interval'='-1s') */ EMIT CHANGES`, createEngine());
    expect(f).toMatchObject({ code: 'INVALID_OPTION', at: '4:5', length: "'emit.interval'='-1s'".length });
    const g = failure(`SELECT /*+ OPTIONS('emit.interval'='soon') */ auction, COUNT(*) AS n ${TUMBLE} EMIT CHANGES`);
    expect(g).toMatchObject({ code: 'INVALID_OPTION', at: '1:20', message: expect.stringContaining("'emit.interval' = 'soon' is not a duration") });
  });

  it('reports a bad state.ttl hint at its place too', () => {
    expect(failure(`SELECT /*+ OPTIONS('state.ttl'='a while') */ auction, COUNT(*) AS n FROM bids GROUP BY auction`)).toMatchObject({ code: 'INVALID_OPTION', at: '1:20' });
  });

  it('is an error, at the option, on a statement without a windowed EMIT CHANGES', () => {
    const final = failure(`CREATE VIEW v WITH ('emit.interval' = '1s') AS SELECT auction, COUNT(*) AS n ${TUMBLE}`);
    expect(final).toMatchObject({
      code: 'INVALID_OPTION',
      at: '1:21',
      message: "'emit.interval' applies to a windowed GROUP BY with EMIT CHANGES (TUMBLE or HOP), and this statement has none",
      hint: 'add EMIT CHANGES to the windowed query, or drop the option: EMIT FINAL already emits one row per window',
    });
    expect(failure(`SELECT /*+ OPTIONS('emit.interval'='1s') */ auction, COUNT(*) AS n FROM bids GROUP BY auction`)).toMatchObject({ code: 'INVALID_OPTION', at: '1:20' });
  });

  it('names both options when a view is given an unknown one', () => {
    expect(failure(`CREATE VIEW v WITH ('emit.delay' = '1s') AS SELECT auction FROM bids`)).toMatchObject({
      code: 'INVALID_OPTION',
      at: '1:21',
      message: "unknown view option 'emit.delay'; a view takes 'state.ttl' or 'emit.interval'",
    });
  });

  it("shows the interval in EXPLAIN, in the view's WITH or a hint, and '0' plans as no option", () => {
    const q = `SELECT auction, COUNT(*) AS n ${TUMBLE} EMIT CHANGES`;
    expect(explain(`CREATE VIEW v WITH ('emit.interval' = '1.5 s') AS ${q}`)).toContain('emit=changes every 1500 ms of event time');
    expect(explain(q.replace('SELECT', "SELECT /*+ OPTIONS('emit.interval'='2 min') */"))).toContain('emit=changes every 2 min of event time');
    expect(explain(`CREATE VIEW v WITH ('emit.interval' = '0') AS ${q}`)).toBe(explain(`CREATE VIEW v AS ${q}`));
    // The view's WITH wins over a hint.
    expect(explain(`CREATE VIEW v WITH ('emit.interval' = '3s') AS ${q.replace('SELECT', "SELECT /*+ OPTIONS('emit.interval'='2s') */")}`)).toContain('every 3 s');
  });
});
