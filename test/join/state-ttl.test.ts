/**
 * state.ttl on regular joins: on the engine's (injected) clock, a key's rows on one side are forgotten
 * once that side's bucket has not been written for the TTL; lookups never see an expired bucket, and
 * expiry emits nothing (Flink's table.exec.state.ttl). Also: a restore keeps the rows' times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/executor/api.js';
import { TumbleEngine } from '../../src/executor/engine.js';
import { createEngine } from '../../src/index.js';
import { collect } from '../executor/helpers.js';
import { ManualClock } from '../helpers/manual-clock.js';

const SOURCES = `
  CREATE SOURCE persons (id INT, name VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
  CREATE SOURCE auctions (id INT, seller INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);`;

const tmp = mkdtempSync(join(tmpdir(), 'tumbleql-ttl-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('state.ttl on regular joins', () => {
  it('forgets a key not written within the TTL (view WITH), and nothing is retracted', () => {
    const clock = new ManualClock(1_000_000);
    const engine = createEngine({ clock });
    engine.execute(SOURCES);
    engine.execute(`CREATE VIEW j WITH ('state.ttl' = '10 s') AS SELECT a.id, p.name FROM auctions a JOIN persons p ON a.seller = p.id`);
    const out = collect(engine, 'j');
    engine.push('persons', [{ id: 1, name: 'ann', ts: 1 }, { id: 2, name: 'bob', ts: 1 }]);
    clock.advance(9_999);
    engine.push('auctions', [{ id: 10, seller: 2, ts: 2 }]); // bob's bucket is 9.999 s old: joins
    expect(out.splice(0)).toEqual(['+I {"id":10,"name":"bob"}']);
    clock.advance(1);
    // ann's bucket was written 10 s ago: gone; bob's was written by the match (its count) 1 ms ago
    engine.push('auctions', [{ id: 11, seller: 1, ts: 3 }, { id: 12, seller: 2, ts: 3 }]);
    expect(out.splice(0)).toEqual(['+I {"id":12,"name":"bob"}']);
    // auction 11 is kept (its bucket is new) and meets a new ann; nothing was retracted on the way
    engine.push('persons', [{ id: 1, name: 'ann2', ts: 4 }]);
    expect(out.splice(0)).toEqual(['+I {"id":11,"name":"ann2"}']);
    void engine.close();
  });

  it('a match refreshes the bucket it writes (its match count), as a write does in Flink', () => {
    const clock = new ManualClock(0);
    const engine = createEngine({ clock });
    engine.execute(SOURCES);
    engine.execute(`CREATE VIEW j AS SELECT /*+ OPTIONS('state.ttl'='10s') */ a.id, p.name FROM auctions a LEFT JOIN persons p ON a.seller = p.id`);
    const out = collect(engine, 'j');
    engine.push('persons', [{ id: 1, name: 'ann', ts: 1 }]);
    for (let i = 0; i < 3; i++) {
      clock.advance(8_000);
      engine.push('auctions', [{ id: 10 + i, seller: 1, ts: 2 }]);
    }
    // 24 s after ann arrived, but each auction wrote her bucket within 10 s
    expect(out.splice(0)).toEqual(['+I {"id":10,"name":"ann"}', '+I {"id":11,"name":"ann"}', '+I {"id":12,"name":"ann"}']);
    clock.advance(10_000);
    engine.push('auctions', [{ id: 20, seller: 1, ts: 3 }]);
    expect(out.splice(0)).toEqual(['+I {"id":20,"name":null}']);
    void engine.close();
  });

  it('bounds the state of semi/anti joins too: an expired right key no longer hides an anti row', () => {
    const clock = new ManualClock(0);
    const engine = createEngine({ clock });
    engine.execute(SOURCES);
    engine.execute(`CREATE VIEW idle WITH ('state.ttl' = '1 min') AS SELECT id FROM persons WHERE id NOT IN (SELECT seller FROM auctions WHERE seller IS NOT NULL)`);
    const out = collect(engine, 'idle');
    engine.push('auctions', [{ id: 10, seller: 1, ts: 1 }]);
    engine.push('persons', [{ id: 1, name: 'ann', ts: 1 }, { id: 2, name: 'bob', ts: 1 }]);
    expect(out.splice(0)).toEqual(['+I {"id":2}']);
    clock.advance(60_000);
    engine.push('persons', [{ id: 1, name: 'ann', ts: 2 }]);
    expect(out.splice(0)).toEqual(['+I {"id":1}']);
    void engine.close();
  });

  it('keeps the rows’ times across a restore', () => {
    const clock = new ManualClock(0);
    const statePath = join(tmp, 'ttl.db');
    const open = () => createEngine({ clock, statePath, checkpointIntervalMs: 0 });
    let engine = open();
    engine.execute(SOURCES);
    engine.execute(`CREATE VIEW j WITH ('state.ttl' = '10 s') AS SELECT a.id, p.name FROM auctions a JOIN persons p ON a.seller = p.id`);
    engine.push('persons', [{ id: 1, name: 'ann', ts: 1 }, { id: 2, name: 'bob', ts: 1 }]);
    clock.advance(5_000);
    engine.push('persons', [{ id: 2, name: 'bob2', ts: 2 }]);
    engine.checkpoint?.();
    (engine as TumbleEngine).crash();
    engine = open();
    const out = collect(engine, 'j');
    clock.advance(6_000);
    engine.push('auctions', [{ id: 10, seller: 1, ts: 3 }, { id: 11, seller: 2, ts: 3 }]);
    expect(out.splice(0)).toEqual(['+I {"id":11,"name":"bob"}', '+I {"id":11,"name":"bob2"}']);
    void engine.close();
  });
});

describe('state.ttl on INTERSECT ALL / EXCEPT ALL', () => {
  it('forgets a row whose counts were not written within the TTL, silently; EXPLAIN says so', () => {
    const clock = new ManualClock(0);
    const engine = createEngine({ clock });
    engine.execute(SOURCES);
    engine.execute(`CREATE VIEW m WITH ('state.ttl' = '10 s') AS SELECT seller AS k FROM auctions EXCEPT ALL SELECT id AS k FROM persons`);
    const out = collect(engine, 'm');
    engine.push('auctions', [{ id: 10, seller: 1, ts: 1 }, { id: 11, seller: 2, ts: 1 }]);
    expect(out.splice(0)).toEqual(['+I {"k":1}', '+I {"k":2}']);
    clock.advance(5_000);
    engine.push('auctions', [{ id: 12, seller: 2, ts: 2 }]); // writes k = 2
    expect(out.splice(0)).toEqual(['+I {"k":2}']);
    clock.advance(5_000);
    // k = 1 was written 10 s ago: forgotten, so persons' 1 counts from zero and takes nothing away
    engine.push('persons', [{ id: 1, name: 'ann', ts: 3 }, { id: 2, name: 'bob', ts: 3 }]);
    expect(out.splice(0)).toEqual(['-D {"k":2}']);
    const plan = engine.execute(`EXPLAIN SELECT /*+ OPTIONS('state.ttl'='10s') */ seller FROM auctions INTERSECT ALL SELECT id FROM persons`);
    expect(JSON.stringify(plan)).toContain('Multiset INTERSECT ALL, state.ttl 10 s');
    expect(JSON.stringify(plan)).toContain('bounded by state.ttl');
    void engine.close();
  });
});
