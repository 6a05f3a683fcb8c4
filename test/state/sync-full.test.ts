/**
 * `createEngine({ synchronous: 'FULL' })` (a config file's `state: { sync: full }`) reaches both files a
 * durable engine writes: the state file's SQLite connection runs with synchronous = FULL, and the input
 * log fdatasyncs each append (docs/state.md, "Durability guarantees"). The default stays NORMAL.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import type { Engine } from '../../src/executor/api.js';
import { statePathPerTest } from '../executor/helpers.js';

interface Inside {
  durable: { store: { opened: { db: { pragma(s: string, o: { simple: true }): unknown } } }; input: { full: boolean } };
}

const levels = (e: Engine) => {
  const d = (e as unknown as Inside).durable;
  return { sqlite: d.store.opened.db.pragma('synchronous', { simple: true }), inputLogFull: d.input.full };
};

describe("synchronous: 'FULL'", () => {
  const statePath = statePathPerTest();

  it('sets the state file and the input log to sync every commit and append', async () => {
    const e = createEngine({ statePath: statePath(), checkpointIntervalMs: 0, synchronous: 'FULL' });
    expect(levels(e)).toEqual({ sqlite: 2, inputLogFull: true });
    e.execute(`CREATE SOURCE s (k VARCHAR); CREATE VIEW v AS SELECT k FROM s;`);
    e.push('s', [{ k: 'a' }]);
    e.checkpoint();
    await e.close();
  });

  it('defaults to NORMAL', async () => {
    const e = createEngine({ statePath: statePath(), checkpointIntervalMs: 0 });
    expect(levels(e)).toEqual({ sqlite: 1, inputLogFull: false });
    await e.close();
  });
});
