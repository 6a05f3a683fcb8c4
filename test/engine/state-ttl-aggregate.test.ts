/**
 * state.ttl on non-windowed GROUP BY and on the normalization of changelog tables (Flink's
 * table.exec.state.ttl applies to both): on the engine's (injected) clock, a group or key not written for
 * the TTL is forgotten silently; a later row of it starts over (+I), a retraction of it is skipped. A
 * restore keeps the write times. EXPLAIN says the state is bounded.
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
  CREATE SOURCE bids (bidder INT, price INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
  CREATE TABLE users (id INT, name VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (id) NOT ENFORCED);`;

const tmp = mkdtempSync(join(tmpdir(), 'tumbleql-ttl-agg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function explain(engine: Engine, sql: string): string {
  const r = engine.execute(`EXPLAIN ${sql}`)[0] as { text: string };
  return r.text;
}

describe('state.ttl on GROUP BY', () => {
  it('forgets a group not written within the TTL: its next row starts a new group (+I), nothing is retracted', () => {
    const clock = new ManualClock(1_000_000);
    const engine = createEngine({ clock });
    engine.execute(SOURCES);
    engine.execute(`CREATE VIEW spend WITH ('state.ttl' = '10 s') AS SELECT bidder, COUNT(*) AS n, SUM(price) AS total FROM bids GROUP BY bidder`);
    const out = collect(engine, 'spend');
    engine.push('bids', [{ bidder: 1, price: 5, ts: 1 }, { bidder: 2, price: 7, ts: 1 }]);
    expect(out.splice(0)).toEqual(['+I {"bidder":1,"n":1,"total":5}', '+I {"bidder":2,"n":1,"total":7}']);
    clock.advance(9_999);
    engine.push('bids', [{ bidder: 2, price: 1, ts: 2 }]); // bidder 2 written 9.999 s ago: still there
    expect(out.splice(0)).toEqual(['-U {"bidder":2,"n":1,"total":7}', '+U {"bidder":2,"n":2,"total":8}']);
    clock.advance(1);
    // bidder 1's group was written 10 s ago: forgotten; bidder 2's 1 ms ago
    engine.push('bids', [{ bidder: 1, price: 3, ts: 3 }, { bidder: 2, price: 2, ts: 3 }]);
    expect(out.splice(0)).toEqual(['+I {"bidder":1,"n":1,"total":3}', '-U {"bidder":2,"n":2,"total":8}', '+U {"bidder":2,"n":3,"total":10}']);
    void engine.close();
  });

  it('skips a retraction for a forgotten group, and the hint form works on a GROUP BY over a changelog', () => {
    const clock = new ManualClock(0);
    const engine = createEngine({ clock });
    engine.execute(SOURCES);
    engine.execute(`CREATE VIEW per_name AS SELECT /*+ OPTIONS('state.ttl'='1 min') */ name, COUNT(*) AS n FROM users GROUP BY name`);
    const out = collect(engine, 'per_name');
    engine.push('users', [{ id: 1, name: 'ann', ts: 1 }]);
    expect(out.splice(0)).toEqual(['+I {"name":"ann","n":1}']);
    clock.advance(40_000);
    engine.push('users', [{ id: 1, name: 'ann', ts: 1 }]); // the same row: refreshes user 1 only
    expect(out.splice(0)).toEqual([]);
    clock.advance(30_000);
    // user 1 (written 30 s ago) is renamed: -U ann / +U cy upstream; the group 'ann' was written 70 s ago
    // and is forgotten, so its retraction is skipped (the 'ann' row downstream stays, as in Flink)
    engine.push('users', [{ id: 1, name: 'cy', ts: 3 }]);
    expect(out.splice(0)).toEqual(['+I {"name":"cy","n":1}']);
    void engine.close();
  });

  it('says in EXPLAIN that the groups and a changelog table’s rows are bounded by state.ttl', () => {
    const engine = createEngine({ clock: new ManualClock(0) });
    engine.execute(SOURCES);
    const text = explain(engine, `SELECT /*+ OPTIONS('state.ttl'='90 s') */ name, COUNT(*) AS n FROM users GROUP BY name`);
    expect(text).toContain("GroupAggregate keys=[name] aggs=[COUNT(*)], state.ttl 90 s    [emits: changelog, key (name); state: bounded by state.ttl (a group is forgotten 90 s of processing time after its last change)]");
    expect(text).toContain("ChangelogNormalize key=[id], state.ttl 90 s (upserts and deletes by key → +I/-U/+U/-D)    [emits: changelog, key (id); state: bounded by state.ttl (a key's row is forgotten 90 s of processing time after its last change)");
    void engine.close();
  });
});

describe('state.ttl on a changelog table', () => {
  it('forgets a key not written within the TTL: its next upsert is a +I, its delete is skipped', () => {
    const clock = new ManualClock(0);
    const engine = createEngine({ clock });
    engine.execute(SOURCES);
    engine.execute(`CREATE VIEW u WITH ('state.ttl' = '10 s') AS SELECT id, name FROM users`);
    const out = collect(engine, 'u');
    engine.push('users', [{ id: 1, name: 'ann', ts: 1 }, { id: 2, name: 'bob', ts: 1 }]);
    expect(out.splice(0)).toEqual(['+I {"id":1,"name":"ann"}', '+I {"id":2,"name":"bob"}']);
    clock.advance(5_000);
    engine.push('users', [{ id: 2, name: 'bob', ts: 1 }]); // the same row again is a write: refreshes key 2
    expect(out.splice(0)).toEqual([]);
    clock.advance(5_000);
    engine.push('users', [{ id: 1, name: 'ann2', ts: 3 }, { op: '-D', id: 2, name: 'bob', ts: 1 }]);
    // key 1 (written 10 s ago) is forgotten: ann2 is a new +I, ann is not retracted; key 2 was refreshed
    expect(out.splice(0)).toEqual(['+I {"id":1,"name":"ann2"}', '-D {"id":2,"name":"bob"}']);
    clock.advance(10_000);
    engine.push('users', [{ op: '-D', id: 1, name: 'ann2', ts: 4 }]); // key 1 forgotten: nothing to retract
    expect(out.splice(0)).toEqual([]);
    void engine.close();
  });

  it('keeps the write times across a restore', () => {
    const clock = new ManualClock(0);
    const statePath = join(tmp, 'ttl-agg.db');
    const open = () => createEngine({ clock, statePath, checkpointIntervalMs: 0 });
    let engine = open();
    engine.execute(SOURCES);
    engine.execute(`CREATE VIEW spend WITH ('state.ttl' = '10 s') AS SELECT bidder, COUNT(*) AS n FROM bids GROUP BY bidder`);
    engine.push('bids', [{ bidder: 1, price: 5, ts: 1 }, { bidder: 2, price: 7, ts: 1 }]);
    clock.advance(5_000);
    engine.push('bids', [{ bidder: 2, price: 1, ts: 2 }]);
    engine.checkpoint?.();
    (engine as TumbleEngine).crash();
    engine = open();
    const out = collect(engine, 'spend');
    out.splice(0); // a subscriber from the retained log sees the rows before the crash
    clock.advance(6_000); // bidder 1: 11 s since its write (forgotten); bidder 2: 6 s
    engine.push('bids', [{ bidder: 1, price: 1, ts: 3 }, { bidder: 2, price: 1, ts: 3 }]);
    expect(out.splice(0)).toEqual(['+I {"bidder":1,"n":1}', '-U {"bidder":2,"n":2}', '+U {"bidder":2,"n":3}']);
    void engine.close();
  });
});
