/** Token auth: refused at the websocket upgrade with 401 and on every HTTP route; accepted by header or ?token=. */
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/index.js';
import { startServer, type RunningServer } from '../../src/executor/server/index.js';
import { createLogger } from '../../src/util/log.js';
import { connect, upgradeStatus } from './helpers.js';
import { DDL } from './real-engine.js';

const TOKEN = 's3cret-token-value';
let server: RunningServer | null = null;
let engine: Engine | null = null;
let logLines: string[] = [];

async function setup(options: { token?: string } = { token: TOKEN }): Promise<RunningServer> {
  logLines = [];
  engine = createEngine();
  engine.execute(DDL);
  server = await startServer(engine, { port: 0, ...options, logger: createLogger({ level: 'debug', write: (l) => logLines.push(l) }) });
  return server;
}

afterEach(async () => {
  await server?.close();
  await engine?.close();
  server = null;
  engine = null;
  delete process.env['TUMBLEQL_TOKEN'];
});

describe('auth', () => {
  it('refuses a websocket upgrade without a token or with a wrong one (401)', async () => {
    const s = await setup();
    expect(await upgradeStatus(s.url)).toBe(401);
    expect(await upgradeStatus(s.url, { authorization: 'Bearer nope' })).toBe(401);
    expect(await upgradeStatus(`${s.url}?token=${TOKEN}x`)).toBe(401);
    expect(await upgradeStatus(s.url, { authorization: `Basic ${TOKEN}` })).toBe(401);
  });

  it('accepts the token as a Bearer header or as ?token=', async () => {
    const s = await setup();
    const a = await connect(s.url, { authorization: `Bearer ${TOKEN}` });
    expect(await a.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    const b = await connect(`${s.url}?token=${encodeURIComponent(TOKEN)}`);
    expect(await b.request({ type: 'subscribe', view: 'counts' })).toMatchObject({ type: 'subscribed' });
    a.ws.terminate();
    b.ws.terminate();
  });

  it('answers 401 on HTTP routes without the token and serves them with it', async () => {
    const s = await setup();
    for (const path of ['/health', '/views', '/metrics']) {
      const res = await fetch(`${s.httpUrl}${path}`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    }
    const post = await fetch(`${s.httpUrl}/sources/bids`, { method: 'POST', body: '{"auction":1}\n' });
    expect(post.status).toBe(401);
    expect((await fetch(`${s.httpUrl}/health`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${s.httpUrl}/views?token=${TOKEN}`)).status).toBe(200);
  });

  it('takes the token from TUMBLEQL_TOKEN when none is passed', async () => {
    process.env['TUMBLEQL_TOKEN'] = TOKEN;
    const s = await setup({});
    expect(await upgradeStatus(s.url)).toBe(401);
    expect(await upgradeStatus(s.url, { authorization: `Bearer ${TOKEN}` })).toBe(101);
  });

  it('never writes the token to the log', async () => {
    const s = await setup();
    await upgradeStatus(`${s.url}?token=${TOKEN}-wrong`);
    (await connect(`${s.url}?token=${TOKEN}`)).ws.terminate();
    await s.close();
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });

  it('is open when no token is configured', async () => {
    const s = await setup({ token: '' });
    expect(await upgradeStatus(s.url)).toBe(101);
    expect((await fetch(`${s.httpUrl}/health`)).status).toBe(200);
  });
});
