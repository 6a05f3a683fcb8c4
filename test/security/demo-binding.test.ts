/**
 * Attack 10 for the demo (often run as root): `tumbleql demo` refuses to listen beyond loopback without a
 * token, and with `--token` it listens there and asks every client for it; without a token (loopback)
 * its clients still cannot name files in SQL. Real server, injected clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/cli/demo.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { connect } from '../server/helpers.js';

let demo: Demo | null = null;
afterEach(async () => {
  await demo?.server?.close();
  await demo?.engine.close();
  demo = null;
});

const clock = (): ManualClock => new ManualClock(Date.UTC(2026, 0, 1));

describe('the demo beyond loopback', () => {
  it('refuses 0.0.0.0 without a token', async () => {
    const before = process.env['TUMBLEQL_TOKEN'];
    delete process.env['TUMBLEQL_TOKEN'];
    try {
      await expect(startDemo({ host: '0.0.0.0', port: 0, quiet: true, clock: clock() })).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without a token/);
    } finally {
      if (before !== undefined) process.env['TUMBLEQL_TOKEN'] = before;
    }
  });

  it('without a token (loopback) still refuses SQL that names a file, such as /etc/shadow', async () => {
    demo = await startDemo({ host: '127.0.0.1', port: 0, quiet: true, clock: clock() });
    const c = await connect(demo.server!.url);
    const r = await c.request({ type: 'execute', sql: "CREATE SOURCE shadow (line VARCHAR, ts TIMESTAMP(3)) WITH (connector = 'file', path = '/etc/shadow')" });
    expect(r).toMatchObject({ type: 'error', code: 'FILE_NOT_ALLOWED', line: 1 });
    expect(demo.engine.sources().map((s) => s.name)).not.toContain('shadow');
    c.close();
  });

  it('listens on 0.0.0.0 with --token and refuses clients without it', async () => {
    demo = await startDemo({ host: '0.0.0.0', port: 0, quiet: true, clock: clock(), token: 'demo-secret' });
    const port = new URL(demo.server!.httpUrl).port;
    expect((await fetch(`http://127.0.0.1:${port}/views`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/views`, { headers: { authorization: 'Bearer demo-secret' } })).status).toBe(200);
    await expect(connect(`ws://127.0.0.1:${port}/ws`)).rejects.toThrow();
    const c = await connect(`ws://127.0.0.1:${port}/ws`, { authorization: 'Bearer demo-secret' });
    expect(await c.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    c.close();
  });
});
