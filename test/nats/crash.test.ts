/**
 * The publishing process itself killed -9 in the middle of a recorded range: a new process republishes
 * exactly that range and the stream ends up holding every row once.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NatsSink, planMessages } from '../../src/executor/connectors/nats/index.js';
import { useNatsServer } from './server-fixture.js';
import { encodeRow, outputRows, readSplit, tableOptions } from './fixture.js';

const nats = useNatsServer();

describe('nats sink after kill -9 of the publisher', () => {
  it('republishes the recorded range from a new process and stores each row once', async () => {
    const ROWS = 6000;
    const child = spawn(process.execPath, [join(import.meta.dirname, 'publish-child.mjs'), nats.server.url, 'CRASH9', String(ROWS)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

    // Kill it once part of the range is in the stream (and before all of it is).
    let stored = 0;
    for (let i = 0; i < 600; i++) {
      if (out.includes('open')) {
        stored = (await nats.clients.jsm.streams.info('CRASH9')).state.messages;
        if (stored >= 100) break;
      }
      if (child.exitCode !== null) throw new Error(`publisher exited early: ${out}${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    expect(out).not.toContain('published');
    const table = tableOptions([nats.server.url], { stream: 'CRASH9', subject: 'crash9', 'sink.batch_rows': '3', 'sink.max_in_flight': '64' });
    const plan = planMessages('crash', outputRows(1, ROWS), { subject: 'crash9', partitions: 12, partitionKeyIndex: 0, format: 'json', batchRows: 3, encodeRow });
    const before = (await nats.clients.jsm.streams.info('CRASH9')).state.messages;
    expect(before).toBeGreaterThanOrEqual(100);
    expect(before).toBeLessThan(plan.length);

    // Recovery: the recorded range 1..ROWS again, from this process.
    const sink = await NatsSink.open(nats.clients, table, { view: 'crash', encodeRow, partitionKeyIndex: 0 });
    const report = await sink.publishRange(outputRows(1, ROWS));
    // What the killed process had sent may still be landing while `before` was read: at least that much
    // comes back as duplicates, and stored + duplicates covers the plan exactly.
    expect(report.messages).toBe(plan.length);
    expect(report.duplicates).toBeGreaterThanOrEqual(before);
    expect(report.stored + report.duplicates).toBe(plan.length);
    expect(report.stored).toBeGreaterThan(0);
    expect((await nats.clients.jsm.streams.info('CRASH9')).state.messages).toBe(plan.length);
    const ts: number[] = [];
    for (let p = 0; p < 12; p++) ts.push(...(await readSplit(nats.clients, table, p)).rows.map((r) => r.row[2] as number));
    expect(ts.sort((a, b) => a - b)).toEqual(outputRows(1, ROWS).map((r) => r.row[2]));
  }, 60_000);
});
