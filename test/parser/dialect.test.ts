/**
 * Dialect features checked through the real engine: the binder's decisions (errors with their place) and
 * the rows a statement gives. Streaming behaviour over time lives in test/slt/dialect.slt.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, SqlError, type Engine } from '../../src/index.js';

const BIDS = `CREATE SOURCE bids (auction BIGINT, bidder BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)`;

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
