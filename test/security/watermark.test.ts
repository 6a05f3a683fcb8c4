/**
 * Attack 5, watermark poisoning: one event at 9999-12-31 made every later event late, for good. Pushed
 * sources now refuse events more than `watermark.max_ahead` (default 1 day) ahead of the clock; they go to
 * the rejects table with the reason, and the watermark stays where it was.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { setWatermarkClock } from '../../src/security/index.js';
import { startSecure, type Sec } from './harness.js';

const NOW = Date.UTC(2026, 0, 1);
beforeAll(() => setWatermarkClock(() => NOW));
afterAll(() => setWatermarkClock(Date.now));

let sec: Sec | null = null;
afterEach(async () => {
  await sec?.stop();
  sec = null;
});

describe('watermark.max_ahead', () => {
  it('rejects a far-future event over the websocket, with its id and reason, and later events are not late', async () => {
    sec = await startSecure();
    const c = await sec.as('producer-secret');
    const poisoned = await c.request({ type: 'insert', source: 'bids', rows: [{ auction: 1, price: 1, ts: '9999-12-31T00:00:00Z' }] });
    expect(poisoned).toMatchObject({ type: 'ack', count: 0, errors: [{ index: 0 }] });
    expect(poisoned['errors'][0].reason).toContain('watermark.max_ahead');
    expect(await c.request({ type: 'insert', source: 'bids', rows: [{ auction: 1, price: 1, ts: NOW - 5000 }] })).toMatchObject({ count: 1 });
    expect(sec.engine.lateRows()).toEqual([]);
    expect(sec.engine.stats().sources.find((s) => s.source === 'bids')!.watermark).toBe(NOW - 5000);
    const rejects = sec.engine.rejectedRows('bids');
    expect(rejects[0]!.reason).toContain('ahead of the clock');
  });

  it('reads the clock again for an event beyond the last bound, so a moving clock is followed', () => {
    let now = NOW;
    const reads: number[] = [];
    setWatermarkClock(() => (reads.push(now), now));
    try {
      const e = createEngine();
      e.execute(`CREATE SOURCE a (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket', 'watermark.max_ahead' = '1h')`);
      expect(e.push('a', [{ ts: NOW }, { ts: NOW + 1 }, { ts: NOW + 3_600_000 }]).accepted).toBe(3);
      expect(reads).toHaveLength(1); // one read gave a bound every row was within
      expect(e.push('a', [{ ts: NOW + 3_600_001 }]).accepted).toBe(0);
      now = NOW + 1000; // the clock moved: the same event is within the new bound
      expect(e.push('a', [{ ts: NOW + 3_600_001 }, { ts: NOW + 3_601_000 }, { ts: NOW + 3_601_001 }]).accepted).toBe(2);
      expect(e.rejectedRows('a')).toHaveLength(2);
    } finally {
      setWatermarkClock(() => NOW);
    }
  });

  it('takes events up to the bound, is configurable per source, and can be switched off', () => {
    const e = createEngine();
    e.execute(`CREATE SOURCE a (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket', 'watermark.max_ahead' = '1h');
               CREATE SOURCE b (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket', 'watermark.max_ahead' = 'off')`);
    expect(e.push('a', [{ ts: NOW + 3_600_000 }]).accepted).toBe(1);
    expect(e.push('a', [{ ts: NOW + 3_600_001 }]).accepted).toBe(0);
    expect(e.push('b', [{ ts: '9999-12-31T00:00:00Z' }]).accepted).toBe(1);
    expect(() => e.execute(`CREATE SOURCE c (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('watermark.max_ahead' = 'soon')`)).toThrow(/watermark.max_ahead/);
  });
});
