/**
 * Catch-up from the engine's durable output log (a SQLite state file): rows that are checkpointed come
 * from the log, rows emitted since come from the live tail, and a client resumes by seq across an engine
 * restart. Also what happens when a resume seq has aged out of an in-memory log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type EngineOptions } from '../../src/index.js';
import { startServer, type RunningServer } from '../../src/executor/server/index.js';
import { silentLogger } from '../../src/util/log.js';
import { connect, expectContiguous, type Client } from './helpers.js';
import { bidsIn, DDL } from './real-engine.js';

let dir: string;
const running: { engine: Engine; server: RunningServer; clients: Client[] }[] = [];

async function boot(options: EngineOptions, ddl = true) {
  const engine = createEngine(options);
  if (ddl) engine.execute(DDL);
  const server = await startServer(engine, { port: 0, logger: silentLogger, token: '' });
  const r = { engine, server, clients: [] as Client[] };
  running.push(r);
  const open = async () => {
    const c = await connect(server.url);
    r.clients.push(c);
    return c;
  };
  const stop = async () => {
    running.splice(running.indexOf(r), 1);
    for (const c of r.clients) c.ws.terminate();
    await server.close();
    await engine.close(); // checkpoints
  };
  return { engine, server, open, stop };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tumbleql-server-'));
});
afterEach(async () => {
  for (const r of running.splice(0)) {
    for (const c of r.clients) c.ws.terminate();
    await r.server.close();
    await r.engine.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('catch-up from the durable log', () => {
  it('joins checkpointed rows and rows emitted since into one contiguous stream', async () => {
    const { engine, open } = await boot({ statePath: join(dir, 'state.db'), checkpointIntervalMs: 0 });
    for (let w = 0; w < 4; w++) engine.push('bids', bidsIn(w, 3)); // seqs 1..9
    engine.checkpoint();
    for (let w = 4; w < 6; w++) engine.push('bids', bidsIn(w, 3)); // seqs 10..15, not checkpointed
    expect(engine.readLog('counts', 1, 100).length).toBe(9);
    const c = await open();
    await c.request({ type: 'subscribe', view: 'counts', from: 'earliest' });
    engine.push('bids', bidsIn(6, 3)); // 16..18, live
    await c.until(() => c.rows('counts').length === 18, '18 rows');
    expectContiguous(c.rows('counts'), 1, 18);
  });

  it('resumes a client by seq across an engine restart', async () => {
    const statePath = join(dir, 'state.db');
    const first = await boot({ statePath, checkpointIntervalMs: 0 });
    const a = await first.open();
    await a.request({ type: 'subscribe', view: 'counts', from: 'earliest' });
    for (let w = 0; w < 5; w++) first.engine.push('bids', bidsIn(w, 2));
    await a.until(() => a.rows('counts').length === 8, '8 rows');
    await first.stop();

    const second = await boot({ statePath, checkpointIntervalMs: 0 }, false); // catalog restored from the file
    const b = await second.open();
    const latest = await second.open();
    const readLog = second.engine.readLog.bind(second.engine);
    let logReads = 0;
    second.engine.readLog = (...args) => (logReads++, readLog(...args));
    expect(await latest.request({ type: 'subscribe', view: 'counts' })).toMatchObject({ seq: 9 }); // seqs continue after a restart
    expect(logReads).toBe(0); // from the engine's lastSeq, not by probing the log
    await b.request({ type: 'subscribe', view: 'counts', from: 5 }); // rows 5..8 exist only in the durable log now
    second.engine.push('bids', bidsIn(5, 2)); // fires window 4: seqs 9, 10
    await b.until(() => b.rows('counts').length === 6, 'durable rows then new ones');
    expectContiguous(b.rows('counts'), 5, 10);
    expect(b.rows('counts')[0]).toEqual(a.rows('counts')[4]);
    await latest.until(() => latest.rows('counts').length === 2, 'latest gets 9, 10');
    expectContiguous(latest.rows('counts'), 9, 10);
  });
});

describe('durable acks, checkpoints and metrics', () => {
  it('acks with the input-log offset of the batch, which continues across a restart', async () => {
    const statePath = join(dir, 'state.db');
    const first = await boot({ statePath, checkpointIntervalMs: 0 });
    const a = await first.open();
    // The input log holds every batch as received (rejected rows included), one entry per batch: 1, then 2.
    expect(await a.request({ type: 'insert', source: 'bids', rows: [...bidsIn(0), { auction: 'x' }] })).toMatchObject({ count: 2, offset: 1 });
    const posted = await fetch(`${first.server.httpUrl}/sources/bids`, { method: 'POST', body: JSON.stringify(bidsIn(1)[0]) });
    expect(await posted.json()).toEqual({ count: 1, offset: 2, errors: [] });
    await first.stop();

    const second = await boot({ statePath, checkpointIntervalMs: 0 }, false);
    const b = await second.open();
    expect(await b.request({ type: 'insert', source: 'bids', rows: bidsIn(2) })).toMatchObject({ count: 2, offset: 3 });
    expect(second.engine.stats().sources[0]!.eventsIn).toBe(2); // the counter restarts; the offset does not
  });

  it('checkpoints on request and reports the last checkpoint in stats and /metrics', async () => {
    const { engine, server, open } = await boot({ statePath: join(dir, 'state.db'), checkpointIntervalMs: 0 });
    const c = await open();
    await c.request({ type: 'insert', source: 'bids', rows: bidsIn(0, 3) });
    const before = engine.stats().checkpoint!.count; // DDL checkpoints too
    expect(await c.request({ type: 'checkpoint' })).toMatchObject({ type: 'ok' });
    const cp = engine.stats().checkpoint!;
    expect(cp.count).toBe(before + 1);
    expect(cp.bytes).toBeGreaterThan(0);
    expect((await c.request({ type: 'stats' }))['checkpoint']).toEqual(cp);
    expect(engine.readLog('pass', 1, 10)).toHaveLength(3); // really committed

    const text = await (await fetch(`${server.httpUrl}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('tumbleql_checkpoints_total')).toBe(cp.count);
    expect(value('tumbleql_checkpoint_size_bytes')).toBe(cp.bytes);
    expect(value('tumbleql_checkpoint_duration_seconds')).toBeCloseTo(cp.durationMs / 1000, 9);
  });
});

describe('retention', () => {
  it('starts from the oldest retained row when the resume seq has aged out', async () => {
    const { engine, open } = await boot({ retainOutput: 5 });
    for (let w = 0; w < 21; w++) engine.push('bids', bidsIn(w, 1)); // seqs 1..20
    const c = await open();
    await c.request({ type: 'subscribe', view: 'counts', from: 2 });
    engine.push('bids', bidsIn(21, 1));
    await c.until(() => c.rows('counts').at(-1)?.seq === 21, 'up to seq 21');
    const rows = c.rows('counts');
    expect(rows[0]!.seq).toBeGreaterThan(2);
    expectContiguous(rows, rows[0]!.seq, 21);
  });
});
