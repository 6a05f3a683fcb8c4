/**
 * Guarantees that need a second process: a commit survives kill -9 the moment it returns, a kill at any
 * moment leaves a consistent checkpoint, and a live engine's file cannot be opened by another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { StateStore } from '../../src/executor/state/index.js';
import { bundleStore, killAndWait, removeDir, spawnWithStore, tempDir, waitForLine } from './helpers.js';

let dir: string;
let bundle: string;
beforeAll(() => {
  dir = tempDir();
  bundle = bundleStore(dir);
});
afterAll(() => removeDir(dir));

describe('durability across kill -9', () => {
  it('keeps a checkpoint and acknowledged input when the process is killed right after commit returns', async () => {
    const file = join(dir, 'kill.db');
    const child = spawnWithStore(
      bundle,
      dir,
      `
      const s = StateStore.open(${JSON.stringify(file)});
      s.putCatalog({ kind: 'view', name: 'v', sql: 'CREATE VIEW v AS SELECT 1' });
      s.setViewFingerprint('v', 'fp', ['v/agg']);
      const acked = s.appendInput('bids', ['{"price":1}', '{"price":2}']);
      s.commit({
        operators: [{ id: 'v/agg', upserts: [['1000|a', [1, 2.5]], ['1000|b', [2, 3]]] }],
        offsets: { file: 17 },
        output: [{ view: 'v', seq: 1, op: '+I', rowJson: '{"n":1}' }],
      });
      console.log('committed ' + acked.lastOffset);
      setInterval(() => {}, 1000); // stay alive, lock held, until killed
      `,
    );
    expect(await waitForLine(child, 'committed')).toBe('committed 2');
    await killAndWait(child, 'SIGKILL');
    expect(existsSync(`${file}-wal`)).toBe(true); // the commit is still only in the WAL: recovery must replay it

    const s = StateStore.open(file);
    try {
      expect(s.listCatalog().map((e) => e.name)).toEqual(['v']);
      expect(s.viewFingerprint('v')).toBe('fp');
      expect(new Map(s.loadOperatorState('v/agg'))).toEqual(new Map([['1000|a', [1, 2.5]], ['1000|b', [2, 3]]]));
      expect(s.offsets()).toEqual({ file: 17 });
      expect(s.readOutput('v', 1, 10)).toEqual([{ seq: 1, op: '+I', row: { n: 1 } }]);
      expect(s.readInput('bids', 1, 10).map((r) => r.rowJson)).toEqual(['{"price":1}', '{"price":2}']);
      expect(s.lastCheckpoint()?.epoch).toBe(1);
    } finally {
      s.close();
    }
  });

  it('restarts at a consistent checkpoint when killed in the middle of a stream of commits', async () => {
    // Every checkpoint i writes counter = i, offset = i, output seq i and 200 keys stamped i: after a
    // kill at an arbitrary moment they must all agree on one i (all of a checkpoint or none of it).
    for (const delayMs of [30, 90, 200]) {
      const file = join(dir, `stream-${delayMs}.db`);
      const child = spawnWithStore(
        bundle,
        dir,
        `
        const s = StateStore.open(${JSON.stringify(file)});
        s.registerOperators('v', ['v/op']);
        console.log('started');
        for (let i = 1; ; i++) {
          const upserts = [['counter', i]];
          for (let k = 0; k < 200; k++) upserts.push(['key' + k, { stamp: i, pad: 'x'.repeat(50) }]);
          s.commit({ operators: [{ id: 'v/op', upserts }], offsets: { src: i },
                     output: [{ view: 'v', seq: i, op: '+I', rowJson: JSON.stringify({ i }) }] });
          if (i === 1) console.log('committed');
        }
        `,
      );
      // Kill after the first commit, however slow the machine: the delay then lands among later commits.
      await waitForLine(child, 'committed');
      await new Promise((r) => setTimeout(r, delayMs));
      await killAndWait(child, 'SIGKILL');

      const s = StateStore.open(file);
      try {
        const state = new Map(s.loadOperatorState('v/op'));
        const i = state.get('counter') as number;
        expect(i).toBeGreaterThan(0);
        for (let k = 0; k < 200; k++) expect((state.get(`key${k}`) as { stamp: number }).stamp).toBe(i);
        expect(s.offsets()).toEqual({ src: i });
        expect(s.lastSeq('v')).toBe(i);
        expect(s.readOutput('v', i, 1)).toEqual([{ seq: i, op: '+I', row: { i } }]);
        expect(s.lastCheckpoint()?.epoch).toBe(i);
      } finally {
        s.close();
      }
    }
  });
});

describe('one engine per state file', () => {
  it('refuses a second open while another process holds the file, naming its pid, and frees it when it dies', async () => {
    const file = join(dir, 'locked.db');
    const child = spawnWithStore(
      bundle,
      dir,
      `
      const s = StateStore.open(${JSON.stringify(file)});
      console.log('ready ' + process.pid);
      setInterval(() => {}, 1000);
      `,
    );
    const pid = Number((await waitForLine(child, 'ready')).split(' ')[1]);
    try {
      let err: unknown;
      try {
        StateStore.open(file).close();
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'STATE_LOCKED' });
      expect((err as Error).message).toContain(`tumbleql process ${pid}`);
      expect((err as Error).message).toContain(file);
      // A read-only open is refused too: a running engine's file is read through the engine.
      expect(() => StateStore.open(file, { readonly: true })).toThrow(expect.objectContaining({ code: 'STATE_LOCKED' }));
    } finally {
      await killAndWait(child, 'SIGKILL');
    }
    // The kernel released the lock with the process: no stale lock after kill -9.
    const s = StateStore.open(file);
    s.close();
    expect(existsSync(`${file}-pid`)).toBe(false);
  });

  it('refuses a second open in the same process', () => {
    const file = join(dir, 'same.db');
    const first = StateStore.open(file);
    try {
      expect(() => StateStore.open(file)).toThrow(expect.objectContaining({ code: 'STATE_LOCKED' }));
      first.commit({ offsets: { a: 1 } }); // the first connection is unaffected
    } finally {
      first.close();
    }
    const again = StateStore.open(file);
    expect(again.offsets()).toEqual({ a: 1 });
    again.close();
  });
});
