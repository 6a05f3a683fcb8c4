/** `connector = 'nexmark'` through the engine: SQL, start(), idle(), as a user runs it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/executor/api.js';
import type { TumbleEngine } from '../../src/executor/engine.js';
import { NexmarkGenerator, type NexmarkTable } from '../../src/executor/sources/nexmark-generator.js';
import { createEngine, SqlError } from '../../src/index.js';

const BID_COLUMNS = `auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND`;
const AUCTION_COLUMNS = `id BIGINT, item_name VARCHAR, description VARCHAR, initial_bid BIGINT, reserve BIGINT,
  date_time TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND`;
const PERSON_COLUMNS = `id BIGINT, name VARCHAR, email_address VARCHAR, credit_card VARCHAR, city VARCHAR, state VARCHAR,
  date_time TIMESTAMP(3), extra VARCHAR, WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND`;

const tmp = mkdtempSync(join(tmpdir(), 'tumbleql-nexmark-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every row of `view` (raw arrays) after the bounded sources have run to their end. */
async function runToEnd(sql: string, view: string, engine: Engine = createEngine()): Promise<unknown[][]> {
  engine.execute(sql);
  const rows: unknown[][] = [];
  engine.subscribeRaw(view, (batch) => {
    for (const r of batch) rows.push([...r]);
  });
  engine.start();
  await engine.idle();
  await engine.close();
  return rows;
}

