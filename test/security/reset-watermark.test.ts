/**
 * Attack 5, the repair: a watermark already poisoned (an event at 9999-12-31 from before
 * `watermark.max_ahead`, or from a source that has it off) made every later event late, and neither a
 * restart nor `--reset <view>` cleared it. `ALTER SOURCE s RESET WATERMARK` (admin only) resets the
 * source's watermark and every dependent operator's view of it, in the state file too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSecure, type Sec } from './harness.js';

const T = Date.UTC(2026, 0, 1);
const POISON = '9999-12-31T00:00:00Z';

const DDL = `
CREATE SOURCE bids (auction BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket', 'watermark.max_ahead' = 'off');
CREATE SOURCE asks (auction BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket');
CREATE SOURCE notes (user_id BIGINT, body VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket');
CREATE VIEW counts AS SELECT auction, window_start, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end;
CREATE VIEW big AS SELECT auction, price, ts FROM bids WHERE price > 0;
CREATE VIEW big_counts AS SELECT window_start, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE big, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end;
CREATE VIEW notifications AS SELECT user_id, body FROM notes;`;

const bid = (auction: number, ts: number | string) => ({ auction, price: 1, ts });

let sec: Sec | null = null;
let dir: string | null = null;
afterEach(async () => {
  await sec?.stop();
  sec = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

const late = (s: Sec, view: string) => s.engine.stats().views.find((v) => v.view === view)!.lateRows;

describe('ALTER SOURCE ... RESET WATERMARK', () => {
  it('clears a poisoned watermark for the source and every view over it, in the state file too', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tumbleql-reset-wm-'));
    const statePath = join(dir, 'state.db');
    sec = await startSecure({}, { statePath, checkpointIntervalMs: 0 }, DDL);
    const admin = await sec.as('admin-secret');
    expect(await admin.request({ type: 'insert', source: 'bids', rows: [bid(1, T), bid(9, POISON)] })).toMatchObject({ count: 2 });
    expect(await admin.request({ type: 'insert', source: 'bids', rows: [bid(1, T + 1000)] })).toMatchObject({ count: 1 });
    expect(late(sec, 'counts')).toBe(1); // poisoned: a row one second later is late
    expect(late(sec, 'big_counts')).toBe(1);

    const reset = await admin.request({ type: 'execute', sql: 'ALTER SOURCE bids RESET WATERMARK' });
    expect(reset).toMatchObject({ type: 'ok', results: [{ kind: 'altered', name: 'bids', previous: '9999-12-31T00:00:00.000Z', views: ['counts', 'big', 'big_counts'] }] });
    expect(sec.engine.stats().sources.find((s) => s.source === 'bids')!.watermark).toBeNull();

    // Rows after the reset are on time again, and windows fire as the new watermark passes them.
    expect(await admin.request({ type: 'insert', source: 'bids', rows: [bid(1, T + 2000), bid(1, T + 3000), bid(2, T + 25_000)] })).toMatchObject({ count: 3 });
    expect([late(sec, 'counts'), late(sec, 'big_counts')]).toEqual([1, 1]);
    sec.engine.checkpoint();
    // The window at T fired once under the poison (with the row before it) and again with the rows after
    // the reset: windows that already fired stay fired, a later row opens its window again.
    const fired = sec.engine.readLog('counts', 1, 100).map((r) => r.row);
    expect(fired.filter((r) => r['auction'] === 1)).toEqual([
      { auction: 1, window_start: new Date(T).toISOString(), n: 1 },
      { auction: 1, window_start: new Date(T).toISOString(), n: 2 },
    ]);
    expect(sec.engine.readLog('big_counts', 1, 100).map((r) => r.row)).toContainEqual({ window_start: new Date(T).toISOString(), n: 2 });

    // A crash (no final checkpoint): the reset was checkpointed with the statement, the rows after it are
    // replayed from the input log, and the poison does not come back.
    (sec.engine as unknown as { crash(): void }).crash();
    await sec.stop();
    sec = await startSecure({}, { statePath, checkpointIntervalMs: 0 }, '');
    expect(sec.engine.stats().sources.find((s) => s.source === 'bids')!.watermark).toBe(T + 25_000);
    const again = await sec.as('admin-secret');
    expect(await again.request({ type: 'insert', source: 'bids', rows: [bid(3, T + 26_000), bid(3, T + 40_000)] })).toMatchObject({ count: 2 });
    expect([late(sec, 'counts'), late(sec, 'big_counts')]).toEqual([1, 1]); // the one from before the reset, none new
    expect(sec.engine.lateRows('counts', 100).filter((r) => r.row['auction'] === 3)).toEqual([]);
    sec.engine.checkpoint();
    expect(sec.engine.readLog('counts', 1, 100).map((r) => r.row)).toContainEqual({ auction: 3, window_start: new Date(T + 20_000).toISOString(), n: 1 });
  });

  it('is for admin tokens only, and an unknown name is a located error', async () => {
    sec = await startSecure({}, {}, DDL);
    const producer = await sec.as('producer-secret');
    const reader = await sec.as('reader-secret');
    for (const c of [producer, reader]) {
      expect(await c.request({ type: 'execute', sql: 'ALTER SOURCE bids RESET WATERMARK' })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    }
    const admin = await sec.as('admin-secret');
    expect(await admin.request({ type: 'execute', sql: 'ALTER SOURCE bidz RESET WATERMARK' })).toMatchObject({
      type: 'error', code: 'UNKNOWN_SOURCE', line: 1, column: 14, message: expect.stringContaining("did you mean 'bids'"),
    });
    expect(await admin.request({ type: 'execute', sql: 'ALTER SOURCE counts\n  RESET WATERMARK' })).toMatchObject({
      code: 'UNKNOWN_SOURCE', line: 1, column: 14, message: expect.stringContaining('is a view'),
    });
    expect(await admin.request({ type: 'execute', sql: 'ALTER SOURCE bids RESET' })).toMatchObject({ code: 'SQL_SYNTAX' });
    expect(await admin.request({ type: 'execute', sql: 'ALTER TABLE asks RESET WATERMARK' })).toMatchObject({ type: 'ok' }); // Flink's spelling
  });
});
