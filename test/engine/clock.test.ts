/** The engine's injected clock: generators and idle timeouts follow it, not the wall clock. */
import { describe, expect, it } from 'vitest';
import type { TumbleEngine } from '../../src/executor/engine.js';
import { createEngine } from '../../src/index.js';
import { ManualClock } from '../helpers/manual-clock.js';

const T0 = Date.UTC(2026, 0, 1);

describe('an injected clock', () => {
  it('drives idle_timeout: a source is idle once the clock has run that long past its last row, no sooner', async () => {
    const clock = new ManualClock(T0);
    const engine = createEngine({ clock });
    engine.execute(`CREATE SOURCE s (k INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (idle_timeout = '1s');`);
    const rt = (engine as TumbleEngine).source('s')!;
    engine.start();
    engine.push('s', [{ k: 1, ts: T0 + 1000 }]);
    clock.advance(900);
    expect(rt.idle).toBe(false);
    clock.advance(400);
    expect(rt.idle).toBe(true);
    expect(rt.wm).toBe(T0 + 1000); // just marked idle: the watermark is still the rows' own
    clock.advance(1_000);
    expect(rt.wm).toBeGreaterThan(T0 + 1000); // idle through a tick: it moves on with the clock
    await engine.close();
  });

  it('drives datagen: rows are due at rows_per_second of clock time and stamped with the time each fell due', async () => {
    const clock = new ManualClock(T0);
    const engine = createEngine({ clock });
    engine.execute(`CREATE SOURCE g (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
      WITH (connector = 'datagen', rows_per_second = 100, 'fields.ts.max_past' = '0s');`);
    engine.start();
    clock.advance(2_000);
    const stats = engine.stats().sources[0]!;
    expect(stats.eventsIn).toBe(200);
    expect(stats.watermark).toBe(T0 + 2_000);
    await engine.close();
  });
});