function createError(sql: string): SqlError {
  try {
    createEngine().execute(sql);
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('expected CREATE to fail');
}

function generated(table: NexmarkTable, cfg: { seed?: number; eventsPerSecond?: number; maxEvents: number; baseTime?: number }): unknown[][] {
  const g = new NexmarkGenerator(cfg);
  const rows: unknown[][] = [];
  while (!g.done()) g.nextBatch(table, 1000, rows);
  return rows;
}

function rejections(engine: Engine): string[] {
  return engine.rejectedRows().map((r) => r.reason);
}

describe("connector = 'nexmark'", () => {
  it('delivers exactly the bids of the generator for the same seed, rate and event count', async () => {
    const rows = await runToEnd(
      `CREATE SOURCE bid (${BID_COLUMNS}) WITH (connector = 'nexmark', events = 5000, rate = 1000, seed = 7);
       CREATE VIEW all_bids AS SELECT * FROM bid`,
      'all_bids',
    );
    const expected = generated('bid', { seed: 7, eventsPerSecond: 1000, maxEvents: 5000 });
    expect(rows).toHaveLength(4600); // 46 bids in every 50 events
    expect(rows).toEqual(expected);
  });

  it('gives the same rows for the same seed and other rows for another seed', async () => {
    const sql = (seed: number) => `CREATE SOURCE bid (${BID_COLUMNS}) WITH (connector = 'nexmark', events = 2000, seed = ${seed});
      CREATE VIEW v AS SELECT auction, bidder, price FROM bid`;
    const a = await runToEnd(sql(1), 'v');
    const b = await runToEnd(sql(1), 'v');
    const c = await runToEnd(sql(2), 'v');
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('ends a bounded source with the watermark at +inf, so every window fires', async () => {
    const rows = await runToEnd(
      `CREATE SOURCE bid (${BID_COLUMNS}) WITH (connector = 'nexmark', events = 10000, rate = 1000, base_time = '2020-01-01T00:00:00Z');
       CREATE VIEW per_sec AS SELECT window_start, COUNT(*) AS n
       FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '1' SECOND)) GROUP BY window_start, window_end`,
      'per_sec',
    );
    // 10 000 events at 1 000/s = 10 s of event time from base_time; 920 bids in each second.
    expect(rows).toEqual(Array.from({ length: 10 }, (_, i) => [Date.UTC(2020, 0, 1) + i * 1000, 920]));
  });

  it('generates auctions and persons with their own schemas', async () => {
    const auctions = await runToEnd(
      `CREATE SOURCE auction (${AUCTION_COLUMNS}) WITH (connector = 'nexmark', 'table' = 'auction', events = 500);
       CREATE VIEW a AS SELECT * FROM auction`,
      'a',
    );
    expect(auctions).toEqual(generated('auction', { maxEvents: 500 }));
    expect(auctions).toHaveLength(30);
    const persons = await runToEnd(
      `CREATE SOURCE person (${PERSON_COLUMNS}) WITH (connector = 'nexmark', 'table' = 'person', events = 500);
       CREATE VIEW p AS SELECT id, name, state FROM person`,
      'p',
    );
    expect(persons).toHaveLength(10);
    expect(persons[0]).toEqual([1000, expect.any(String), expect.any(String)]);
  });

  it('maps columns by name in any order, leaves undeclared extras NULL and converts to the declared type', async () => {
    const rows = await runToEnd(
      `CREATE SOURCE bid (date_time TIMESTAMP(3), EXTRA VARCHAR, url VARCHAR, price DOUBLE, note VARCHAR, channel VARCHAR,
         bidder VARCHAR, auction BIGINT, WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND)
       WITH (connector = 'nexmark', events = 100);
       CREATE VIEW v AS SELECT auction, bidder, price, note, date_time FROM bid`,
      'v',
    );
    const expected = generated('bid', { maxEvents: 100 }).map((r) => [r[0], String(r[1]), r[2], null, r[5]]);
    expect(rows).toEqual(expected);
  });

  it('refuses at CREATE a source that does not declare every generator column, naming them and the DDL to use', () => {
    const err = createError(`CREATE SOURCE bid (auction BIGINT, price BIGINT, datetime TIMESTAMP(3), WATERMARK FOR datetime AS datetime)
       WITH (connector = 'nexmark', events = 100)`);
    expect(err.message).toContain('does not declare bidder, channel, url, date_time, extra');
    expect(err.message).toContain('declared but not generated: datetime');
    expect(err.message).toContain('Declare: auction BIGINT, bidder BIGINT, price BIGINT');
  });

  it.each([
    [`events = 'lots'`, `events must be a positive integer, got "lots"`],
    [`events = 0`, `events must be a positive integer, got 0`],
    [`rate = -5`, `rate must be a number > 0, got -5`],
    [`'table' = 'bids'`, `table must be 'bid', 'auction' or 'person', got 'bids'`],
    [`base_time = 'yesterday'`, `base_time must be epoch milliseconds or ISO-8601 text`],
    [`event = 100`, `unknown option 'event' for connector 'nexmark'`],
  ])('refuses %s at CREATE with a clear, located message', (option, message) => {
    const sql = `CREATE SOURCE bid (${BID_COLUMNS}) WITH (connector = 'nexmark', ${option})`;
    const err = createError(sql);
    expect(err.code).toBe('INVALID_OPTION');
    expect(err.message).toContain(message);
    // Located at the option it is about.
    const d = err.diagnostics[0]!;
    const line = sql.split('\n')[d.line - 1]!;
    expect(line.slice(d.column - 1)).toMatch(new RegExp(`^'?${option.split(' ')[0]!.replace(/'/g, '')}`));
    if (option.startsWith('event ')) expect(d.hint).toBe("did you mean 'events'?");
  });

  it('refuses at CREATE a declared type the generated values cannot have', () => {
    const err = createError(`CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel BIGINT, url VARCHAR,
        date_time TIMESTAMP(3), extra VARCHAR) WITH (connector = 'nexmark', events = 10)`);
    expect(err.message).toContain(`column 'channel' is VARCHAR in the generator and cannot be BIGINT`);
  });

  it('paces rows on the wall clock with rows_per_second', async () => {
    const t0 = performance.now();
    const rows = await runToEnd(
      `CREATE SOURCE bid (${BID_COLUMNS}) WITH (connector = 'nexmark', events = 300, rows_per_second = 1000);
       CREATE VIEW v AS SELECT auction FROM bid`,
      'v',
    );
    expect(rows).toHaveLength(276);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('keeps the event loop responsive while generating as fast as possible', async () => {
    const e = createEngine();
    e.execute(`CREATE SOURCE bid (${BID_COLUMNS}) WITH (connector = 'nexmark', events = 300000);
      CREATE VIEW v AS SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND)) GROUP BY window_start, window_end`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    e.start();
    await e.idle();
    clearInterval(timer);
    expect(e.stats().sources[0]?.eventsIn).toBe(276_000);
    expect(ticks).toBeGreaterThan(1);
    await e.close();
  });

  it('resumes after a crash from the checkpointed event number, with the output of an uninterrupted run', async () => {
    const sql = `CREATE SOURCE bid (${BID_COLUMNS}) WITH (connector = 'nexmark', events = 200000, rate = 10000, batch_size = 1000);
      CREATE VIEW per_auction AS SELECT auction, window_start, COUNT(*) AS n, MAX(price) AS top
      FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '2' SECOND)) GROUP BY auction, window_start, window_end`;
    const expected = await runToEnd(sql, 'per_auction');

    const statePath = join(tmp, 'resume.db');
    const first = createEngine({ statePath, checkpointIntervalMs: 0 });
    first.execute(sql);
    first.start();
    // Let part of the stream through, checkpoint, then die without a final checkpoint.
    while ((first.stats().sources[0]?.eventsIn ?? 0) < 50_000) await new Promise((r) => setImmediate(r));
    first.checkpoint();
    (first as TumbleEngine).crash();
    expect(first.stats().sources[0]!.eventsIn).toBeLessThan(184_000);

    const second = createEngine({ statePath, checkpointIntervalMs: 0 });
    second.start();
    await second.idle();
    second.checkpoint();
    const log = second.readLog('per_auction', 1, 1_000_000);
    await second.close();
    const asRows = log.map((r) => [r.row['auction'], Date.parse(String(r.row['window_start'])), r.row['n'], r.row['top']]);
    expect(asRows).toHaveLength(expected.length);
    expect(asRows).toEqual(expected);
  });

  it('feeds a view created after the events the same rows as one created before, generated again rather than held', async () => {
    // Columns in another order than the generator's, so the regenerated rows are rearranged as the live ones were.
    const source = `CREATE SOURCE bid (price BIGINT, auction BIGINT, bidder BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP(3), extra VARCHAR,
      WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND) WITH (connector = 'nexmark', events = 30000, rate = 5000, seed = 3, batch_size = 700)`;
    const view = (name: string) => `CREATE VIEW ${name} AS SELECT MOD(auction, 7) AS k, window_start, COUNT(*) AS n, SUM(price) AS total
      FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '1' SECOND)) GROUP BY MOD(auction, 7), window_start, window_end`;
    const e = createEngine();
    e.execute(`${source}; ${view('before')}`);
    const before: unknown[][] = [];
    e.subscribeRaw('before', (batch) => batch.forEach((r) => before.push([...r])));
    e.start();
    await e.idle();
    const history = (e as TumbleEngine).source('bid')!.history;
    // The source holds no batches at all: a new 'earliest' view regenerates the events from the seed.
    expect(history.filter((h) => typeof h !== 'number')).toEqual([]);
    e.execute(view('after'));
    const after = e.readLog('after', 1, 100_000).map((r) => [r.row['k'], Date.parse(String(r.row['window_start'])), r.row['n'], r.row['total']]);
    await e.close();
    expect(before.length).toBeGreaterThan(40);
    expect(after).toEqual(before);
  });
});
