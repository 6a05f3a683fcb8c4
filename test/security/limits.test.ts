/**
 * Attacks 2 and 3: statements that crashed or hung the server (datagen at 1e9 rows/s, HOP with a 1 ms
 * slide over a day, a 1 MB SQL text, a 2,000-term expression) are refused when they are created, with SQL
 * error codes and a place; a poisoned object already in a state file is skipped at restore instead of
 * crashing every start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, SqlError } from '../../src/index.js';
import { StateStore } from '../../src/executor/state/index.js';
import { DEFAULT_LIMITS, treeDepth, treeShape } from '../../src/security/index.js';
import { auth, startSecure, type Sec } from './harness.js';

const HOP = (slide: string, size: string) =>
  `CREATE VIEW h AS SELECT window_start, COUNT(*) AS n FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), ${slide}, ${size})) GROUP BY window_start, window_end`;

let sec: Sec;
beforeAll(async () => {
  sec = await startSecure();
});
afterAll(async () => {
  await sec.stop();
});

function sqlError(fn: () => unknown): SqlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('expected a SqlError');
}

describe('limits checked at CREATE', () => {
  it('refuses HOP with 86.4 million windows per row over the websocket, located, and keeps serving', async () => {
    const c = await sec.as('admin-secret');
    const r = await c.request({ type: 'execute', sql: `\n  ${HOP("INTERVAL '1' MILLISECOND", "INTERVAL '1' DAY")}` });
    // One check, the configurable resource limit, whatever spelling made the window.
    expect(r).toMatchObject({ type: 'error', code: 'LIMIT_EXCEEDED', line: 2 });
    expect(r['message']).toContain('86400000 windows');
    expect(sec.engine.views().map((v) => v.name)).not.toContain('h');
    expect((await fetch(`${sec.server.httpUrl}/health`, { headers: auth('admin-secret') })).status).toBe(200);
  });

  it('takes HOP up to the limit, and the limit is configurable', () => {
    const e = createEngine({ security: { limits: { windowsPerRow: 100 } } });
    e.execute(`CREATE SOURCE bids (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket')`);
    e.execute(HOP("INTERVAL '1' SECOND", "INTERVAL '100' SECOND"));
    expect(sqlError(() => e.execute(HOP("INTERVAL '1' SECOND", "INTERVAL '101' SECOND").replace('VIEW h', 'VIEW h2'))).code).toBe('LIMIT_EXCEEDED');
    expect(DEFAULT_LIMITS.windowsPerRow).toBe(10_000);
  });

  it.each([
    // The connector registry's own range check may refuse a rate before the resource limit does.
    ["connector = 'datagen', rows_per_second = '1e9'", ['LIMIT_EXCEEDED', 'INVALID_OPTION']],
    ["connector = 'datagen', rows_per_second = 'fast'", ['INVALID_OPTION']],
    ["connector = 'nexmark', rows_per_second = '5e6'", ['LIMIT_EXCEEDED', 'INVALID_OPTION']],
  ])('refuses a generator with %s', async (opts, codes) => {
    const c = await sec.as('admin-secret');
    const r = await c.request({ type: 'execute', sql: `CREATE SOURCE g (x BIGINT) WITH (${opts})` });
    expect(r).toMatchObject({ type: 'error' });
    expect(codes).toContain((r as { code?: string }).code);
  });
});

describe('SQL size and nesting', () => {
  it('answers a 1 MB SQL text with SQL_TOO_LARGE at once, and /health meanwhile', async () => {
    const c = await sec.as('admin-secret');
    const sql = `SELECT auction FROM bids WHERE ${Array.from({ length: 60_000 }, (_, i) => `price <> ${i}`).join(' AND ')}`.slice(0, 1_000_000);
    const reply = c.request({ type: 'query', sql });
    const health = await fetch(`${sec.server.httpUrl}/health`, { headers: auth('admin-secret') });
    expect(health.status).toBe(200);
    const r = await reply;
    expect(r).toMatchObject({ type: 'error', code: 'SQL_TOO_LARGE' });
    expect(r['message']).toContain('16 KiB');
  });

  it('answers a 2,000-term expression with a SQL error code, never INTERNAL', async () => {
    const c = await sec.as('admin-secret');
    // Parsed on the worker thread (over 2 KiB): generous timeouts, the machine running the suite may be loaded.
    const nested = await c.request({ type: 'query', sql: `SELECT ${Array.from({ length: 2000 }, () => '(1').join('+')}${')'.repeat(2000)} AS x FROM bids` }, 30_000);
    expect(nested['code']).toMatch(/^SQL_(SYNTAX|TOO_DEEP|TOO_LARGE)$/);
    const chain = await c.request({ type: 'query', sql: `SELECT auction FROM bids WHERE ${Array.from({ length: 1500 }, () => '1=1').join(' AND ')}` }, 30_000);
    expect(chain).toMatchObject({ type: 'error', code: 'SQL_TOO_DEEP' });
  }, 90_000);

  it('runs a 400-term AND chain (under the depth limit)', async () => {
    const c = await sec.as('admin-secret');
    const r = await c.request({ type: 'query', sql: `SELECT auction FROM bids WHERE ${Array.from({ length: 400 }, (_, i) => `price <> ${i}.5`).join(' AND ')}` }, 30_000);
    expect(r).toMatchObject({ type: 'subscribed' });
  }, 60_000);

  it('measures depth without recursion, stopping past the cap', () => {
    let deep: unknown = { kind: 'leaf' };
    for (let i = 0; i < 100_000; i++) deep = { kind: 'not', arg: deep };
    expect(treeDepth(deep, 50)).toBe(51);
    expect(treeDepth({ kind: 'a', xs: [{ kind: 'b' }, { kind: 'b', y: { kind: 'c' } }] }, 10)).toBe(3);
  });
});

/** A chain of `n` CTEs, each reading the one before: n + 1 query blocks. */
const ctes = (n: number): string =>
  `SELECT * FROM (WITH ${Array.from({ length: n }, (_, i) => `c${i} AS (SELECT auction, price FROM ${i === 0 ? 'bids' : `c${i - 1}`} WHERE price > ${i})`).join(', ')} SELECT * FROM c${n - 1}) AS t`;

