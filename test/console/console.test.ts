/**
 * The web console in a real browser (Debian's chromium driven by playwright-core) against the demo's
 * catalog on a real engine and server on 127.0.0.1: the page loads under the token, a windowed view's
 * chart draws and grows as windows fire, its table fills, late rows and rejects are one click away, and
 * an ad-hoc query streams its changelog into a table. Data comes from inserts made through the typed
 * client (`tumbleql/client`), so windows fire on event time, never on the wall clock. Screenshots go to
 * test-artifacts/.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type TumbleClient } from '../../src/client/index.js';
import { createEngine, type Engine } from '../../src/index.js';
import { startServer, type RunningServer } from '../../src/executor/server/index.js';
import { silentLogger } from '../../src/util/log.js';
import { actionsIn, demoSql, T0 } from './demo-engine.js';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'console-test-token';
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const ROLE_TOKENS = [
  { name: 'dash', token: 'dash-token', role: 'subscriber' as const, views: ['trending_items'] },
  { name: 'reader', token: 'reader-token', role: 'subscriber' as const },
];

let engine: Engine;
let server: RunningServer;
let producer: TumbleClient;
let context: BrowserContext;
let page: Page;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  engine = createEngine();
  engine.execute(demoSql(process.cwd()));
  server = await startServer(engine, { port: 0, token: TOKEN, tokens: ROLE_TOKENS, logger: silentLogger, heartbeatMs: 200 });
  producer = await connect(server.url, { token: TOKEN });
  profile = mkdtempSync(join(tmpdir(), 'tumbleql-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await context?.close();
  producer?.close();
  await server?.close();
  await engine?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const rowsOf = (testId: string) => page.locator(`[data-testid="${testId}"]`).getAttribute('data-rows').then(Number);

describe('web console', () => {
  it('is refused without the token and served with it', async () => {
    const bare = await fetch(`${server.httpUrl}/`);
    expect(bare.status).toBe(401);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.httpUrl}/?token=${TOKEN}`);
    await page.getByTestId('connection').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
    for (const v of ['actions_per_type', 'trending_items', 'activity_bursts']) await page.getByTestId(`nav-view-${v}`).waitFor();
    expect(errors).toEqual([]);
  }, 60_000);

  it('draws a windowed view as a chart that grows as windows fire, and fills its table', async () => {
    // The first windowed view opens on its chart.
    await page.getByTestId('view-actions_per_type').waitFor();
    for (let w = 0; w < 4; w++) expect((await producer.insert('actions', actionsIn(w))).errors).toEqual([]);
    // Window 3's events put the watermark past windows 0..2 (watermark = ts − 2 s).
    await expect.poll(() => page.getByTestId('chart').getAttribute('data-points').then(Number), { timeout: 15_000 }).toBe(3);
    await producer.insert('actions', actionsIn(4));
    await expect.poll(() => page.getByTestId('chart').getAttribute('data-points').then(Number), { timeout: 15_000 }).toBe(4);
    expect(await page.locator('[data-testid="chart"] canvas').count()).toBe(1);
    // The x series plus one legend entry per action type (the default split: a short text key column).
    await expect.poll(() => page.locator('.u-legend .u-series').count()).toBe(6);
    await page.screenshot({ path: join(ARTIFACTS, 'console-chart.png') });

    await page.getByTestId('tab-table').click();
    // 4 windows × 5 action types.
    await expect.poll(() => rowsOf('view-table'), { timeout: 10_000 }).toBe(20);
    const first = await page.locator('[data-testid="view-table"] tbody tr').first().locator('td').allTextContents();
    expect(first[1]).toBe(new Date(T0 + 30_000).toISOString()); // newest window first
  }, 60_000);

  it('shows late rows and rejected input one click away', async () => {
    const late = { user_id: 1, action: 'like', item_id: 1, ts: T0 + 1_000 }; // window 0 fired long ago
    const ack = await producer.insert('actions', [late, { user_id: 'not a number', action: 'like', item_id: 1, ts: T0 + 45_000 }]);
    expect(ack.errors).toHaveLength(1);
    await page.getByTestId('tab-late').filter({ hasText: 'late rows (1)' }).click({ timeout: 10_000 });
    await expect.poll(() => rowsOf('late-rows'), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('tab-rejects').filter({ hasText: 'rejects (1)' }).click({ timeout: 10_000 });
    await expect.poll(() => rowsOf('rejects'), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('rejects').textContent()).toContain('not a number');
    await page.getByTestId('tab-explain').click();
    expect(await page.getByTestId('explain').textContent()).toMatch(/TUMBLE\(ts, size 10 s\)/);
  }, 60_000);

  it('runs an ad-hoc query from the SQL box and folds its changelog into a live table', async () => {
    await page.getByTestId('nav-sql').click();
    await page.getByTestId('sql-input').fill("SELECT action, COUNT(*) AS n FROM actions /*+ OPTIONS('scan.startup.mode'='latest') */ GROUP BY action");
    await page.getByTestId('sql-run').click();
    await page.getByTestId('sql-stop').waitFor({ timeout: 10_000 });
    await producer.insert('actions', actionsIn(5, 10));
    // One row per action type (5): the +U updates replace rows, they do not add them.
    await expect.poll(() => rowsOf('query-table'), { timeout: 10_000 }).toBe(5);
    const cells = await page.locator('[data-testid="query-table"] tbody td').allTextContents();
    const counts = Object.fromEntries(Array.from({ length: cells.length / 2 }, (_, i) => [cells[2 * i], Number(cells[2 * i + 1])]));
    expect(counts).toEqual({ like: 5, comment: 2, share: 1, follow: 1, post: 1 });
    await page.screenshot({ path: join(ARTIFACTS, 'console-sql.png') });

    await page.getByTestId('sql-input').fill('CREATE VIEW broken AS\nSELECT nope FROM actions');
    await page.getByTestId('sql-run').click();
    const error = page.getByTestId('sql-error');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toContain('UNKNOWN_COLUMN');
    expect(await error.textContent()).toContain('line 2, column 8');
    await page.screenshot({ path: join(ARTIFACTS, 'console-sql-error.png') });
  }, 60_000);

  it('lists a view another client creates, and drops one another client drops', async () => {
    await producer.execute('CREATE VIEW shares AS SELECT user_id, item_id FROM actions WHERE action = \'share\'');
    await page.getByTestId('nav-view-shares').waitFor({ timeout: 10_000 });
    await producer.execute('DROP VIEW shares');
    await page.getByTestId('nav-view-shares').waitFor({ state: 'detached', timeout: 10_000 });
  }, 30_000);

  it('takes DDL from the SQL box and lists the new view', async () => {
    await page.getByTestId('sql-input').fill("CREATE VIEW likes AS SELECT user_id, item_id FROM actions WHERE action = 'like'");
    await page.getByTestId('sql-run').click();
    await page.getByTestId('nav-view-likes').waitFor({ timeout: 10_000 });
    await page.getByTestId('nav-view-actions_per_type').click();
    await page.getByTestId('tab-chart').click();
    await page.screenshot({ path: join(ARTIFACTS, 'console.png') });
  }, 60_000);

  it('offers a token only what its role allows: no DDL, no SQL box, only its views', async () => {
    const other = await context.newPage();
    try {
      await other.goto(`${server.httpUrl}/?token=reader-token`); // a subscriber that may query but not run DDL
      await other.getByTestId('nav-sql').click({ timeout: 30_000 });
      expect(await other.getByTestId('sql-hint').textContent()).toContain('may not run DDL');
      await other.getByTestId('sql-input').fill('DROP VIEW trending_items');
      await other.getByTestId('sql-run').click();
      expect(await other.getByTestId('sql-error').textContent()).toContain('FORBIDDEN');
      expect(engine.views().some((v) => v.name === 'trending_items')).toBe(true);
      await other.goto(`${server.httpUrl}/?token=dash-token`); // bound to one view
      await other.getByTestId('view-trending_items').waitFor({ timeout: 30_000 });
      expect(await other.getByTestId('nav-view-activity_bursts').count()).toBe(0);
      expect(await other.getByTestId('nav-sql').count()).toBe(0);
      expect(await other.getByTestId('tab-late').count()).toBe(0);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('is the page `tumbleql demo` names beside its websocket URL', async () => {
    const demo = spawn(process.execPath, ['bin/tumbleql.js', 'demo', '--plain', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TUMBLEQL_TOKEN: '' } });
    try {
      let stderr = '';
      demo.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await expect.poll(() => /console:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)?.[1], { timeout: 20_000 }).toBeTruthy();
      const url = /console:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)![1]!;
      expect(stderr).toMatch(/websocket: ws:\/\/127\.0\.0\.1:\d+\/ws/);
      await page.goto(url);
      await page.getByTestId('connection').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
      await page.getByTestId('nav-view-trending_items').waitFor();
      await page.getByTestId('nav-source-actions').click();
      await page.getByTestId('source-actions').waitFor();
      expect(await page.getByTestId('source-actions').textContent()).toContain('datagen');
    } finally {
      const exited = new Promise((r) => demo.once('exit', r));
      demo.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (demo.exitCode === null) demo.kill('SIGKILL');
    }
  }, 60_000);

  it('shows a reconnect across a server restart and resumes its tables with no row lost or repeated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tumbleql-console-state-'));
    const statePath = join(dir, 'state.db');
    const first = createEngine({ statePath, checkpointIntervalMs: 0 });
    first.execute(demoSql(process.cwd()));
    let srv = await startServer(first, { port: 0, token: TOKEN, logger: silentLogger });
    const port = srv.port;
    let second: Engine | null = null;
    try {
      for (let w = 0; w < 4; w++) first.push('actions', actionsIn(w)); // windows 0..2 fire: 15 rows
      await page.goto(`${srv.httpUrl}/?token=${TOKEN}`);
      await page.getByTestId('connection').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
      await page.getByTestId('tab-table').click();
      await expect.poll(() => rowsOf('view-table'), { timeout: 10_000 }).toBe(15);

      await srv.close();
      await first.close();
      await page.getByTestId('connection').filter({ hasText: 'reconnecting' }).waitFor({ timeout: 10_000 });
      // Back with the same state file; windows 3 and 4 fire before the page is reconnected.
      second = createEngine({ statePath, checkpointIntervalMs: 0 });
      for (let w = 4; w < 6; w++) second.push('actions', actionsIn(w));
      srv = await startServer(second, { port, token: TOKEN, logger: silentLogger });
      await page.getByTestId('connection').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => rowsOf('view-table'), { timeout: 10_000 }).toBe(25);
      const starts = await page.locator('[data-testid="view-table"] tbody tr td:nth-child(2)').allTextContents();
      expect(new Set(starts).size).toBe(5);
      await page.screenshot({ path: join(ARTIFACTS, 'console-table.png') });
    } finally {
      await srv.close();
      await second?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
