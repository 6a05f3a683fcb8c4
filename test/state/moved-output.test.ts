/**
 * Output bytes moved to the commit thread instead of copied (state/store-client.ts moveOutput): a
 * checkpoint's output is held by one thread at a time. What must hold: only whole buffers of the views
 * the caller names are moved (they are empty on the engine's side afterwards), the log gets exactly the
 * rows either way, and a committed-row listener that comes to want a view whose bytes were already moved
 * still gets its rows (read back from the log once committed).
 */
import { describe, expect, it } from 'vitest';
import { TumbleEngine } from '../../src/executor/engine.js';
import type { ByteBlock } from '../../src/executor/state/output-block.js';
import { StoreClient } from '../../src/executor/state/store-client.js';
import { collect, statePathPerTest } from '../executor/helpers.js';

const statePath = statePathPerTest();

/** A block of rows `{"i":first}`..: its bytes in a buffer of their own, or at `offset` in a larger one. */
function block(view: string, first: number, n: number, offset = -1): ByteBlock {
  const text = Array.from({ length: n }, (_, i) => `{"i":${first + i}}`).join('\n');
  let bytes: Uint8Array;
  if (offset < 0) bytes = Buffer.allocUnsafeSlow(text.length);
  else bytes = new Uint8Array(new ArrayBuffer(offset + text.length + 8), offset, text.length);
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).write(text, 'latin1');
  return { view, firstSeq: first, n, ops: null, bytes };
}

function committed(client: StoreClient, id: number): Promise<void> {
  return new Promise((resolve, reject) => client.commitAsync({ offsets: {} }, (r, err) => (r === null ? reject(err) : resolve()), id));
}

describe('output bytes sent to the commit thread', () => {
  it('are moved for the views named, whole buffers only, and copied otherwise; the log is the same', async () => {
    const client = StoreClient.open(statePath());
    try {
      const own = block('a', 1, 3);
      const slice = block('a', 4, 2, 16); // a view into a larger buffer: never moved
      const other = block('b', 1, 2); // a view the caller keeps
      client.commitPart(1, { ops: [], blocks: [own, slice, other] }, (view) => view === 'a');
      expect(own.bytes.byteLength).toBe(0);
      expect(slice.bytes.byteLength).toBe('{"i":4}\n{"i":5}'.length);
      expect(other.bytes.byteLength).toBe('{"i":1}\n{"i":2}'.length);
      await committed(client, 1);
      expect(client.readOutput('a', 1, 10).map((r) => r.row)).toEqual([1, 2, 3, 4, 5].map((i) => ({ i })));
      expect(client.readOutput('b', 1, 10).map((r) => r.row)).toEqual([{ i: 1 }, { i: 2 }]);

      // Without `move` nothing is moved (as before).
      const kept = block('a', 6, 2);
      client.commitPart(2, { ops: [], blocks: [kept] });
      expect(kept.bytes.byteLength).toBeGreaterThan(0);
      await committed(client, 2);
      expect(client.readOutput('a', 6, 10).map((r) => r.row)).toEqual([{ i: 6 }, { i: 7 }]);
    } finally {
      client.close();
    }
  });

  it('reach a committed-row listener that wanted the view only after its bytes were moved', async () => {
    const DDL = `CREATE SOURCE s (k VARCHAR, n BIGINT);
CREATE VIEW p AS SELECT k, n FROM s;`;
    const e = new TumbleEngine({ statePath: statePath(), checkpointIntervalMs: 3_600_000 });
    e.execute(DDL);
    const live = collect(e, 'p');
    const got: string[] = [];
    // Asked first when the checkpoint's bytes are sent (not wanted: they are moved), wanted from then on.
    let asked = 0;
    e.onCommitted(
      (rows) => {
        for (const r of rows) got.push(`${r.op} ${JSON.stringify(r.row)}`);
      },
      () => asked++ > 0,
    );
    e.push('s', Array.from({ length: 5000 }, (_, i) => ({ k: `row-${i}`, n: i })));
    await e.checkpointInBackground();
    expect(asked).toBeGreaterThan(1);
    expect(live).toHaveLength(5000);
    expect(got).toEqual(live);
    // A later checkpoint, wanted from the start: copied and handed over as before.
    e.push('s', Array.from({ length: 300 }, (_, i) => ({ k: `more-${i}`, n: 5000 + i })));
    await e.checkpointInBackground();
    expect(got).toEqual(live);
    expect(e.readLog('p', 1, 10_000).map((r) => `${r.op} ${JSON.stringify(r.row)}`)).toEqual(live);
    await e.close();
  });
});
