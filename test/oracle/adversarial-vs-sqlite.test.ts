/**
 * Oracle tests, the hard cases: out-of-order rows with late data, adversarial group keys (NULL, 'null',
 * '\u0000', separators inside strings) over two key columns, infinite doubles, EMIT CHANGES folded into
 * its final state, and kill-and-restore from a state file at random points. SQLite computes each
 * window's GROUP BY from scratch over the rows that were not late; lateness itself is the documented
 * rule, applied in arrival order (a row is late when the watermark before it — the max timestamp so far
 * minus the 2 s lag — has reached its window's end − 1 ms).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engine, OutputRow } from '../../src/executor/api.js';
import { TumbleEngine } from '../../src/executor/engine.js';

interface In {
  a: string | null;
  b: string | null;
  v: number | null;
  ts: number;
}

const KEYS = [null, 'null', '\u0000', '', 'a', 'a\u001fb', 'b\u001fc', 'c', 'N', 's1:a'];
const SIZE = 1000;
const LAG = 2000;
const BASE = 1_700_000_000_000;

const rowsArb = fc
  .array(
    fc.record({
      a: fc.constantFrom(...KEYS),
      b: fc.constantFrom(...KEYS),
      v: fc.oneof(fc.integer({ min: -50, max: 100 }), fc.constantFrom(Infinity, -Infinity, null, 0.5, -0)),
      step: fc.integer({ min: 0, max: 600 }),
      back: fc.integer({ min: 0, max: 4000 }),
    }),
    { minLength: 1, maxLength: 80 },
  )
  .map((rs) => {
    let t = BASE;
    return rs.map((r): In => ({ a: r.a, b: r.b, v: r.v, ts: (t += r.step) - r.back }));
  });

const tmp = mkdtempSync(join(tmpdir(), 'tumbleql-oracle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let runs = 0;

const DDL = `CREATE SOURCE t (a VARCHAR, b VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '${LAG}' MILLISECOND);
CREATE VIEW fin AS SELECT a, b, window_start, COUNT(*) AS c, COUNT(v) AS cv, MIN(v) AS mn, MAX(v) AS mx
  FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '${SIZE}' MILLISECOND)) GROUP BY a, b, window_start, window_end;
CREATE VIEW chg AS SELECT a, b, window_start, COUNT(*) AS c, COUNT(v) AS cv, MIN(v) AS mn, MAX(v) AS mx
  FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '${SIZE}' MILLISECOND)) GROUP BY a, b, window_start, window_end EMIT CHANGES;`;

/** JSON cannot carry ±Infinity: rows go in with the text forms the DOUBLE decoder accepts. */
const wire = (r: In) => ({ ...r, v: r.v === null || Number.isFinite(r.v) ? r.v : String(r.v) });
const key = (o: Record<string, unknown>) => JSON.stringify([o['a'], o['b'], o['window_start']]);
const show = (o: Record<string, unknown>) => JSON.stringify([o['a'], o['b'], Date.parse(o['window_start'] as string), o['c'], o['cv'], o['mn'], o['mx']]);

function runEngine(rows: In[], batches: number[], restoreAt: Set<number>): { fin: string[]; chg: string[] } {
  const path = join(tmp, `run-${++runs}.db`);
  const open = () => new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
  let engine: Engine = open();
  engine.execute(DDL);
  const got = new Map<string, OutputRow[]>([['fin', []], ['chg', []]]);
  const listen = () => {
    for (const view of ['fin', 'chg']) {
      const seen = got.get(view)!;
      engine.subscribe(view, (rs) => seen.push(...rs), { from: (seen.at(-1)?.seq ?? 0) + 1 });
    }
  };
  listen();
  let i = 0;
  let b = 0;
  while (i < rows.length) {
    const n = batches[b % batches.length]!;
    engine.push('t', rows.slice(i, i + n).map(wire));
    i += n;
    if (restoreAt.has(b++)) {
      engine.checkpoint();
      // Rows computed after the checkpoint are recomputed with the same seqs: keep only committed ones.
      (engine as TumbleEngine).crash();
      engine = open();
      for (const seen of got.values()) seen.length = 0;
      for (const view of ['fin', 'chg']) got.get(view)!.push(...engine.readLog(view, 1, 1_000_000));
      listen();
    }
  }
  engine.flush();
  void engine.close();
  // EMIT CHANGES folded: +I/+U set a window's row, -U/-D remove it; the last state is the final result.
  const folded = new Map<string, string>();
  for (const r of got.get('chg')!) {
    if (r.op === '+I' || r.op === '+U') folded.set(key(r.row), show(r.row));
    else folded.delete(key(r.row));
  }
  return { fin: got.get('fin')!.map((r) => show(r.row)).sort(), chg: [...folded.values()].sort() };
}

function runSqlite(rows: In[]): string[] {
  // Lateness in arrival order, then a from-scratch GROUP BY over the rows that count.
  let wm = -Infinity;
  const counted: In[] = [];
  for (const r of rows) {
    const start = r.ts - (((r.ts % SIZE) + SIZE) % SIZE);
    if (!(wm >= start + SIZE - 1)) counted.push(r);
    wm = Math.max(wm, r.ts - LAG);
  }
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (a TEXT, b TEXT, v REAL, ts INTEGER)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
  for (const r of counted) ins.run(r.a, r.b, r.v, r.ts);
  const out = db
    .prepare(`SELECT a, b, ts - (ts % ${SIZE}) AS ws, COUNT(*), COUNT(v), MIN(v), MAX(v) FROM t GROUP BY a, b, ws`)
    .raw()
    .all() as unknown[][];
  db.close();
  // The engine's JSON output writes ±Infinity as the texts "Infinity" / "-Infinity".
  const json = (x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : typeof x === 'number' && Object.is(x, -0) ? 0 : x);
  return out.map((r) => JSON.stringify(r.map(json))).sort();
}

describe('TUMBLE against SQLite: late data, adversarial keys, infinities, EMIT CHANGES, restores', () => {
  it('gives the rows SQLite computes from the rows that were not late, however it is restored', () => {
    fc.assert(
      fc.property(rowsArb, fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }), fc.uniqueArray(fc.integer({ min: 0, max: 10 }), { maxLength: 3 }), (rows, batches, restores) => {
        const expected = runSqlite(rows);
        const { fin, chg } = runEngine(rows, batches, new Set(restores));
        expect(fin).toEqual(expected);
        expect(chg).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});
