/**
 * `tumbleql run` as real processes against a real nats-server:
 *   - a producer job (`INSERT INTO ev_bus SELECT ... FROM ev_file`) ends by itself when the file is read,
 *     its rows published;
 *   - two, then three workers (`--worker i/N`, one state file each) run a TUMBLE aggregate over the
 *     12-partition stream and INSERT it INTO a second stream while one of them, chosen at random, is
 *     killed -9 at random moments ten times and restarted; more events arrive all along. The sink stream
 *     then holds exactly the rows of a single-process run over the same events: none lost, none twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, type NatsClients } from '../../src/executor/connectors/nats/index.js';
import { BIN, tumbleql } from '../helpers/cli.js';
import { startNatsServer, type NatsServerNode } from '../helpers/nats-server.js';
import { BASE_TS, closingEvents, events, evTable, expectedRows, jobSql, publishEvents, streamCount, streamRows } from './sql-fixture.js';

let server: NatsServerNode & { dispose(): Promise<void> };
let clients: NatsClients;
let dir: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  server = await startNatsServer();
  clients = await connectNats([server.url]);
  dir = mkdtempSync(join(tmpdir(), 'tumbleql-nats-workers-'));
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await clients?.close();
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function worker(index: number, n: number): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'run', join(dir, `job${n}.sql`), '--state', join(dir, `w${index}of${n}.db`), '--worker', `${index}/${n}`, '--checkpoint-interval', '100ms'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (signal === null && code !== 0) process.stderr.write(`worker ${index} exited ${code}: ${err}\n`);
  });
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('tumbleql run --worker over a nats stream', () => {
  it('ends a producer job when its file is read, with every row published', () => {
    const evs = events(500, 20, 3);
    writeFileSync(join(dir, 'p.jsonl'), evs.map((e) => JSON.stringify(e)).join('\n') + '\n');
    writeFileSync(
      join(dir, 'producer.sql'),
      `CREATE TABLE ev_file (k BIGINT, v DOUBLE, ts TIMESTAMP(3)) WITH (connector = 'file', path = 'p.jsonl');
${jobSql(server.url, { stream: 'EVP', sink: 'AGGP' }).split('CREATE TABLE agg_bus')[0]}
INSERT INTO ev_bus SELECT k, v, ts FROM ev_file;`,
    );
    const r = tumbleql(['run', join(dir, 'producer.sql'), '--state', join(dir, 'producer.db')], { timeout: 30_000 });
    expect(r.stderr).toContain('end of input');
    expect(r.status).toBe(0);
    return streamCount(clients, 'EVP').then((n) => expect(n).toBe(500));
  });

  it('refuses a view not keyed by the partition key before it touches a state file, with the GROUP BY located', () => {
    writeFileSync(
      join(dir, 'by-value.sql'),
      `${jobSql(server.url, { stream: 'EVX', sink: 'AGGX' }).split('CREATE TABLE agg_bus')[0]}
CREATE VIEW by_v AS SELECT v, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE ev_bus, DESCRIPTOR(ts), INTERVAL '1' SECOND))
  GROUP BY v, window_start, window_end;`,
    );
    const r = tumbleql(['run', join(dir, 'by-value.sql'), '--state', join(dir, 'x.db'), '--worker', '1/2'], { timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error\[UNSUPPORTED\] at 7:3: GROUP BY \(v\) runs on 2 workers/);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });

  it.each([2, 3])('keeps the sink stream exactly equal to one process while one of %i workers is killed -9 ten times', async (n) => {
    const evs = events(6000, 200, 5);
    const closing = closingEvents(12, BASE_TS + 10_000_000);
    const expected = expectedRows([...evs, ...closing], BASE_TS + 10_000_000);
    const [EV, AGG] = [`EV${n}`, `AGG${n}`];
    writeFileSync(join(dir, `job${n}.sql`), jobSql(server.url, { stream: EV, sink: AGG }));
    const table = evTable([server.url], 12, EV);
    await publishEvents(clients, table, evs.slice(0, 1000), 1);
    const ws = Array.from({ length: n }, (_, i) => worker(i, n));
    let next = 1000;
    const chunk = 500;
    let rnd = 12345 + n;
    const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let kill = 0; kill < 10; kill++) {
      await sleep(300 + random() * 900);
      if (next < evs.length) {
        await publishEvents(clients, table, evs.slice(next, next + chunk), next + 1);
        next += chunk;
      }
      const i = Math.floor(random() * n);
      ws[i]!.kill('SIGKILL');
      await exited(ws[i]!);
      ws[i] = worker(i, n);
    }
    if (next < evs.length) await publishEvents(clients, table, evs.slice(next), next + 1);
    await publishEvents(clients, table, closing, evs.length + 1);
    const deadline = Date.now() + 45_000;
    while ((await streamCount(clients, AGG)) < expected.length && Date.now() < deadline) await sleep(100);
    for (const w of ws) w.kill('SIGTERM');
    await Promise.all(ws.map(exited));
    for (const w of ws) expect(w.exitCode).toBe(0);
    const got = await streamRows(clients, evTable([server.url], 12, AGG));
    const count = new Map<string, number>();
    for (const k of expected) count.set(k, (count.get(k) ?? 0) + 1);
    for (const k of got) count.set(k, (count.get(k) ?? 0) - 1);
    const lost = [...count.values()].filter((n) => n > 0).reduce((a, b) => a + b, 0);
    const twice = [...count.values()].filter((n) => n < 0).reduce((a, b) => a - b, 0);
    expect({ rows: expected.length > 3000, lost, twice }).toEqual({ rows: true, lost: 0, twice: 0 });
    expect(got).toEqual(expected);
  }, 120_000);
});
