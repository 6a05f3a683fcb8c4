/**
 * Plain (piped) mode over the real engine: the REPL's statement splitting, error positions and streaming
 * output against what the parser, planner and executor actually return.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EmbeddedBackend } from '../../repl/backend.js';
import { runPlain } from '../../repl/plain.js';
import { createEngine } from '../../src/index.js';

async function pipe(text: string): Promise<{ out: string; code: number }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString()));
  input.end(text);
  const code = await runPlain(new EmbeddedBackend(createEngine()), input, output, 120);
  return { out, code };
}

const SOURCE = `CREATE SOURCE bids (auction BIGINT, price DOUBLE, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (connector = 'websocket');`;

describe('piped input with the real engine', () => {
  it('prints windows as the watermark passes them and the rest at end of input', async () => {
    const { out, code } = await pipe(`${SOURCE}
SELECT auction, window_start, COUNT(*) AS bids FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end;
INSERT INTO bids VALUES (1, 10, TIMESTAMP '2020-10-10 00:00:01'), (1, 11, TIMESTAMP '2020-10-10 00:00:02');
INSERT INTO bids VALUES (2, 5, TIMESTAMP '2020-10-10 00:00:12');
`);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines).toContain('          1 | 2020-10-10T00:00:00.000Z |          2 ');
    // The second window only fires when end of input flushes the watermark to +∞.
    expect(lines.indexOf('          2 | 2020-10-10T00:00:10.000Z |          1 ')).toBeGreaterThan(lines.indexOf('inserted 1 row into bids'));
    expect(out).toMatch(/\(2 rows\)\n$/);
  });

  it('prints the row of a query without FROM and the rows of VALUES, with DATE and TIME columns', async () => {
    const { out, code } = await pipe(`SELECT 1 + 2 AS three, DATE '2024-01-02' AS d, TIME '12:34:56' AS t;
SELECT n, TIMESTAMPADD(DAY, n, DATE '2024-01-31') AS later FROM (VALUES (1), (30)) AS v (n);
`);
    expect(code).toBe(0);
    expect(out).toContain(' three    | d          | t            \n');
    expect(out).toContain('        3 | 2024-01-02 | 12:34:56     \n');
    expect(out).toMatch(/1 \| 2024-02-01/);
    expect(out).toMatch(/30 \| 2024-03-01/);
  });

  it('points at the column the engine complains about, in a later statement of a multi-line input', async () => {
    const { out, code } = await pipe(`${SOURCE}\nSHOW SOURCES; SELECT auction,\n  prce FROM bids;\n`);
    expect(code).toBe(1);
    expect(out).toContain("error[UNKNOWN_COLUMN] at 4:3: column 'prce' not found in 'bids'");
    expect(out).toContain('  4 |   prce FROM bids;\n    |   ^^^^\n');
  });
});

describe('\\startup', () => {
  it('makes later queries read their sources from now on, or from the earliest retained event again', async () => {
    const { out, code } = await pipe(`${SOURCE}
INSERT INTO bids VALUES (7, 10, TIMESTAMP '2020-10-10 00:00:01');
\\startup latest
SELECT auction FROM bids;
\\startup earliest
SELECT price FROM bids;
`);
    expect(code).toBe(0);
    expect(out).toContain("(scan.startup.mode = 'latest'");
    expect(out).toMatch(/auction\s*\n[-+]+\n\(0 rows/); // nothing from before the query
    expect(out).toMatch(/price\s*\n[-+]+\n\s+10 \n\(1 row\)/);
  });
});

describe('statement messages', () => {
  it('says IF NOT EXISTS kept an existing view and IF EXISTS dropped nothing', async () => {
    const { out } = await pipe(`${SOURCE}
CREATE VIEW z AS SELECT auction FROM bids;
CREATE VIEW IF NOT EXISTS z AS SELECT price FROM bids;
CREATE VIEW IF NOT EXISTS bids AS SELECT price FROM bids;
DROP VIEW IF EXISTS nosuch;
DROP VIEW z;
`);
    expect(out).toContain('created view z\n');
    expect(out).toContain('view z already exists; kept it unchanged (IF NOT EXISTS)\n');
    expect(out).toContain('bids is already a source; kept it, no view created (IF NOT EXISTS)\n');
    expect(out).toContain('no view named nosuch; nothing dropped (IF EXISTS)\n');
    expect(out).toContain('dropped view z\n');
    expect(out).not.toContain('dropped view nosuch');
  });

  it('counts one row as (1 row)', async () => {
    const { out } = await pipe(`${SOURCE}
SELECT auction, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end;
INSERT INTO bids VALUES (1, 10, TIMESTAMP '2020-10-10 00:00:01');
`);
    expect(out).toMatch(/\(1 row\)\n$/);
  });
});

describe('end of piped input with a state file', () => {
  it("fires every view's open windows even with no SELECT running, into the durable log", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tq-plain-'));
    const statePath = join(dir, 'state.db');
    try {
      const input = new PassThrough();
      const output = new PassThrough();
      output.resume();
      input.end(`${SOURCE}
CREATE VIEW per_auction AS SELECT auction, window_start, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end;
INSERT INTO bids VALUES (1, 10, TIMESTAMP '2020-10-10 00:00:01'), (1, 11, TIMESTAMP '2020-10-10 00:00:02');
`);
      expect(await runPlain(new EmbeddedBackend(createEngine({ statePath })), input, output, 120)).toBe(0);
      const reopened = createEngine({ statePath });
      try {
        expect(reopened.readLog('per_auction', 1, 10).map((r) => r.row)).toEqual([{ auction: 1, window_start: '2020-10-10T00:00:00.000Z', n: 2 }]);
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
