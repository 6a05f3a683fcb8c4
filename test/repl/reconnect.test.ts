/**
 * `tumbleql repl --connect` across a server restart: a real durable engine and websocket server on
 * 127.0.0.1, stopped and started again on the same port and state file. The REPL's remote backend
 * reconnects and resumes its `\subscribe`d view from the seq after the last row it showed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutputItem } from '../../repl/output.js';
import { RemoteBackend } from '../../repl/remote-backend.js';
import { Session } from '../../repl/session.js';
import type { Engine } from '../../src/executor/api.js';
import { startServer, type RunningServer } from '../../src/executor/server/index.js';
import { createEngine } from '../../src/index.js';

const DDL = `CREATE SOURCE clicks (user_id VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW passed AS SELECT user_id, ts FROM clicks;`;

const dir = mkdtempSync(join(tmpdir(), 'tq-reconnect-'));
let running: { engine: Engine; server: RunningServer } | null = null;
afterEach(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

async function boot(port: number): Promise<RunningServer> {
  const engine = createEngine({ statePath: join(dir, 'state.db'), checkpointIntervalMs: 0 });
  if (engine.views().length === 0) engine.execute(DDL);
  const server = await startServer(engine, { port, token: '', heartbeatMs: 50, logLevel: 'error' });
  running = { engine, server };
  return server;
}

async function stop(): Promise<void> {
  if (!running) return;
  await running.server.close();
  await running.engine.close();
  running = null;
}

async function until(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!test()) throw new Error(`timed out waiting for ${what}`);
}

const click = (user: string, s: number) => ({ user_id: user, ts: s * 1000 });

describe('--connect across a server restart', () => {
  it('reconnects and resumes a subscribed view by seq: nothing lost, nothing twice', async () => {
    const first = await boot(0);
    const items: OutputItem[] = [];
    const session = new Session(await RemoteBackend.connect(first.url, undefined, { retryDelaysMs: [20] }), {
      output: (i) => items.push(i), liveChanged: () => undefined, exit: () => undefined,
    });
    await session.submit('\\subscribe passed');
    const query = session.live!;
    running!.engine.push('clicks', [click('a', 1), click('b', 2)]);
    await until(() => query.received === 2, 'the first rows');
    running!.engine.checkpoint();

    await stop();
    await until(() => items.some((i) => i.kind === 'message' && /reconnecting/.test(i.text)), 'the lost-connection notice');
    const second = await boot(first.port);
    // Rows made while the REPL is still away: they must arrive once it is back, from the log.
    running!.engine.push('clicks', [click('c', 3)]);
    await until(() => items.some((i) => i.kind === 'message' && /reconnected/.test(i.text)), 'the reconnect');
    running!.engine.push('clicks', [click('d', 4)]);
    await until(() => query.received === 4, 'rows after the restart');
    expect(query.rows.map((r) => r[0])).toEqual(['a', 'b', 'c', 'd']);
    expect(items.find((i) => i.kind === 'message' && /reconnected/.test(i.text))).toMatchObject({ text: `reconnected to ${second.url}; resumed passed from seq 3` });
    expect(session.live).toBe(query);
    await session.close();
  });
});
