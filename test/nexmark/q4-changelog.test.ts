/**
 * Nexmark q4 as the bench runs it: the engine's changelog (a comma join with a lifetime condition, MAX
 * per auction, AVG per category), folded by the digest, equals the hand-written loop's folded changelog
 * and a from-scratch batch computation over the same events; and the digest's fold is that of the final
 * table.
 */
import { describe, expect, it } from 'vitest';
import { AUCTION_COLUMNS_DDL, BID_COLUMNS_DDL, getCase } from '../../bench/cases.mjs';
import { createDigest, digestRows } from '../../bench/reference/digest.mjs';
import { HANDWRITTEN } from '../../bench/reference/handwritten.mjs';
import { NexmarkGenerator } from '../../src/executor/sources/nexmark-generator.js';
import { createEngine } from '../../src/index.js';

const N = 20_000;

/** The generator's mixed stream (persons, auctions, bids) in event order, as the hand-written loop reads it. */
function mixed(n: number): unknown[][] {
  const g = new NexmarkGenerator({ seed: 0, eventsPerSecond: 100_000, maxEvents: n });
  const out: unknown[][] = [];
  while (!g.done()) g.nextBatch(null, 4096, out);
  return out;
}

/** q4 over whole arrays: the final table, computed directly. */
function batchQ4(events: readonly unknown[][]): unknown[][] {
  const auctions = new Map<unknown, { category: number; start: number; expires: number }>();
  for (const r of events) if (r.length === 10) auctions.set(r[0], { category: r[8] as number, start: r[5] as number, expires: r[6] as number });
  const max = new Map<unknown, number>();
  for (const r of events) {
    if (r.length !== 7) continue;
    const a = auctions.get(r[0]);
    const [price, ts] = [r[2] as number, r[5] as number];
    if (a === undefined || ts < a.start || ts > a.expires) continue;
    max.set(r[0], Math.max(max.get(r[0]) ?? -Infinity, price));
  }
  const cats = new Map<number, { sum: number; count: number }>();
  for (const [id, m] of max) {
    const c = auctions.get(id)!.category;
    const s = cats.get(c) ?? { sum: 0, count: 0 };
    s.sum += m;
    s.count++;
    cats.set(c, s);
  }
  return [...cats].map(([c, s]) => [c, Math.trunc(s.sum / s.count)]);
}

describe('Nexmark q4 in the bench', () => {
  it('folds a changelog into the digest of its final table', () => {
    const d = createDigest('q4');
    d.apply([1, 10], '+I');
    d.apply([2, 20], '+I');
    d.apply([1, 10], '-U');
    d.apply([1, 15], '+U');
    d.apply([2, 20], '-D');
    d.apply([3, 30], null);
    expect(d.result()).toEqual(digestRows('q4', [[1, 15], [3, 30]]));
  });

  it('gives the same final table from the engine, the hand-written loop and a batch computation', async () => {
    const events = mixed(N);
    const expected = digestRows('q4', batchQ4(events));
    expect(expected.rows).toBeGreaterThan(0);

    const hand = createDigest('q4');
    HANDWRITTEN.q4!(events as never, (row: unknown[], op?: string) => hand.apply(row, op));
    expect(hand.result()).toEqual(expected);

    const engine = createEngine();
    engine.execute(`CREATE SOURCE auction (${AUCTION_COLUMNS_DDL}) WITH (connector = 'nexmark', 'table' = 'auction', events = ${N}, rate = 100000, seed = 0)`);
    engine.execute(`CREATE SOURCE bid (${BID_COLUMNS_DDL}) WITH (connector = 'nexmark', 'table' = 'bid', events = ${N}, rate = 100000, seed = 0)`);
    engine.execute(`CREATE VIEW v AS ${getCase('q4').sql}`);
    const got = createDigest('q4');
    let retractions = 0;
    engine.subscribeRaw('v', (rows, ops) => {
      rows.forEach((r, i) => {
        const op = ops?.[i] ?? '+I';
        if (op === '-U' || op === '-D') retractions++;
        got.apply(r, op);
      });
    });
    engine.start();
    await engine.idle();
    await engine.close();
    expect(retractions).toBeGreaterThan(0); // a real changelog, not only inserts
    expect(got.result()).toEqual(expected);
  });
});
