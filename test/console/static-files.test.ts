/**
 * The console's file serving: only regular files inside the root, whatever the URL path says (dot
 * segments, %-encoded slashes and dots, backslashes, NUL, symlinks out of the root), with explicit content
 * types; and over a real server, the same token rules as every other route plus the catalog endpoint.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentType, resolveStatic } from '../../src/executor/server/static-files.js';
import { consoleCatalog } from '../../src/executor/server/console.js';
import { principalOf } from '../../src/security/index.js';
import { createEngine, type Engine } from '../../src/index.js';
import { startServer, type RunningServer } from '../../src/executor/server/index.js';
import { silentLogger } from '../../src/util/log.js';
import { demoSql } from './demo-engine.js';

let dir: string;
let root: string;

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'tumbleql-static-')));
  root = join(dir, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'app.js'), 'export {}');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveStatic', () => {
  it('maps / to index.html and plain paths to files in the root', async () => {
    expect(await resolveStatic(root, '/')).toBe(join(root, 'index.html'));
    expect(await resolveStatic(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(await resolveStatic(root, '/assets/%61pp.js')).toBe(join(root, 'assets', 'app.js'));
  });

  it.each([
    '/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt', '/assets\\..\\..\\secret.txt', '/index.html%00.js', '/%E0%A4%A', '/assets', '/assets/',
    '/assets/link.txt', '/missing.js',
  ])('serves nothing for %s', async (path) => {
    expect(await resolveStatic(root, path)).toBeNull();
  });

  it('names content types explicitly', () => {
    expect(contentType('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('console.js')).toBe('text/javascript; charset=utf-8');
    expect(contentType('console.CSS')).toBe('text/css; charset=utf-8');
    expect(contentType('blob.bin')).toBe('application/octet-stream');
  });
});

describe('console routes on a real server', () => {
  let engine: Engine;
  let server: RunningServer;
  beforeAll(async () => {
    engine = createEngine();
    engine.execute(demoSql(process.cwd()));
    server = await startServer(engine, { port: 0, token: 't0ken', logger: silentLogger });
  });
  afterAll(async () => {
    await server.close();
    await engine.close();
  });

  it('needs the token for the page, its assets and the catalog', async () => {
    for (const path of ['/', '/assets/console.js', '/api/console/catalog']) {
      expect((await fetch(`${server.httpUrl}${path}`)).status).toBe(401);
    }
    const page = await fetch(`${server.httpUrl}/?token=t0ken`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('Content-Security-Policy');
    const js = await fetch(`${server.httpUrl}/assets/console.js`, { headers: { authorization: 'Bearer t0ken' } });
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await js.text()).length).toBeGreaterThan(10_000);
    const head = await fetch(`${server.httpUrl}/assets/console.css?token=t0ken`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect((await fetch(`${server.httpUrl}/%2e%2e/package.json?token=t0ken`)).status).toBe(404);
    expect((await fetch(`${server.httpUrl}/?token=t0ken`, { method: 'POST' })).status).toBe(405);
  });

  it('lists sources and views with columns, EXPLAIN and the sources each view reads', async () => {
    const res = await fetch(`${server.httpUrl}/api/console/catalog?token=t0ken`);
    const body = (await res.json()) as { sources: any[]; views: any[] };
    expect(body.sources.map((s) => s.name)).toEqual(['actions']);
    expect(body.sources[0].columns.find((c: any) => c.rowtime).name).toBe('ts');
    const v = body.views.find((x) => x.name === 'trending_items');
    expect(v).toMatchObject({ mode: 'append', windowed: true, sources: ['actions'] });
    expect(v.columns.map((c: any) => c.name)).toEqual(['item_id', 'window_start', 'window_end', 'engagement', 'users']);
    expect(v.explain).toMatch(/HOP/);
  });

  it('lists only what a token may read and says what it may do', () => {
    const dash = principalOf({ name: 'dash', token: 't', role: 'subscriber', views: ['actions_per_type', 'trending_items'] });
    const c = consoleCatalog(engine, dash);
    expect(c.views.map((v) => v.name)).toEqual(['actions_per_type', 'trending_items']);
    expect(c.sources).toEqual([]); // bound to views: it cannot query the sources either
    expect(c.access).toEqual({ role: 'subscriber', ddl: false, query: false, late: false, rejects: false });
    const ingest = consoleCatalog(engine, principalOf({ name: 'ingest', token: 't', role: 'producer', sources: ['actions'] }));
    expect([ingest.views.length, ingest.sources.map((s) => s.name), ingest.access.ddl]).toEqual([0, ['actions'], false]);
    expect(consoleCatalog(engine).access).toMatchObject({ role: 'admin', ddl: true, query: true });
  });
});
