/**
 * HOP with EMIT FINAL: a window is its panes merged per key when it fires (operators/hop-aggregate.ts),
 * keys in order of their first pane, then creation — also when a late row adds a key to a pane that was
 * already merged into a fired window.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

describe('HOP EMIT FINAL', () => {
  it('counts a late row in the open windows of its pane, after the pane was merged into a fired one', async () => {
    const engine = createEngine();
    engine.execute(`CREATE SOURCE s (k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)`);
    engine.execute(`CREATE VIEW h AS SELECT k, window_start, window_end, COUNT(*) AS n
      FROM TABLE(HOP(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '3' SECOND)) GROUP BY k, window_start, window_end`);
    const out: string[] = [];
    engine.subscribeRaw('h', (rows) => {
      for (const r of rows) out.push(`${r[0] as string} ${r[1] as number}..${r[2] as number} ${r[3] as number}`);
    });
    engine.push('s', [{ k: 'a', ts: 1000 }]);
    engine.push('s', [{ k: 'b', ts: 3000 }]); // fires [-1000, 2000) and [0, 3000): pane 1000 merged twice
    engine.push('s', [{ k: 'c', ts: 1500 }]); // pane 1000 again: late for those two, counted in [1000, 4000)
    engine.push('s', [{ k: 'a', ts: 1200 }]);
    engine.push('s', [{ k: 'd', ts: 6000 }]);
    await engine.settled();
    expect(out).toEqual([
      'a -1000..2000 1',
      'a 0..3000 1',
      'a 1000..4000 2',
      'c 1000..4000 1',
      'b 1000..4000 1',
      'b 2000..5000 1',
      'b 3000..6000 1',
    ]);
    expect(engine.lateRows('h', 10).length).toBe(2);
    await engine.close();
  });
});
