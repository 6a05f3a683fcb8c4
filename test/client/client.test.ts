/**
 * The typed client (`tumbleql/client`) against a real engine behind a real server on 127.0.0.1: requests
 * and replies, typed rows, ad-hoc queries, inserts with acks, tokens, and resume by seq across a server
 * restart on a durable state file with rows emitted while the client was away (no gap, no duplicate).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, ConnectionError, ServerError, type Change, type TumbleClient } from '../../src/client/index.js';
import { createEngine, type Engine, type EngineOptions } from '../../src/index.js';
import { startServer, type RunningServer } from '../../src/executor/server/index.js';
import { silentLogger } from '../../src/util/log.js';
import { bidsIn, DDL, T0 } from '../server/real-engine.js';
import { eventually } from './wait.js';

interface Count {
  auction: number;
  window_start: string;
  window_end: string;
  bids: number;
  top: number;
}

let dir: string;
const engines: Engine[] = [];
const servers: RunningServer[] = [];
const clients: TumbleClient[] = [];

async function boot(options: EngineOptions = {}, port = 0, token = ''): Promise<{ engine: Engine; server: RunningServer }> {
  const engine = createEngine(options);
  engines.push(engine);
  if (engine.sources().length === 0) engine.execute(DDL);
  const server = await startServer(engine, { port, logger: silentLogger, token, heartbeatMs: 50 });
  servers.push(server);
  return { engine, server };
}

async function open(url: string, token?: string): Promise<TumbleClient> {
  const c = await connect(url, { reconnect: { initialDelayMs: 20, maxDelayMs: 200 }, ...(token ? { token } : {}) });
  clients.push(c);
  return c;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tumbleql-client-'));
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
  for (const e of engines.splice(0)) await e.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tumbleql/client', () => {
  it('subscribes with typed rows, inserts with acks and reports rejected rows by index', async () => {
    const { server } = await boot();
    const c = await open(server.url);
    const got: Change<Count>[] = [];
    const sub = await c.subscribe<Count>('COUNTS', { from: 'earliest', onRows: (rows) => got.push(...rows) });
    expect(sub.view).toBe('counts');
    const ack = await c.insert('bids', [...bidsIn(0), { auction: 'x', price: 1, ts: T0 }, ...bidsIn(1)]);
    expect(ack.count).toBe(4);
    expect(ack.errors).toHaveLength(1);
    expect(ack.errors[0]!.index).toBe(2);
    await eventually(() => got.length === 2, 'window 0 rows');
    const first = got[0]!;
    expect(first.op).toBe('+I');
    expect(first.row.window_start).toBe('2020-10-10T00:00:00.000Z');
    expect(first.row.bids + got[1]!.row.bids).toBe(2);
    expect(got.map((r) => r.seq)).toEqual([1, 2]);
    const rejected = await c.rejects('bids');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.origin).toBe('ws');
  });

  it('runs an ad-hoc query, returns its columns and stops it on close', async () => {
    const { engine, server } = await boot();
    const c = await open(server.url);
    const got: Change[] = [];
    const q = await c.query('SELECT auction, price * 2 AS doubled FROM bids WHERE price > 10', { onRows: (rows) => got.push(...rows) });
    expect(q.columns.map((col) => col.name)).toEqual(['auction', 'doubled']);
    expect(q.view).toMatch(/^query_/);
    engine.push('bids', bidsIn(1, 3));
    await eventually(() => got.length === 3, 'query rows');
    expect(got.map((r) => r.row)).toEqual([1, 2, 3].map((auction) => ({ auction, doubled: 22 })));
    await q.close();
    expect(engine.views().some((v) => v.name === q.view)).toBe(false);
  });

  it('turns error replies into ServerError with the SQL place, and keeps the connection', async () => {
    const { server } = await boot();
    const c = await open(server.url);
    const err = await c.execute('CREATE VIEW v AS SELECT nope FROM bids').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).code).toBe('UNKNOWN_COLUMN');
    expect((err as ServerError).line).toBe(1);
    expect((err as ServerError).column).toBe(25);
    await expect(c.subscribe('missing')).rejects.toMatchObject({ code: 'UNKNOWN_VIEW' });
    const results = await c.execute('CREATE VIEW big AS SELECT auction FROM bids WHERE price > 100; SHOW VIEWS');
    expect(results[0]).toEqual({ kind: 'created_view', name: 'big' });
    expect((await c.stats()).views.map((v) => v.view)).toContain('big');
  });

  it('refuses a wrong token at connect and accepts the right one', async () => {
    const { server } = await boot({}, 0, 's3cret');
    await expect(connect(server.url, { token: 'wrong', reconnect: false })).rejects.toBeInstanceOf(ConnectionError);
    const c = await open(server.url, 's3cret');
    await c.ping();
  });

  it('resumes by seq across a server restart on a durable state file: no gap, no duplicate', async () => {
    const statePath = join(dir, 'state.db');
    const first = await boot({ statePath, checkpointIntervalMs: 0 });
    const port = first.server.port;
    const c = await open(first.server.url);
    const states: string[] = [];
    c.onState((s) => states.push(s));
    const got: Change<Count>[] = [];
    const gaps: number[][] = [];
    await c.subscribe<Count>('counts', { from: 'earliest', onRows: (rows) => got.push(...rows), onGap: (a, b) => gaps.push([a, b]) });
    for (let w = 0; w < 4; w++) first.engine.push('bids', bidsIn(w, 3)); // windows 0..2 fire: seqs 1..9
    await eventually(() => got.length === 9, 'rows before the restart');

    await first.server.close();
    await first.engine.close();
    servers.splice(0);
    engines.splice(0);
    await eventually(() => states.includes('reconnecting'), 'the client to notice');

    // The engine comes back and emits rows before the client is back: they must come from the log.
    const engine = createEngine({ statePath, checkpointIntervalMs: 0 });
    engines.push(engine);
    for (let w = 4; w < 7; w++) engine.push('bids', bidsIn(w, 3)); // windows 3..5: seqs 10..18
    servers.push(await startServer(engine, { port, logger: silentLogger, token: '', heartbeatMs: 50 }));
    await eventually(() => c.state === 'open', 'the client to reconnect', 10_000);
    engine.push('bids', bidsIn(7, 3)); // window 6, live: seqs 19..21
    await eventually(() => got.length >= 21, 'rows after the restart');

    expect(got.map((r) => r.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(gaps).toEqual([]);
    engine.checkpoint();
    expect(got.map((r) => r.row)).toEqual(engine.readLog('counts', 1, 100).map((r) => r.row));
    expect(new Set(got.map((r) => r.row.window_start)).size).toBe(7);
  });

  it('fails requests in flight when the connection drops and restarts ad-hoc queries after a reconnect', async () => {
    const statePath = join(dir, 'state.db');
    const first = await boot({ statePath, checkpointIntervalMs: 0 });
    const port = first.server.port;
    const c = await open(first.server.url);
    const got: Change[] = [];
    const restarts: string[] = [];
    await c.query('SELECT auction, price FROM bids', { onRows: (rows) => got.push(...rows), onRestart: (view) => { restarts.push(view); got.length = 0; } });
    first.engine.push('bids', bidsIn(0, 2));
    await eventually(() => got.length === 2, 'query rows');
    await first.server.close();
    await first.engine.close();
    servers.splice(0);
    engines.splice(0);
    await expect(c.insert('bids', bidsIn(1))).rejects.toBeInstanceOf(ConnectionError);
    const { engine } = await boot({ statePath, checkpointIntervalMs: 0 }, port);
    await eventually(() => restarts.length === 1, 'the query to restart', 10_000);
    engine.push('bids', bidsIn(5, 2));
    await eventually(() => got.some((r) => r.row['price'] === 15 && r.row['auction'] === 2), 'rows of the restarted query');
    // The restarted query is a new pipeline: its seqs start again at 1 and the program was told to reset.
    expect(got.map((r) => r.seq)).toEqual(got.map((_, i) => i + 1));
    expect(got.slice(-2).map((r) => r.row)).toEqual([{ auction: 1, price: 15 }, { auction: 2, price: 15 }]);
  });

  it('refuses a second subscription to the same view, and over its rate every request is still answered', async () => {
    const { server } = await boot();
    const c = await open(server.url);
    await c.subscribe('counts');
    await expect(c.subscribe('Counts')).rejects.toThrow(/already follows 'counts'/);
    // The server paces a client over its message rate (backpressure) instead of dropping requests.
    servers.push(await startServer(engines[0]!, { port: 0, logger: silentLogger, token: '', rateLimit: { perSecond: 1, burst: 2 } }));
    const limited = await connect(servers[1]!.url, { requestTimeoutMs: 10_000, reconnect: false });
    clients.push(limited);
    const pings = await Promise.allSettled([limited.ping(), limited.ping(), limited.ping(), limited.ping()]);
    expect(pings.filter((p) => p.status === 'fulfilled')).toHaveLength(4);
  });

  it('tells a stream whose view is gone after a reconnect, and keeps the others', async () => {
    const first = await boot();
    const port = first.server.port;
    const c = await open(first.server.url);
    const errors: string[] = [];
    const passRows: Change[] = [];
    await c.subscribe('counts', { onError: (e) => errors.push(e instanceof ServerError ? e.code : e.message) });
    await c.subscribe('pass', { from: 'earliest', onRows: (r) => passRows.push(...r) });
    await first.server.close();
    await first.engine.close();
    servers.splice(0);
    engines.splice(0);
    const engine = createEngine();
    engines.push(engine);
    engine.execute(DDL.replace(/CREATE VIEW counts[\s\S]*?;/, ''));
    servers.push(await startServer(engine, { port, logger: silentLogger, token: '' }));
    await eventually(() => errors.length === 1, 'the error of the dropped view', 10_000);
    expect(errors).toEqual(['UNKNOWN_VIEW']);
    engine.push('bids', bidsIn(0, 2));
    await eventually(() => passRows.length === 2, 'rows of the view that is still there');
  });
});
