/**
 * scan.startup.mode = 'earliest' over a generator (datagen, nexmark): a query created later reads the
 * rows the generator produced from its start, generated again from the seed (the source keeps none of
 * them), so it gives the rows of a view created before them; after a restart of a durable engine too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { TumbleEngine } from '../../src/executor/engine.js';
import { createEngine } from '../../src/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { collect, durable, tempState } from './helpers.js';

const T0 = Date.UTC(2026, 0, 1);
const state = tempState();
afterAll(() => state.cleanup());

const DATAGEN = (rows: number) => `CREATE SOURCE g (k VARCHAR, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '500' MILLISECOND)
  WITH (connector = 'datagen', rows_per_second = 50, number_of_rows = ${rows}, seed = 7,
        'fields.k.values' = 'a,b,c', 'fields.v.max' = '100', 'fields.ts.max_past' = '2s');`;
const DG_VIEW = (name: string) =>
  `CREATE VIEW ${name} AS SELECT k, window_start, COUNT(*) AS n, SUM(v) AS total FROM TABLE(TUMBLE(TABLE g, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;`;

const NEXMARK = `CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
    date_time TIMESTAMP(3), extra VARCHAR, WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND)
  WITH (connector = 'nexmark', 'table' = 'bid', events = 3000, rate = '100', seed = '3', batch_size = '128');`;
const NX_VIEW = (name: string) =>
  `CREATE VIEW ${name} AS SELECT auction, window_start, COUNT(*) AS bids, MAX(price) AS top FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '2' SECOND)) GROUP BY auction, window_start, window_end;`;

describe("a datagen source read from 'earliest'", () => {
  it('gives a view created after rows were generated the rows of one created before them, without retaining them', async () => {
    const clock = new ManualClock(T0);
    const e = createEngine({ clock }) as TumbleEngine;
    e.execute(DATAGEN(400) + DG_VIEW('before'));
    const before = collect(e, 'before');
    e.start();
    clock.advance(3_000);
    expect(e.stats().sources[0]!.eventsIn).toBe(150);
    expect(e.source('g')!.history).toHaveLength(0); // nothing kept: the rows are generated again
    e.execute(DG_VIEW('after'));
    const after = collect(e, 'after');
    expect(after.length).toBeGreaterThan(3); // the windows that had fired before it existed
    clock.advance(6_000);
    await e.idle();
    expect(before.length).toBeGreaterThan(20);
    expect(after).toEqual(before);
    expect(e.lateRows('after', 1000).map((r) => r.row)).toEqual(e.lateRows('before', 1000).map((r) => r.row));
    await e.close();
  });

  it('replays an explicit watermark move between the rows it came between', async () => {
    const clock = new ManualClock(T0);
    const e = createEngine({ clock });
    e.execute(DATAGEN(300) + DG_VIEW('before'));
    const before = collect(e, 'before');
    e.start();
    clock.advance(2_000);
    e.advanceWatermark('g', T0 + 2_400); // ahead of the rows' own: rows stamped before 2 s are late from here on
    clock.advance(1_000);
    e.execute(DG_VIEW('after'));
    const after = collect(e, 'after');
    clock.advance(4_000);
    await e.idle();
    expect(e.lateRows('before', 1000).length).toBeGreaterThan(0);
    expect(after).toEqual(before);
    expect(e.lateRows('after', 1000).map((r) => r.row)).toEqual(e.lateRows('before', 1000).map((r) => r.row));
    await e.close();
  });

  it('regenerates the rows of every run after a restart of a durable engine', async () => {
    const path = `${state.path}-datagen`;
    const first = durable(path, { clock: new ManualClock(T0) });
    const clock1 = first.options.clock as ManualClock;
    first.execute(DATAGEN(500) + DG_VIEW('before'));
    first.start();
    clock1.advance(4_000);
    await first.close(); // final checkpoint after 200 rows
    const clock2 = new ManualClock(T0 + 60_000); // a minute later: the second run's rows are stamped from then on
    const again = durable(path, { clock: clock2 });
    again.start();
    clock2.advance(2_000);
    again.execute(DG_VIEW('after'));
    const after = collect(again, 'after');
    clock2.advance(6_000);
    await again.idle();
    again.checkpoint();
    const log = again.readLog('before', 1, 10_000).map((r) => `${r.op} ${JSON.stringify(r.row)}`);
    expect(again.stats().sources[0]!.eventsIn).toBe(300); // this run's rows
    expect(log.some((l) => l.includes('"window_start":"2026-01-01T00:01:0'))).toBe(true); // rows of the second run
    expect(after).toEqual(log);
    await again.close();
  });
});

describe("a nexmark source read from 'earliest'", () => {
  it('gives a query created after the generator ended its rows again, from the seed', async () => {
    const e = createEngine() as TumbleEngine;
    e.execute(NEXMARK + NX_VIEW('before'));
    const before = collect(e, 'before');
    e.start();
    await e.idle();
    expect(e.source('bid')!.history).toHaveLength(0);
    e.execute(NX_VIEW('after'));
    const after = collect(e, 'after');
    expect(before.length).toBeGreaterThan(20);
    expect(after).toEqual(before);
    await e.close();
  });

  it('and after a restart of a durable engine', async () => {
    const path = `${state.path}-nexmark`;
    const first = durable(path);
    first.execute(NEXMARK + NX_VIEW('before'));
    first.start();
    await first.idle();
    await first.close();
    const again = durable(path);
    again.start();
    await again.idle();
    again.execute(NX_VIEW('after'));
    const after = collect(again, 'after');
    const log = again.readLog('before', 1, 10_000).map((r) => `${r.op} ${JSON.stringify(r.row)}`);
    expect(log.length).toBeGreaterThan(20);
    expect(after).toEqual(log);
    await again.close();
  });
});
