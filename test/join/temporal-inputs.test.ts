/**
 * Changelog tables read the same from every input: the HTTP ingest route and the websocket `insert`
 * of a real server, INSERT ... VALUES, and a file; each row may carry its op. And the temporal join
 * against random versioned tables gives what a from-scratch lookup gives (the version valid at each
 * order's time), with the versions it keeps bounded by the watermark.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { startServer } from '../../src/executor/server/index.js';
import { silentLogger } from '../../src/util/log.js';
import { collect } from '../executor/helpers.js';
import { connect } from '../server/helpers.js';
import { TemporalJoinOperator } from '../../src/executor/operators/temporal-join.js';
import type { JoinSpec } from '../../src/executor/operators/join-state.js';
import type { Versions } from '../../src/executor/operators/temporal-versions.js';
import type { KeyedStateTable } from '../../src/executor/state/state-table.js';

const dir = mkdtempSync(join(tmpdir(), 'tumbleql-temporal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RATES = `CREATE TABLE rates (currency VARCHAR, rate DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (currency) NOT ENFORCED)`;
const LAST = `CREATE VIEW last_rates AS SELECT currency, rate FROM rates`;

/** The table each changelog folds to, by currency. */
function fold(log: readonly string[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const l of log) {
    const [op, json] = [l.slice(0, 2), JSON.parse(l.slice(3)) as { currency: string; rate: number }];
    if (op === '+I' || op === '+U') t[json.currency] = json.rate;
    else delete t[json.currency];
  }
  return t;
}

describe('changelog table inputs', () => {
  it('takes upserts and deletes over HTTP and the websocket, each line with its op', async () => {
    const engine = createEngine();
    engine.execute(`${RATES} WITH (connector = 'websocket'); ${LAST};`);
    const log = collect(engine, 'last_rates');
    const server = await startServer(engine, { port: 0, logger: silentLogger, token: '' });
    try {
      const body = ['{"currency":"EUR","rate":1.1,"ts":1000}', '{"currency":"USD","rate":1,"ts":1000}', '{"op":"-D","currency":"USD","ts":2000}', '{"op":"?","currency":"X","ts":1}'].join('\n');
      const res = await fetch(`${server.httpUrl}/sources/rates`, { method: 'POST', body });
      expect(await res.json()).toMatchObject({ count: 3, errors: [{ line: 4, reason: expect.stringContaining('op must be one of') }] });
      const c = await connect(server.url);
      const ack = await c.request({ type: 'insert', source: 'rates', rows: [{ currency: 'EUR', rate: 1.2, ts: 3000 }, { op: '+U', currency: 'GBP', rate: 0.8, ts: 3000 }] });
      expect(ack).toMatchObject({ type: 'ack', count: 2 });
      c.close();
    } finally {
      await server.close();
    }
    expect(log).toEqual([
      '+I {"currency":"EUR","rate":1.1}',
      '+I {"currency":"USD","rate":1}',
      '-D {"currency":"USD","rate":1}',
      '-U {"currency":"EUR","rate":1.1}',
      '+U {"currency":"EUR","rate":1.2}',
      '+I {"currency":"GBP","rate":0.8}',
    ]);
    await engine.close();
  });

  it('takes INSERT ... VALUES as upserts by key', () => {
    const engine = createEngine();
    engine.execute(`${RATES}; ${LAST};`);
    const log = collect(engine, 'last_rates');
    engine.execute(`INSERT INTO rates VALUES ('EUR', 1.1, TIMESTAMP '1970-01-01 00:00:01'), ('EUR', 1.3, TIMESTAMP '1970-01-01 00:00:02')`);
    expect(log).toEqual(['+I {"currency":"EUR","rate":1.1}', '-U {"currency":"EUR","rate":1.1}', '+U {"currency":"EUR","rate":1.3}']);
    void engine.close();
  });

  it('reads a file whose lines carry ops', async () => {
    const path = join(dir, 'rates.jsonl');
    const lines = [
      { currency: 'EUR', rate: 1.1, ts: 1000 },
      { currency: 'USD', rate: 1, ts: 1000 },
      { op: '-U', currency: 'EUR', rate: 1.1, ts: 2000 },
      { op: '+U', currency: 'EUR', rate: 1.4, ts: 2000 },
      { op: '-D', currency: 'USD', ts: 3000 },
    ];
    writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const engine = createEngine();
    engine.execute(`${RATES} WITH (connector = 'file', path = '${path}'); ${LAST};`);
    const log = collect(engine, 'last_rates');
    engine.start();
    await engine.idle();
    expect(fold(log)).toEqual({ EUR: 1.4 });
    expect(log).toContain('-D {"currency":"USD","rate":1}');
    await engine.close();
  });
});