describe('binding and planning cost (limits.sql_nodes, limits.sql_queries)', () => {
  it('refuses more query blocks than limits.sql_queries over the network, located; the same SQL runs locally', async () => {
    const c = await sec.as('admin-secret');
    const r = await c.request({ type: 'query', sql: ctes(DEFAULT_LIMITS.sqlQueries + 5) }, 30_000);
    expect(r).toMatchObject({ type: 'error', code: 'SQL_TOO_COMPLEX', line: 1, column: 1 });
    expect(r['message']).toContain(`${DEFAULT_LIMITS.sqlQueries} query blocks`);
    expect(await c.request({ type: 'query', sql: ctes(DEFAULT_LIMITS.sqlQueries - 2) }, 30_000)).toMatchObject({ type: 'subscribed' });
    // The operator's own SQL (config files, the REPL) is not limited in size, only in depth.
    const local = createEngine();
    local.execute("CREATE SOURCE bids (auction BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket')");
    expect(local.execute(`CREATE VIEW many AS ${ctes(DEFAULT_LIMITS.sqlQueries + 5)}`)).toEqual([{ kind: 'created_view', name: 'many' }]);
    await local.close();
  }, 90_000);

  it('refuses more syntax-tree nodes than limits.sql_nodes over the network', async () => {
    const c = await sec.as('admin-secret');
    // One node per listed value: `price IN (1,1,...)` reaches the node limit well inside the size limit.
    const list = (n: number): string => `SELECT auction FROM bids WHERE price IN (${Array(n).fill('1').join(',')})`;
    const r = await c.request({ type: 'query', sql: list(DEFAULT_LIMITS.sqlNodes + 10) }, 30_000);
    expect(r).toMatchObject({ type: 'error', code: 'SQL_TOO_COMPLEX' });
    expect(r['message']).toContain(`more than ${DEFAULT_LIMITS.sqlNodes} expressions`);
    expect(await c.request({ type: 'query', sql: list(DEFAULT_LIMITS.sqlNodes - 20) }, 30_000)).toMatchObject({ type: 'subscribed' });
  }, 90_000);

  it('counts nodes and query blocks in one walk that stops past a cap', () => {
    const tree = { kind: 'select', from: [{ kind: 'subquery', query: { kind: 'select', items: [{ kind: 'column' }] } }] };
    expect(treeShape(tree, 10, 100, 100)).toEqual({ depth: 4, nodes: 4, queries: 2 });
    expect(treeShape(tree, 10, 100, 1).queries).toBe(2);
    let wide: unknown[] = [];
    for (let i = 0; i < 100_000; i++) wide.push({ kind: 'literal' });
    expect(treeShape({ kind: 'select', items: wide }, 10, 50, 10).nodes).toBe(51);
    wide = [];
  });
});

describe('a poisoned object in the state file', () => {
  it('is skipped at restore with a message naming state drop, and the rest starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tq-sec-poison-'));
    const path = join(dir, 'state.db');
    const store = StateStore.open(path);
    store.putCatalog({ kind: 'source', name: 'ok', sql: "CREATE SOURCE ok (x BIGINT) WITH (connector = 'websocket')" });
    store.putCatalog({ kind: 'source', name: 'boom', sql: "CREATE SOURCE boom (x BIGINT) WITH (connector = 'datagen', rows_per_second = '1e9')" });
    store.close();
    const writes: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (writes.push(String(s)), true)) as typeof process.stderr.write;
    let e;
    try {
      e = createEngine({ statePath: path });
    } finally {
      process.stderr.write = write;
    }
    expect(e.sources().map((s) => s.name)).toEqual(['ok']);
    expect(writes.join('')).toContain("cannot restore source 'boom'");
    expect(writes.join('')).toContain('tumbleql state drop boom');
    await e.close();
    // Left in the file: a later run with a higher limit (or `state drop`) decides.
    const again = StateStore.open(path);
    expect(again.listCatalog().map((c) => c.name)).toContain('boom');
    again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
