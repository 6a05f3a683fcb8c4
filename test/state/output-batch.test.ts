/**
 * Output rows that cross to the commit thread as values (state/output-batch.ts) and get their JSON
 * there: the durable output log and the committed-row listeners see exactly what an engine that encodes
 * every row on the event loop gives them, rows of every kind of value included; and batches too small,
 * or read as text by a listener, still take the event loop's path in the same log.
 */
import { describe, expect, it } from 'vitest';
import type { CommittedRow } from '../../src/executor/api.js';
import { TumbleEngine } from '../../src/executor/engine.js';
import { decodeInputBatch } from '../../src/executor/state/input-batch.js';
import { outputBatchOf } from '../../src/executor/state/output-batch.js';
import { statePathPerTest } from '../executor/helpers.js';

const statePath = statePathPerTest();

const DDL = `CREATE SOURCE s (k BIGINT, name VARCHAR, v DOUBLE, flag BOOLEAN, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW w AS SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS total, MAX(name) AS top, MIN(ts) AS first_ts
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;
CREATE VIEW raw AS SELECT k, name, v, flag, ts FROM s WHERE k % 3 = 0;
CREATE VIEW few AS SELECT name, window_start, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY name, window_start, window_end;`;

/** Batch `b`: 300 events over 200 keys with NULLs, -0, NaN and ±Infinity among the values, text with quotes and newlines. */
function batch(b: number): Record<string, unknown>[] {
  return Array.from({ length: 300 }, (_, i) => {
    const j = b * 300 + i;
    const special = [null, -0, NaN, Infinity, -Infinity][j % 17];
    return {
      k: j % 200,
      name: j % 7 === 0 ? null : `n"${j % 4}\n`,
      v: special !== undefined ? special : (j % 37) / 4 - 3,
      flag: j % 5 === 0 ? null : j % 2 === 0,
      ts: b * 400 + (i % 400),
    };
  });
}

async function run(path: string, background: boolean): Promise<{ log: Record<string, unknown[]>; committed: CommittedRow[] }> {
  const e = new TumbleEngine({ statePath: path, checkpointIntervalMs: background ? 3_600_000 : 0 });
  e.execute(DDL);
  const committed: CommittedRow[] = [];
  e.onCommitted((rows) => committed.push(...rows));
  for (let i = 0; i < 12; i++) {
    e.push('s', batch(i));
    if (i % 4 === 3) {
      if (background) await e.checkpointInBackground();
      else e.checkpoint();
    }
  }
  e.flush();
  await e.close();
  const reader = new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
  const log: Record<string, unknown[]> = {};
  for (const v of ['w', 'raw', 'few']) log[v] = reader.readLog(v, 1, 1_000_000);
  await reader.close();
  return { log, committed };
}

describe('output rows encoded on the commit thread', () => {
  it('are logged and handed to committed-row listeners exactly as when encoded on the event loop', async () => {
    const viaBatches = await run(statePath(), true);
    const onLoop = await run(statePath(), false);
    expect(viaBatches.log['w']!.length).toBe(1000);
    expect(viaBatches.log['raw']!.length).toBeGreaterThan(500);
    expect(viaBatches.log['few']!.length).toBeGreaterThan(10);
    expect(viaBatches.log).toEqual(onLoop.log);
    // Per view in seq order (across views the order follows the blocks, which small batches join).
    for (const v of ['w', 'raw', 'few']) expect(viaBatches.committed.filter((r) => r.view === v)).toEqual(onLoop.committed.filter((r) => r.view === v));
    expect(viaBatches.committed.length).toBe(onLoop.committed.length);
    // Listener rows are what the log holds.
    const w = viaBatches.committed.filter((r) => r.view === 'w');
    expect(w.map((r) => r.row)).toEqual(viaBatches.log['w']!.map((r) => (r as { row: unknown }).row));
  });

  it('keep the rows as emitted (a batch of another width is left to the caller)', () => {
    const columns = [
      { name: 'a', type: { name: 'BIGINT', nullable: true } },
      { name: 'b', type: { name: 'VARCHAR', nullable: true } },
    ] as const;
    const rows = [[1, 'x'], [-0, null], [NaN, '']];
    const b = outputBatchOf('v', 5, rows, ['+I', '-U', '+U'], columns)!;
    expect(b).toMatchObject({ view: 'v', firstSeq: 5, n: 3, ops: '+I,-U,+U' });
    expect(decodeInputBatch(b.rows)).toEqual(rows);
    expect(outputBatchOf('v', 5, rows, null, columns)!.ops).toBeNull();
    expect(outputBatchOf('v', 5, [[1, 'x', 3]], null, columns)).toBeNull();
  });
});
