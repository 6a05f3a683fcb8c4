/**
 * Output rows waiting for their checkpoint (durability.ts): blocks no later rows can join wait as
 * ASCII bytes, the others as text. Whatever form they waited in, the durable log and commit listeners
 * get exactly the rows subscribers saw, with their seqs and ops.
 */
import { describe, expect, it } from 'vitest';
import { TumbleEngine } from '../../src/executor/engine.js';
import { collect, statePathPerTest } from '../executor/helpers.js';

const statePath = statePathPerTest();

const DDL = `CREATE SOURCE s (k VARCHAR, n BIGINT);
CREATE VIEW p AS SELECT k, n FROM s;`;

const rows = (from: number, count: number, text: string) => Array.from({ length: count }, (_, i) => ({ k: `${text}${from + i}`, n: from + i }));

describe('output rows waiting for a checkpoint', () => {
  it('reach the durable log and commit listeners as emitted, ASCII or not, in large batches or a row at a time', async () => {
    const e = new TumbleEngine({ statePath: statePath(), checkpointIntervalMs: 3_600_000 });
    e.execute(DDL);
    const live = collect(e, 'p');
    const committed: string[] = [];
    e.onCommitted((batch) => {
      for (const r of batch) committed.push(`${r.op} ${JSON.stringify(r.row)}`);
    });
    e.push('s', rows(0, 300, 'ascii-')); // a block of its own (bytes)
    e.push('s', rows(300, 300, 'é😀-')); // not ASCII: waits as text
    for (let i = 600; i < 605; i++) e.push('s', rows(i, 1, 'one-')); // small: joined into one block
    await e.checkpointInBackground();
    e.push('s', rows(605, 2, 'x\u00ff-')); // Latin-1 but not ASCII
    e.push('s', rows(607, 5000, 'many-')); // more than one block
    e.push('s', rows(5607, 3, 'tail-')); // the view's last block, still text at the checkpoint
    await e.checkpointInBackground();
    e.push('s', rows(5610, 1, 'last-'));
    e.checkpoint();
    expect(live).toHaveLength(5611);
    const logged = e.readLog('p', 1, 10_000).map((r) => `${r.op} ${JSON.stringify(r.row)}`);
    expect(logged).toEqual(live);
    expect(committed).toEqual(live);
    expect(e.readLog('p', 301, 1)[0]!.row).toEqual({ k: 'é😀-300', n: 300 });
    await e.close();
  });

  it('reach the durable log as emitted without a commit thread too', async () => {
    const e = new TumbleEngine({ statePath: statePath(), checkpointIntervalMs: 0 });
    e.execute(DDL);
    const live = collect(e, 'p');
    e.push('s', rows(0, 300, 'ascii-'));
    e.push('s', rows(300, 2, 'é-'));
    e.push('s', rows(302, 4100, 'many-'));
    e.checkpoint();
    expect(e.readLog('p', 1, 10_000).map((r) => `${r.op} ${JSON.stringify(r.row)}`)).toEqual(live);
    await e.close();
  });
});
