/**
 * `tumbleql state rescale`: two workers over a 12-partition stream read part of it and stop (windows
 * still open in their state, running counts per key), their state files are rescaled to three, three
 * workers continue on the new files, and the sink streams hold exactly the rows of a single-process run:
 * none lost, none twice, every key's count continued from where it was. Top-N, deduplication and OVER
 * state moves by PARTITION BY key (their results continue as one process's), a join's by join key; HOP
 * workers at different windows rescale to a multiple of their count. Also
 * what it refuses: files out of worker order, a file with committed rows not yet published, new files that
 * exist, a job that cannot run on the new worker count; in each case writing nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/index.js';
import { SplitReader, lastSequenceOf, partitionOf, subjectsOf } from '../../src/executor/connectors/nats/index.js';
import { tumbleql } from '../helpers/cli.js';
import { rescaleState } from '../../src/cli/rescale.js';
import { until, useNatsServer } from './server-fixture.js';
import { BASE_TS, closingEvents, events, evTable, expectedRows, jobSql, publishEvents, streamCount, streamRows } from './sql-fixture.js';

const nats = useNatsServer({ tempDir: 'tumbleql-nats-rescale-' });

const eventsIn = (e: Engine) => e.stats().sources.find((s) => s.source === 'ev_bus')?.eventsIn ?? 0;
const files = (names: string[]) => names.map((n) => join(nats.dir, n));

function workers(sql: string, paths: string[]): Engine[] {
  return paths.map((statePath, index) => {
    const e = createEngine({ statePath, checkpointIntervalMs: 20, worker: { index, count: paths.length } });
    e.execute(sql);
    e.start();
    return e;
  });
}

/** A changelog-json stream applied in order: each key's last count (deleted keys left out), by key. */
async function lastRowPerKey(stream: string): Promise<Map<number, number>> {
  const table = evTable([nats.server.url], 12, stream);
  const out = new Map<number, number>();
  for (const subject of subjectsOf(table)) {
    const end = await lastSequenceOf(nats.clients.jsm, stream, subject);
    if (end === 0) continue;
    const reader = await SplitReader.open(nats.clients.js, { stream, subject, startSeq: 1 });
    try {
      while (reader.position < end) {
        for (const m of await reader.nextBatch(1000, 10_000)) {
          const c = JSON.parse(new TextDecoder().decode(m.data)) as { op: string; row: { k: number; n: number } };
          if (c.op === '+I' || c.op === '+U') out.set(c.row.k, c.row.n);
          else if (c.op === '-D') out.delete(c.row.k);
        }
      }
    } finally {
      await reader.close();
    }
  }
  return new Map([...out].sort((a, b) => a[0] - b[0]));
}

function rescale(from: string[], to: string[]) {
  return tumbleql(['state', 'rescale', '--from', from.join(','), '--to', to.join(',')], { timeout: 60_000 });
}

