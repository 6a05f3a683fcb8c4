/**
 * Output waiting for its checkpoint is bounded (Durability.holdBack, docs/state.md "Back-pressure"):
 * past `checkpointBacklogBytes` of output not committed yet, a push waits for the checkpoint being
 * written and the next one is taken at once, so the bytes waiting stay near the bound however long the
 * run, where without it they grow with every window. And past `backlog.batchRows` rows crossing as
 * values, output is encoded on the event loop again until a commit lets them go. Either way the log
 * holds the same rows under the same seqs.
 */
import { setImmediate as yieldLoop } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TumbleEngine } from '../../src/executor/engine.js';
import type { Durability } from '../../src/executor/durability.js';
import { statePathPerTest } from '../executor/helpers.js';

const statePath = statePathPerTest();

const KEYS = 2000;
const DDL = `CREATE SOURCE ev (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW agg AS SELECT k, window_start, COUNT(*) AS n, SUM(v) AS s
  FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY window_start, window_end, k;`;

/** Second `i`: one event per key, in event-time order; its watermark fires second i-1's window (KEYS rows). */
function second(i: number): Record<string, unknown>[] {
  return Array.from({ length: KEYS }, (_, k) => ({ k, v: (i * 7 + k) % 13, ts: i * 1000 + Math.floor((k * 999) / KEYS) }));
}

const durabilityOf = (e: TumbleEngine): Durability => (e as unknown as { durable: Durability }).durable;

/** Pushes `seconds` seconds (yielding between pushes); the backlog after each, and the whole log. */
async function run(path: string, seconds: number, backlogBytes?: number) {
  // A commit thread (an interval), but checkpoints only when the backlog asks for one.
  const e = new TumbleEngine({ statePath: path, checkpointIntervalMs: 3_600_000, ...(backlogBytes === undefined ? {} : { checkpointBacklogBytes: backlogBytes }) });
  e.execute(DDL);
  const backlog: number[] = [];
  for (let i = 0; i < seconds; i++) {
    e.push('ev', second(i));
    backlog.push(e.stats().checkpoint!.backlogBytes);
    await yieldLoop();
  }
  const { stalls, count } = e.stats().checkpoint!;
  await e.close();
  const reader = new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
  const log = reader.readLog('agg', 1, 10_000_000);
  await reader.close();
  return { backlog, stalls, checkpoints: count, log };
}

describe('output waiting for its checkpoint', () => {
  it('makes a server stop reading (backlogged) while a checkpoint is on its way with the backlog past its bound', async () => {
    const e = new TumbleEngine({ statePath: statePath(), checkpointIntervalMs: 3_600_000, checkpointBacklogBytes: 10_000 });
    e.execute(DDL);
    for (let i = 0; i < 4; i++) e.push('ev', second(i));
    expect(e.stats().checkpoint!.backlogBytes).toBeGreaterThan(10_000);
    // Nothing on its way: reading goes on, and a push takes the next checkpoint early instead.
    expect(e.backlogged()).toBe(false);
    const written = e.checkpointInBackground();
    expect(e.backlogged()).toBe(true);
    await written;
    expect(e.backlogged()).toBe(false);
    expect(e.stats().checkpoint!.stalls).toBe(0);
    await e.close();
  });

  it('stays bounded: past checkpointBacklogBytes pushes wait for the commit thread, with the same log', async () => {
    const seconds = 24;
    const unbounded = await run(statePath(), seconds);
    // Without a bound every window's output waits for a checkpoint that never comes: it grows with the run.
    const perWindow = unbounded.backlog[2]! - unbounded.backlog[1]!;
    expect(perWindow).toBeGreaterThan(10_000);
    expect(unbounded.backlog[seconds - 1]).toBeGreaterThanOrEqual((seconds - 2) * perWindow);
    expect(unbounded.stalls).toBe(0);

    const bound = perWindow;
    const bounded = await run(statePath(), seconds, bound);
    expect(bounded.stalls).toBeGreaterThan(3);
    expect(bounded.checkpoints).toBeGreaterThan(unbounded.checkpoints + 3);
    // Without a checkpoint interval to take the next one, it is taken once twice the bound waits: at most
    // that plus what two pushes made (the one that found it passed — the checkpoint is taken at the next
    // turn of the event loop, never inside a push — and the one before).
    const most = 2 * bound + 2 * perWindow;
    expect(Math.max(...bounded.backlog)).toBeLessThanOrEqual(most);
    // Flat in run length: the second half waits no more than that either.
    expect(Math.max(...bounded.backlog.slice(seconds / 2))).toBeLessThanOrEqual(most);

    expect(bounded.log.length).toBe((seconds - 1) * KEYS);
    expect(bounded.log).toEqual(unbounded.log);
  });

  it('crosses as values up to backlog.batchRows rows not committed, then as text until a commit lets them go', async () => {
    const path = statePath();
    const e = new TumbleEngine({ statePath: path, checkpointIntervalMs: 3_600_000 });
    e.execute(DDL);
    const d = durabilityOf(e);
    d.backlog = { bytes: d.backlog.bytes, batchRows: 5000 };
    e.push('ev', second(0));
    e.push('ev', second(1));
    e.push('ev', second(2));
    // Two windows (4,000 rows, in batches of at most 1,024): below the cap, all as values.
    expect(d.rowsAsValues).toBe(2 * KEYS);
    expect(d.rowsAsText).toBe(0);
    e.push('ev', second(3));
    e.push('ev', second(4));
    // Past 5,000 rows ahead: the rest is encoded here.
    expect(d.rowsAsValues).toBeGreaterThanOrEqual(5000);
    expect(d.rowsAsValues).toBeLessThan(5000 + 1024);
    expect(d.rowsAsText).toBe(4 * KEYS - d.rowsAsValues);
    expect(e.stats().views[0]!.rowsOut).toBe(4 * KEYS);
    await e.checkpointInBackground();
    const values = d.rowsAsValues;
    e.push('ev', second(5));
    // Committed: the cap is free again.
    expect(d.rowsAsValues).toBe(values + KEYS);
    await e.close();

    // The same log as an engine that encodes every row on the event loop.
    const reference = new TumbleEngine({ statePath: statePath(), checkpointIntervalMs: 0 });
    reference.execute(DDL);
    for (let i = 0; i <= 5; i++) reference.push('ev', second(i));
    reference.checkpoint();
    const want = reference.readLog('agg', 1, 1_000_000);
    await reference.close();
    const reader = new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
    const got = reader.readLog('agg', 1, 1_000_000);
    await reader.close();
    expect(got.length).toBe(5 * KEYS);
    expect(got).toEqual(want);
  });
});
