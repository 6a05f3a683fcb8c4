/**
 * `tumbleql/client` as a Node program imports it: the package's `./client` export resolves to the built
 * dist/ file, which runs on Node 20 (no global WebSocket: the client falls back to `ws`) against a real
 * server with a token.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReal, type Harness } from '../server/real-engine.js';

const run = promisify(execFile);
let h: Harness;

beforeAll(async () => {
  h = await startReal({ token: 'pkg-token' });
});
afterAll(async () => {
  await h.stop();
});

const program = `
import { connect } from 'tumbleql/client';
const url = process.argv[1];
const client = await connect(url, { token: 'pkg-token' });
const seen = [];
await client.subscribe('pass', { from: 'earliest', onRows: (rows) => seen.push(...rows.map((r) => r.seq + ':' + r.row.auction)) });
const ack = await client.insert('bids', [{ auction: 7, price: 1, ts: 0 }, { auction: 8, price: 2, ts: 1 }]);
while (seen.length < 2) await new Promise((r) => setTimeout(r, 10));
console.log(JSON.stringify({ ack, seen }));
client.close();
`;

describe('the tumbleql/client package export', () => {
  it('runs in a plain Node program against a real server', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', program, h.server.url], { cwd: process.cwd(), timeout: 20_000 });
    const out = JSON.parse(stdout.trim()) as { ack: { count: number; errors: unknown[] }; seen: string[] };
    expect(out.ack.count).toBe(2);
    expect(out.ack.errors).toEqual([]);
    expect(out.seen).toEqual(['1:7', '2:8']);
  });
});
