/** The engine's injected clock: generators and idle timeouts follow it, not the wall clock. */
import { describe, expect, it } from 'vitest';
import type { OutputRow } from '../../src/executor/api.js';
import { createEngine } from '../../src/index.js';
import { ManualClock } from '../helpers/manual-clock.js';

const T0 = Date.UTC(2026, 0, 1);

describe('an injected clock', () => {
  it('drives idle_timeout: an idle source’s watermark moves with the clock and closes the last window', async () => {
    const clock = new ManualClock(T0);
    const engine = createEngine({ clock });
    engine.execute(`CREATE SOURCE s (k INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (idle_timeout = '1s');
      CREATE VIEW v AS SELECT k, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end;`);
    const rows: OutputRow[] = [];
    engine.subscribe('v', (r) => rows.push(...r));
    engine.start();
    engine.push('s', [{ k: 1, ts: T0 + 1000 }]);
    clock.advance(5_000);
    expect(rows).toEqual([]);
    clock.advance(7_000); // idle since T0: the watermark has gained the clock's ~11 s since it went idle
    expect(rows.map((r) => r.row)).toEqual([{ k: 1, n: 1 }]);
    await engine.close();
  });

  it('drives datagen: rows are due at rows_per_second of clock time and stamped with its now', async () => {
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