describe('temporal join filters', () => {
  it('applies WHERE on the versioned table after the lookup, never to the versions themselves', () => {
    const engine = createEngine();
    engine.execute(`${RATES}; CREATE SOURCE orders (id INT, currency VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
      CREATE VIEW cheap AS SELECT o.id, r.rate FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency WHERE r.rate < 2;`);
    const out = collect(engine, 'cheap');
    engine.push('rates', [{ currency: 'EUR', rate: 1.1, ts: 1000 }, { currency: 'EUR', rate: 3, ts: 2000 }]);
    engine.push('orders', [{ id: 1, currency: 'EUR', ts: 1500 }, { id: 2, currency: 'EUR', ts: 2500 }]);
    engine.flush();
    // Order 2 meets 3.0 (valid at its time), which WHERE drops; 1.1 is not valid at 00:02.5.
    expect(out).toEqual(['+I {"id":1,"rate":1.1}']);
    void engine.close();
  });
});

/** A small deterministic generator (no Math.random: a failing seed can be re-run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('temporal join against a from-scratch lookup', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`joins every order with the version valid at its time (seed ${seed})`, () => {
      const r = rng(seed);
      const keys = ['a', 'b', 'c'];
      // Each input in strictly ascending event time (WATERMARK FOR ts AS ts makes a tie late), interleaved
      // at random: no order is late.
      const versions: { op: string; currency: string; rate: number; ts: number }[] = [];
      const orders: { id: number; currency: string; ts: number }[] = [];
      let tv = 0;
      let to = 0;
      for (let i = 0; i < 120; i++) {
        tv += 1 + Math.floor(r() * 300);
        versions.push({ op: r() < 0.15 ? '-D' : '+I', currency: keys[Math.floor(r() * 3)]!, rate: Math.floor(r() * 100), ts: tv });
        to += 1 + Math.floor(r() * 300);
        orders.push({ id: i, currency: keys[Math.floor(r() * 3)]!, ts: to });
      }
      const engine = createEngine();
      engine.execute(`${RATES}; CREATE SOURCE orders (id INT, currency VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
        CREATE VIEW j AS SELECT o.id, r.rate FROM orders o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;`);
      const out = collect(engine, 'j');
      let vi = 0;
      let oi = 0;
      // The same arrivals into a bare operator, to watch the versions it keeps.
      const op = bareJoin();
      let tooMany = 0;
      while (vi < versions.length || oi < orders.length) {
        if (oi >= orders.length || (vi < versions.length && r() < 0.5)) {
          const v = versions[vi++]!;
          engine.push('rates', [v]);
          op.onData(1, { rows: [[v.currency, v.rate, v.ts]], ops: [v.op as '+I'], wms: null });
          op.onWatermark(1, v.ts);
        } else {
          const o = orders[oi++]!;
          engine.push('orders', [o]);
          op.onData(0, { rows: [[o.id, o.currency, o.ts]], ops: null, wms: null });
          op.onWatermark(0, o.ts);
        }
        // Kept: the versions after the watermark (min of both inputs) and at most one per key at or before it.
        const wm = Math.min(oi > 0 ? orders[oi - 1]!.ts : -Infinity, vi > 0 ? versions[vi - 1]!.ts : -Infinity);
        const needed = versions.slice(0, vi).filter((v) => v.ts > wm).length + keys.length;
        if (op.keptVersions() > needed) tooMany++;
      }
      engine.flush();
      const expected = orders.map((o) => {
        let rate: number | null = null;
        for (const v of versions) if (v.currency === o.currency && v.ts <= o.ts) rate = v.op === '-D' ? null : v.rate;
        return { id: o.id, rate };
      });
      const got = out.map((l) => JSON.parse(l.slice(3)) as { id: number; rate: number | null });
      expect(out.every((l) => l.startsWith('+I'))).toBe(true);
      expect(got.sort((a, b) => a.id - b.id)).toEqual(expected);
      expect(engine.stats().views.find((v) => v.view === 'j')?.lateRows).toBe(0);
      expect(tooMany).toBe(0);
      void engine.close();
    });
  }
});

/** The join as the planner builds it for the view above, outside an engine, with a view of its state. */
function bareJoin(): TemporalJoinOperator & { keptVersions(): number } {
  const spec: JoinSpec = {
    kind: 'join',
    id: 'root:join',
    type: 'left',
    strategy: { kind: 'temporal', leftTime: 2, rightTime: 2 },
    leftKeys: [(row) => row[1]],
    rightKeys: [(row) => row[0]],
    nullSafe: [false],
    residual: null,
    leftWidth: 3,
    rightWidth: 3,
    changelog: false,
    text: '',
  };
  const op = new TemporalJoinOperator(spec) as TemporalJoinOperator & { keptVersions(): number };
  op.setInputs(2);
  op.open({ late() {} });
  const versions = op.tables.find((t) => t.name === 'versions') as KeyedStateTable<string, Versions>;
  op.keptVersions = () => {
    let n = 0;
    for (const v of versions.space(0)?.values() ?? []) n += v.ts.length;
    return n;
  };
  return op;
}
