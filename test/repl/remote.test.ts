import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { runPlain } from '../../repl/plain.js';
import { normalizeUrl, RemoteBackend } from '../../repl/remote-backend.js';
import { Session } from '../../repl/session.js';
import type { OutputItem } from '../../repl/output.js';
import { computeStatus } from '../../repl/status.js';
import { startServer, type RunningServer } from '../../src/executor/server/index.js';
import { col, FakeEngine } from './fake-engine.js';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(engine: FakeEngine, token?: string): Promise<RunningServer> {
  server = await startServer(engine, { port: 0, token: token ?? '', heartbeatMs: 50, logLevel: 'error' });
  return server;
}

function fakeWithBids(): FakeEngine {
  const e = new FakeEngine();
  e.addSource('bids', [col('auction', 'BIGINT'), col('price', 'DOUBLE'), { ...col('ts', 'TIMESTAMP(3)'), rowtime: true }]);
  return e;
}

async function until(test: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('--connect: the REPL over the websocket protocol', () => {
  it('adds the /ws endpoint to a bare ws://host:port', () => {
    expect(normalizeUrl('ws://localhost:8080')).toBe('ws://localhost:8080/ws');
    expect(normalizeUrl('localhost:8080')).toBe('ws://localhost:8080/ws');
    expect(normalizeUrl('wss://h/custom')).toBe('wss://h/custom');
  });

  it('runs DDL with execute and prints the results the server returns', async () => {
    const engine = fakeWithBids();
    engine.execute('CREATE VIEW hot AS SELECT 1;');
    const { url } = await serve(engine);
    const backend = await RemoteBackend.connect(url);
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString()));
    input.end('SHOW VIEWS;\nCREATE SOURCE s2 (a BIGINT);\n');
    expect(await runPlain(backend, input, output, 80)).toBe(0);
    expect(out).toContain(' hot  | append ');
    expect(out).toContain('created source s2');
  });

  it('streams a push query\'s rows under the columns the server names, and cancels it', async () => {
    const engine = fakeWithBids();
    const { url } = await serve(engine);
    const items: OutputItem[] = [];
    let ended = '';
    const session = new Session(await RemoteBackend.connect(url), {
      output: (i) => items.push(i),
      liveChanged: () => undefined,
      liveEnded: (_q, reason) => (ended = reason),
      exit: () => undefined,
    });
    await session.submit('SELECT auction, window_start, COUNT(*) AS bids FROM bids;');
    expect(session.live?.columns.map((c) => c.name)).toEqual(['auction', 'window_start', 'bids']);
    engine.emit([{ auction: 1, window_start: '2020-10-10T00:00:00.000Z', bids: 3 }]);
    await until(() => (session.live?.received ?? 0) === 1);
    expect(session.live?.rows).toEqual([[1, '2020-10-10T00:00:00.000Z', 3]]);
    await session.cancel('cancelled');
    expect(ended).toBe('cancelled');
    await until(() => !engine.viewsMap.has('query_1'));
    await session.close();
  });

  it('shows SQL errors with their place, relative to the input as typed', async () => {
    const { url } = await serve(fakeWithBids());
    const items: OutputItem[] = [];
    const session = new Session(await RemoteBackend.connect(url), {
      output: (i) => items.push(i), liveChanged: () => undefined, exit: () => undefined,
    });
    await session.submit('SHOW VIEWS; SELECT prce FROM bids;');
    const err = items.find((i) => i.kind === 'error');
    expect(err).toMatchObject({ kind: 'error', diagnostics: [{ code: 'UNKNOWN_COLUMN', line: 1, column: 20 }] });
    await session.close();
  });

  it('sends the token and says so when it is refused', async () => {
    const { url } = await serve(fakeWithBids(), 'sekret');
    await expect(RemoteBackend.connect(url)).rejects.toThrow(/HTTP 401 \(wrong or missing --token\)/);
    const ok = await RemoteBackend.connect(url, 'sekret');
    await ok.close();
  });

  it('lists late rows and rejects, and checkpoints, through the server', async () => {
    const engine = fakeWithBids();
    engine.durable = true;
    engine.late.push(
      { view: 'hot', source: 'bids', row: { auction: 1 }, watermark: '2020-10-10T00:00:10.000Z' },
      { view: 'cold', source: 'bids', row: { auction: 2 }, watermark: '2020-10-10T00:00:10.000Z' },
    );
    engine.rejects.push({ source: 'bids', reason: 'bad auction', input: { auction: 'x' }, origin: 'ws', at: '2026-01-01T00:00:00.000Z' });
    engine.execute('CREATE VIEW hot AS SELECT 1;');
    const { url } = await serve(engine);
    const items: OutputItem[] = [];
    const session = new Session(await RemoteBackend.connect(url), {
      output: (i) => items.push(i), liveChanged: () => undefined, exit: () => undefined,
    });
    await session.submit('\\late hot');
    expect(items.pop()).toMatchObject({ kind: 'table', rows: [['hot', 'bids', '2020-10-10T00:00:10.000Z', { auction: 1 }]] });
    await session.submit('\\late');
    expect(items.pop()).toMatchObject({ kind: 'table', rows: [['hot', 'bids', expect.any(String), { auction: 1 }], ['cold', 'bids', expect.any(String), { auction: 2 }]] });
    await session.submit('\\rejects bids');
    expect(items.pop()).toMatchObject({ kind: 'table', rows: [['2026-01-01T00:00:00.000Z', 'bids', 'ws', 'bad auction', { auction: 'x' }]] });
    await session.submit('\\checkpoint');
    expect(items.pop()).toMatchObject({ kind: 'message', text: expect.stringMatching(/^checkpoint written in/) });
    expect(engine.checkpoints).toBe(1);
    expect(items.filter((i) => i.kind === 'error')).toEqual([]);
    await session.close();
  });

  it('feeds the status line with the server\'s counters: events/s, late and rejected', async () => {
    const engine = fakeWithBids();
    const { url } = await serve(engine);
    const backend = await RemoteBackend.connect(url);
    const session = new Session(backend, { output: () => undefined, liveChanged: () => undefined, exit: () => undefined });
    await session.submit('SELECT auction, window_start, COUNT(*) AS bids FROM bids;');
    const query = session.live!;
    engine.watermark = Date.UTC(2020, 9, 10, 0, 0, 5);
    engine.late.push({ view: query.name, source: 'bids', row: {}, watermark: '' });
    engine.rejects.push({ source: 'bids', reason: 'r', input: 'x', origin: 'ws', at: '' });
    const first = await backend.stats();
    expect(first).toEqual({ sources: engine.stats().sources, views: engine.stats().views });
    const t0 = Date.now();
    const a = computeStatus(query, first, null, t0);
    engine.push('bids', new Array(500).fill({}));
    const b = computeStatus(query, await backend.stats(), a.sample, t0 + 1000);
    expect(b.info).toMatchObject({ eventsPerSec: 500, watermark: '2020-10-10T00:00:05.000Z', late: 1, rejected: 1 });
    await session.close();
  });

  it('says so when a server predates the late, rejects, checkpoint and stats requests', async () => {
    // A server that knows only the original requests answers the new ones like any unknown type.
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    const seen: string[] = [];
    wss.on('connection', (ws) => ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; id?: number };
      seen.push(msg.type);
      ws.send(JSON.stringify({ type: 'error', id: msg.id, code: 'BAD_MESSAGE', message: `unknown message type '${msg.type}'; expected one of subscribe, ...` }));
    }));
    await new Promise((r) => wss.once('listening', r));
    try {
      const backend = await RemoteBackend.connect(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
      const items: OutputItem[] = [];
      const session = new Session(backend, { output: (i) => items.push(i), liveChanged: () => undefined, exit: () => undefined });
      await session.submit('\\late hot');
      expect(items.pop()).toMatchObject({ kind: 'error', message: expect.stringContaining("\\late is not available from this server: it does not know the 'late' request") });
      await session.submit('\\checkpoint');
      expect(items.pop()).toMatchObject({ kind: 'error', message: expect.stringContaining('\\checkpoint is not available from this server') });
      expect(await backend.stats()).toBeNull();
      expect(await backend.stats()).toBeNull(); // asked once, then remembered
      expect(seen.filter((t) => t === 'stats')).toHaveLength(1);
      await session.close();
    } finally {
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
    }
  });
});