describe('tumbleql state rescale', () => {
  it('moves two workers\' state to three by key group: the sink equals one process, 0 lost, 0 duplicated', async () => {
    const ev = evTable([nats.server.url], 12, 'EVR');
    const evs = events(4000, 120, 11);
    const closing = closingEvents(12, BASE_TS + 10_000_000);
    const expected = expectedRows([...evs, ...closing], BASE_TS + 10_000_000);
    // Two jobs: windows (state per window and key) and a running count per key (state that never expires).
    const sql = `${jobSql(nats.server.url, { stream: 'EVR', sink: 'AGGR' })}
CREATE TABLE cnt_bus (k BIGINT, n BIGINT, s DOUBLE, PRIMARY KEY (k) NOT ENFORCED)
  WITH (connector = 'nats', servers = '${nats.server.url}', stream = 'CNTR', subject = 'cntr', partitions = '12',
        partition_key = 'k', format = 'changelog-json');
INSERT INTO cnt_bus SELECT k, COUNT(*), SUM(v) FROM ev_bus GROUP BY k;`;
    const old = files(['r0.db', 'r1.db']);

    await publishEvents(nats.clients, ev, evs.slice(0, 2000), 1);
    const two = workers(sql, old);
    await until('the first half read', () => two.reduce((a, w) => a + eventsIn(w), 0) >= 2000);
    await Promise.all(two.map((w) => w.close())); // a final checkpoint; the sinks drain
    const before = await streamCount(nats.clients, 'AGGR');
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(expected.length); // windows were open when the workers stopped

    const neu = files(['s0.db', 's1.db', 's2.db']);
    const r = rescale(old, neu);
    expect(r.stderr).toMatch(/s0\.db: worker 0\/3: \d+ keyed state entries; 'ev_bus' partitions 0-3/);
    expect(r.stderr).toMatch(/s2\.db: worker 2\/3: \d+ keyed state entries; 'ev_bus' partitions 8-11/);
    expect(r.status).toBe(0);
    const moved = [...r.stderr.matchAll(/(\d+) keyed state entries/g)].map((m) => Number(m[1]));
    expect(moved.every((k) => k > 0)).toBe(true); // every new worker got open windows

    const three = workers(sql, neu);
    await publishEvents(nats.clients, ev, [...evs.slice(2000), ...closing], 2001);
    await until('every window published', async () => (await streamCount(nats.clients, 'AGGR')) >= expected.length);
    await Promise.all(three.map((w) => w.close()));
    expect(three.reduce((a, w) => a + eventsIn(w), 0)).toBe(evs.length - 2000 + closing.length); // each event read once
    const got = await streamRows(nats.clients, evTable([nats.server.url], 12, 'AGGR'));
    const count = new Map<string, number>();
    for (const k of expected) count.set(k, (count.get(k) ?? 0) + 1);
    for (const k of got) count.set(k, (count.get(k) ?? 0) - 1);
    const lost = [...count.values()].filter((n) => n > 0).reduce((a, b) => a + b, 0);
    const twice = [...count.values()].filter((n) => n < 0).reduce((a, b) => a - b, 0);
    expect({ lost, twice }).toEqual({ lost: 0, twice: 0 });
    expect(got).toEqual(expected);
    // Each key's last count is its count over all events: the counts before the rescale moved with their keys.
    const counts = new Map<number, number>();
    for (const e of [...evs, ...closing]) counts.set(e.k, (counts.get(e.k) ?? 0) + 1);
    expect(await lastRowPerKey('CNTR')).toEqual(new Map([...counts].sort((a, b) => a[0] - b[0])));
  }, 120_000);

  it('refuses files out of worker order, unpublished rows, existing targets and too many workers, writing nothing', async () => {
    const ev = evTable([nats.server.url], 12, 'EVQ');
    const sql = jobSql(nats.server.url, { stream: 'EVQ', sink: 'AGGQ' });
    const old = files(['q0.db', 'q1.db']);
    await publishEvents(nats.clients, ev, events(1000, 40, 4), 1);
    const two = workers(sql, old);
    await until('all read', () => two.reduce((a, w) => a + eventsIn(w), 0) >= 1000);
    await Promise.all(two.map((w) => w.close()));

    const swapped = rescale([old[1]!, old[0]!], files(['x0.db', 'x1.db', 'x2.db']));
    expect(swapped.status).toBe(1);
    expect(swapped.stderr).toMatch(/q1\.db holds partition \d+ of '(ev|agg)_bus', which is worker 1's of 2: give --from in worker order.*nothing was written/);
    expect(existsSync(join(nats.dir, 'x0.db'))).toBe(false);

    expect(() => rescaleState(old, files(Array.from({ length: 13 }, (_, i) => `m${i}.db`)))).toThrow(/'ev_bus' has 12 partitions, fewer than the 13 workers/);
    expect(existsSync(join(nats.dir, 'm0.db'))).toBe(false);

    writeFileSync(join(nats.dir, 'taken.db'), '');
    expect(() => rescaleState(old, [join(nats.dir, 'taken.db'), join(nats.dir, 'y1.db')])).toThrow(/taken\.db exists: the new workers' state files must be new/);

    // What a worker killed -9 between a checkpoint and the publication of its rows leaves: a pending range.
    const sidecar = `${old[0]!}.sinks.json`;
    const saved = JSON.parse(readFileSync(sidecar, 'utf8')) as { jobs: Record<string, { published: number; pending: [number, number][] }> };
    const job = Object.values(saved.jobs)[0]!;
    expect(job.published).toBeGreaterThan(1);
    job.pending = [[job.published, job.published]];
    job.published -= 1;
    writeFileSync(sidecar, JSON.stringify(saved));
    expect(() => rescaleState(old, files(['z0.db', 'z1.db', 'z2.db']))).toThrow(
      /q0\.db: INSERT job 'insert_into_agg_bus' has committed rows through \d+ but published only through \d+; start that worker again/,
    );
    expect(existsSync(join(nats.dir, 'z0.db'))).toBe(false);
  }, 120_000);

  it('refuses HOP windows that have fired up to different windows on different workers, naming both', async () => {
    const ev = evTable([nats.server.url], 12, 'EVH');
    const sql = `${jobSql(nats.server.url, { stream: 'EVH', sink: 'AGGH' }).split('CREATE VIEW')[0]}
CREATE VIEW hop AS SELECT k, window_start, COUNT(*) AS n
  FROM TABLE(HOP(TABLE ev_bus, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '4' SECOND)) GROUP BY k, window_start, window_end;`;
    // Worker 0's partitions reach 20 s of event time, worker 1's only 5 s.
    const evs = events(3000, 60, 17).map((e) => ({ ...e, ts: partitionOf(e.k, 12) < 6 ? e.ts : BASE_TS + (e.ts - BASE_TS) / 4 }));
    await publishEvents(nats.clients, ev, evs, 1);
    const old = files(['h0.db', 'h1.db']);
    const two = workers(sql, old);
    await until('all read', () => two.reduce((a, w) => a + eventsIn(w), 0) >= evs.length);
    await Promise.all(two.map((w) => w.close()));
    expect(() => rescaleState(old, files(['hn0.db', 'hn1.db', 'hn2.db']))).toThrow(
      /operator 'hop\/0:window_aggregate' fires windows in order and has reached different windows \(next_fire \d+ in .*h0\.db, \d+ in .*h1\.db\): the workers are not at a consistent point/,
    );
    expect(existsSync(join(nats.dir, 'hn0.db'))).toBe(false);
  }, 60_000);

  it('rescales HOP workers that fired up to different windows to a multiple of their count: each new worker continues one old worker', async () => {
    const ev = evTable([nats.server.url], 12, 'EVH4');
    const sql = `${jobSql(nats.server.url, { stream: 'EVH4', sink: 'AGGH4' }).split('CREATE TABLE agg_bus')[0]}
CREATE VIEW hop AS SELECT k, window_start, COUNT(*) AS n
  FROM TABLE(HOP(TABLE ev_bus, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '4' SECOND)) GROUP BY k, window_start, window_end;`;
    // Worker 0's partitions (0-5) reach 30 s of event time, worker 1's (6-11) only 7.5 s.
    const lag = (e: { k: number; v: number; ts: number }) => ({ ...e, ts: partitionOf(e.k, 12) < 6 ? e.ts : BASE_TS + Math.floor((e.ts - BASE_TS) / 4) });
    const evs = events(4000, 60, 29).map(lag);
    const closing = closingEvents(12, BASE_TS + 10_000_000);
    const got: string[] = [];
    const collect = (e: Engine, from: 'latest' | 'earliest') =>
      e.subscribe('hop', (rows) => {
        for (const r of rows) if ((r.row['k'] as number) < 1_000_000) got.push(`${r.op} ${r.row['k']} ${r.row['window_start']} ${r.row['n']}`);
      }, { from });
    await publishEvents(nats.clients, ev, evs.slice(0, 3000), 1);
    const old = files(['hq0.db', 'hq1.db']);
    const two = workers(sql, old);
    for (const w of two) collect(w, 'latest');
    await until('the first part read', () => two.reduce((a, w) => a + eventsIn(w), 0) >= 3000);
    await Promise.all(two.map((w) => w.close()));
    expect(() => rescaleState(old, files(['hqt0.db', 'hqt1.db', 'hqt2.db']))).toThrow(/for .*hqt1\.db \(worker 1\/3\), which takes partitions of both.*or rescale to a multiple of the old worker count/);
    const neu = files(['hqn0.db', 'hqn1.db', 'hqn2.db', 'hqn3.db']);
    rescaleState(old, neu);
    const four = workers(sql, neu);
    for (const w of four) collect(w, 'earliest');
    await publishEvents(nats.clients, ev, [...evs.slice(3000), ...closing], 3001);
    // One process: every 4 s window (1 s slide) of every key, counted over all events (none is late:
    // each partition's watermark follows its own events).
    const count = new Map<string, number>();
    for (const e of evs) {
      const pane = e.ts - (e.ts % 1000);
      for (let start = pane - 3000; start <= pane; start += 1000) {
        const key = `${e.k} ${new Date(start).toISOString()}`;
        count.set(key, (count.get(key) ?? 0) + 1);
      }
    }
    const expected = [...count].map(([key, n]) => `+I ${key} ${n}`).sort();
    await until('every window', () => got.length >= expected.length, 60_000).catch(() => {});
    await Promise.all(four.map((w) => w.close()));
    expect(got.sort()).toEqual(expected);
  }, 120_000);

  it('moves Top-N (windowed or not), deduplication and OVER state by PARTITION BY key: the results continue as one process\'s', async () => {
    const ev = evTable([nats.server.url], 12, 'EVT');
    const sql = `${jobSql(nats.server.url, { stream: 'EVT', sink: 'AGGT' }).split('CREATE TABLE agg_bus')[0]}
CREATE VIEW top2 AS SELECT k, v, rn FROM (
  SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) AS rn FROM ev_bus) WHERE rn <= 2;
CREATE VIEW first1 AS SELECT k, v FROM (
  SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts ASC) AS rn FROM ev_bus) WHERE rn = 1;
CREATE VIEW running AS SELECT k, ts, SUM(v) OVER (PARTITION BY k ORDER BY ts RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s
  FROM ev_bus;
CREATE VIEW wtop AS SELECT k, window_start, v FROM (
  SELECT k, v, window_start, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY v DESC) AS rn
  FROM TABLE(TUMBLE(TABLE ev_bus, DESCRIPTOR(ts), INTERVAL '1' SECOND))) WHERE rn = 1;`;
    const evs = events(3000, 60, 23);
    const closing = closingEvents(12, BASE_TS + 10_000_000);
    // Every view's rows from every worker, before and after the rescale, applied (+1 / -1 per row).
    const live = new Map<string, number>();
    // New workers may fire restored rows as they start: their logs are read from the first row.
    const collect = (e: Engine, from: 'latest' | 'earliest') => {
      for (const view of ['top2', 'first1', 'running', 'wtop']) {
        e.subscribe(view, (rows) => {
          for (const r of rows) {
            const row = r.row as { k: number; v?: number; rn?: number; ts?: string; s?: number; window_start?: string };
            if (row.k >= 1_000_000) continue; // a closing event
            const text =
              view === 'running' ? `${view} ${row.k} ${row.ts} ${Math.round(row.s! * 10) / 10}`
              : view === 'wtop' ? `${view} ${row.k} ${row.window_start} ${row.v}`
              : `${view} ${row.k} ${row.v} ${row.rn ?? ''}`;
            live.set(text, (live.get(text) ?? 0) + (r.op === '+I' || r.op === '+U' ? 1 : -1));
            if (live.get(text) === 0) live.delete(text);
          }
        }, { from });
      }
    };
    const old = files(['t0.db', 't1.db']);
    await publishEvents(nats.clients, ev, evs.slice(0, 1500), 1);
    const two = workers(sql, old);
    for (const w of two) collect(w, 'latest');
    await until('the first half read', () => two.reduce((a, w) => a + eventsIn(w), 0) >= 1500);
    await Promise.all(two.map((w) => w.close()));

    const neu = files(['tn0.db', 'tn1.db', 'tn2.db']);
    const lines = rescaleState(old, neu);
    expect(lines.every((l) => Number(/(\d+) keyed/.exec(l)?.[1]) > 0)).toBe(true);
    const three = workers(sql, neu);
    for (const w of three) collect(w, 'earliest');
    await publishEvents(nats.clients, ev, [...evs.slice(1500), ...closing], 1501);

    // One process's results: the best two values, the earliest row, the running sums and the best value
    // of each 1 s window of each key.
    const expected = new Map<string, number>();
    const add = (text: string) => expected.set(text, (expected.get(text) ?? 0) + 1);
    const byKey = new Map<number, typeof evs>();
    for (const e of evs) byKey.set(e.k, [...(byKey.get(e.k) ?? []), e]);
    for (const [k, list] of byKey) {
      [...list].sort((a, b) => b.v - a.v).slice(0, 2).forEach((e, i) => add(`top2 ${k} ${e.v} ${i + 1}`));
      add(`first1 ${k} ${[...list].sort((a, b) => a.ts - b.ts)[0]!.v} `);
      const best = new Map<number, number>();
      for (const e of list) best.set(e.ts - (e.ts % 1000), Math.max(best.get(e.ts - (e.ts % 1000)) ?? -Infinity, e.v));
      for (const [start, v] of best) add(`wtop ${k} ${new Date(start).toISOString()} ${v}`);
      for (const e of list) {
        const s = list.filter((o) => o.ts <= e.ts).reduce((a, o) => a + o.v, 0);
        add(`running ${k} ${new Date(e.ts).toISOString()} ${Math.round(s * 10) / 10}`);
      }
    }
    const sorted = (m: Map<string, number>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    // Waited for, then compared: a difference shows as rows, not as a timeout.
    await until('every result', () => JSON.stringify(sorted(live)) === JSON.stringify(sorted(expected)), 60_000).catch(() => {});
    await Promise.all(three.map((w) => w.close()));
    expect(sorted(live)).toEqual(sorted(expected));
  }, 120_000);

  it('moves a join\'s rows by join key: rows read before the rescale match rows read after it', async () => {
    const table = (name: string, stream: string) => `CREATE TABLE ${name} (k BIGINT, v DOUBLE, ts TIMESTAMP(3))
  WITH (connector = 'nats', servers = '${nats.server.url}', stream = '${stream}', subject = '${stream.toLowerCase()}',
        partitions = '12', partition_key = 'k');`;
    const sql = `${table('a_bus', 'JA')}\n${table('b_bus', 'JB')}
CREATE VIEW j AS SELECT a.k, a.v AS av, b.v AS bv FROM a_bus AS a JOIN b_bus AS b ON a.k = b.k;`;
    const keys = Array.from({ length: 60 }, (_, k) => ({ k, v: k / 2, ts: BASE_TS + k }));
    await publishEvents(nats.clients, evTable([nats.server.url], 12, 'JA'), keys, 1);
    await publishEvents(nats.clients, evTable([nats.server.url], 12, 'JB'), [], 1); // creates the stream the right side reads
    const old = files(['j0.db', 'j1.db']);
    const two = workers(sql, old);
    const aIn = (e: Engine) => e.stats().sources.find((s) => s.source === 'a_bus')?.eventsIn ?? 0;
    await until('the left side read', () => two.reduce((a, w) => a + aIn(w), 0) >= keys.length);
    await Promise.all(two.map((w) => w.close()));
    const lines = rescaleState(old, files(['jn0.db', 'jn1.db', 'jn2.db']));
    expect(lines.map((l) => Number(/(\d+) keyed/.exec(l)?.[1])).reduce((a, b) => a + b, 0)).toBe(keys.length);

    const three = workers(sql, files(['jn0.db', 'jn1.db', 'jn2.db']));
    const joined: string[] = [];
    for (const w of three) w.subscribe('j', (rows) => joined.push(...rows.map((r) => `${r.op} ${r.row['k']} ${r.row['av']} ${r.row['bv']}`)));
    await publishEvents(nats.clients, evTable([nats.server.url], 12, 'JB'), keys.map((e) => ({ ...e, v: e.k * 10 })), 1);
    await until('every key joined', () => joined.length >= keys.length);
    await Promise.all(three.map((w) => w.close()));
    expect(joined.sort()).toEqual(keys.map((e) => `+I ${e.k} ${e.k / 2} ${e.k * 10}`).sort());
  }, 60_000);
});
