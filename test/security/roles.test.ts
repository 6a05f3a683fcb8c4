/**
 * Attack 6: one shared token, and any holder could DROP anyone's views. Tokens now carry roles
 * (admin | producer | subscriber, with source and view lists), checked per websocket message and per HTTP
 * route; every refusal is FORBIDDEN with the request's id. Attack 10: listening beyond loopback without a
 * token is refused unless explicitly allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { startServer } from '../../src/executor/server/index.js';
import { bindingProblem, isLoopback, makeAuthenticator } from '../../src/security/index.js';
import { silentLogger } from '../../src/util/log.js';
import { upgradeStatus } from '../server/helpers.js';
import { auth, startSecure, type Sec } from './harness.js';

let sec: Sec;
beforeAll(async () => {
  sec = await startSecure();
});
afterAll(async () => {
  await sec.stop();
});

describe('roles over the websocket', () => {
  it('refuses DDL from a subscriber token and keeps the view', async () => {
    const c = await sec.as('reader-secret');
    const r = await c.request({ type: 'execute', sql: 'DROP VIEW counts' });
    expect(r).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    expect(r['message']).toContain("token 'dash' (subscriber) may not run DDL");
    expect(sec.engine.views().map((v) => v.name)).toContain('counts');
  });

  it('refuses DDL from a producer token; an admin token may', async () => {
    const p = await sec.as('producer-secret');
    expect(await p.request({ type: 'execute', sql: 'CREATE VIEW x AS SELECT auction FROM bids' })).toMatchObject({ code: 'FORBIDDEN' });
    const a = await sec.as('admin-secret');
    expect(await a.request({ type: 'execute', sql: 'CREATE VIEW x AS SELECT auction FROM bids' })).toMatchObject({ type: 'ok' });
    expect(await a.request({ type: 'execute', sql: 'DROP VIEW x' })).toMatchObject({ type: 'ok' });
  });

  it('lets a producer insert only into its sources, and not subscribe', async () => {
    const p = await sec.as('producer-secret');
    expect(await p.request({ type: 'insert', source: 'bids', rows: [{ auction: 1, price: 1, ts: 1 }] })).toMatchObject({ type: 'ack', count: 1 });
    expect(await p.request({ type: 'insert', source: 'notes', rows: [{ user_id: 1, body: 'x', ts: 1 }] })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await p.request({ type: 'subscribe', view: 'counts' })).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets a subscriber read only its views, and not insert, query, list rejects or checkpoint', async () => {
    const s = await sec.as('reader-secret');
    expect(await s.request({ type: 'subscribe', view: 'counts' })).toMatchObject({ type: 'subscribed' });
    expect(await s.request({ type: 'subscribe', view: 'notifications' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await s.request({ type: 'insert', source: 'bids', rows: [] })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await s.request({ type: 'query', sql: 'SELECT * FROM bids' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await s.request({ type: 'rejects' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await s.request({ type: 'late' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await s.request({ type: 'checkpoint' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await s.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
  });

  it('refuses a wrong or missing token at the upgrade', async () => {
    expect(await upgradeStatus(sec.server.url, auth('nope'))).toBe(401);
    expect(await upgradeStatus(sec.server.url)).toBe(401);
  });

  it('limits ad-hoc queries per token across its connections', async () => {
    const e = createEngine();
    e.execute('CREATE SOURCE s (a BIGINT) WITH (connector = \'websocket\')');
    const server = await startServer(e, { port: 0, logger: silentLogger, tokens: [{ name: 'q', token: 'q-secret', role: 'admin', maxQueries: 2 }] });
    const { connect } = await import('../server/helpers.js');
    const c1 = await connect(server.url, auth('q-secret'));
    const c2 = await connect(server.url, auth('q-secret'));
    expect(await c1.request({ type: 'query', sql: 'SELECT a FROM s' })).toMatchObject({ type: 'subscribed' });
    expect(await c2.request({ type: 'query', sql: 'SELECT a + 1 AS b FROM s' })).toMatchObject({ type: 'subscribed' });
    const third = await c2.request({ type: 'query', sql: 'SELECT a + 2 AS b FROM s' });
    expect(third).toMatchObject({ code: 'FORBIDDEN' });
    expect(third['message']).toContain('limit');
    c1.close();
    c2.close();
    await server.close();
    await e.close();
  });
});

describe('roles over HTTP', () => {
  const post = (token: string, source: string) =>
    fetch(`${sec.server.httpUrl}/sources/${source}`, { method: 'POST', headers: auth(token), body: '{"auction":1,"price":1,"ts":1}\n' });

  it('lets a producer POST to its source only', async () => {
    expect((await post('producer-secret', 'bids')).status).toBe(200);
    const r = await post('producer-secret', 'notes');
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    expect((await post('reader-secret', 'bids')).status).toBe(403);
  });

  it('lists only the views a token may read', async () => {
    const r = await fetch(`${sec.server.httpUrl}/views`, { headers: auth('reader-secret') });
    const body = (await r.json()) as { views: { name: string }[] };
    expect(body.views.map((v) => v.name)).toEqual(['counts']);
    expect((await fetch(`${sec.server.httpUrl}/health`)).status).toBe(401);
  });
});

describe('binding', () => {
  it('refuses to listen beyond loopback without a token', async () => {
    const e = createEngine();
    await expect(startServer(e, { host: '0.0.0.0', port: 0, token: '', logger: silentLogger })).rejects.toThrow(/refusing to listen on 0.0.0.0 without a token/);
    const allowed = await startServer(e, { host: '0.0.0.0', port: 0, token: '', allowUnauthenticated: true, logger: silentLogger });
    await allowed.close();
    const withToken = await startServer(e, { host: '0.0.0.0', port: 0, token: 't0k', logger: silentLogger });
    await withToken.close();
    await e.close();
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com']) expect(isLoopback(h)).toBe(false);
    expect(bindingProblem('::', false, false)).toContain('allow_unauthenticated');
  });

  it('matches each presented token to its principal, and refuses others', () => {
    const a = makeAuthenticator(undefined, [
      { name: 'x', token: 'one', role: 'producer' },
      { name: 'y', token: 'two', role: 'subscriber', where: { user_id: 7 } },
    ]);
    expect(a.authenticate('one')?.name).toBe('x');
    expect(a.authenticate('two')?.where).toEqual({ user_id: 7 });
    expect(a.authenticate('three')).toBeUndefined();
    expect(a.authenticate(null)).toBeUndefined();
  });
});
