import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runPlain } from '../../repl/plain.js';
import { normalizeUrl, RemoteBackend } from '../../repl/remote-backend.js';
import { Session } from '../../repl/session.js';
import type { OutputItem } from '../../repl/output.js';
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

  it('says which features need the in-process engine', async () => {
    const { url } = await serve(fakeWithBids());
    const items: OutputItem[] = [];
    const session = new Session(await RemoteBackend.connect(url), {
      output: (i) => items.push(i), liveChanged: () => undefined, exit: () => undefined,
    });
    await session.submit('\\late hot');
    expect(items[0]).toMatchObject({ kind: 'error', message: expect.stringContaining('not available over --connect') });
    await session.close();
  });
});
