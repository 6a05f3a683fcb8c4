/** The pacer's own bookkeeping (runtime/pacer.ts); what it does to results is in sliced-firing*.test.ts. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MAX_PRESSURE_WAIT_MS, Pacer } from '../../src/executor/runtime/pacer.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Pacer', () => {
  it('lets go of a queued step (and the rows it carries) once it has run', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const p = new Pacer(10);
    let left = 3;
    p.defer({ drainStep: () => --left > 0 });
    const refs: WeakRef<object>[] = [];
    let ran = 0;
    for (let i = 0; i < 5; i++) {
      const rows = [[i, 'row']];
      refs.push(new WeakRef(rows));
      p.gate(() => void (ran += rows.length), 1);
    }
    await p.whenSettled();
    expect(ran).toBe(5);
    await turn(); // WeakRefs hold their targets until the job that made them ends
    gc();
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
  });

  it('lets a tick scheduled before a synchronous settle find nothing to do (engine.close with work queued)', async () => {
    const p = new Pacer(10);
    let units = 0;
    p.defer({ drainStep: () => ++units < 3 });
    let ran = 0;
    p.gate(() => ran++, 1);
    p.settleNow();
    expect(units).toBe(3);
    expect(ran).toBe(1);
    await turn(); // the tick scheduled by defer runs now, on an idle pacer
    await turn();
    expect(units).toBe(3);
    expect(p.idle).toBe(true);
  });

  it('runs queued steps only once no operator is mid-firing, in arrival order', async () => {
    const p = new Pacer(10);
    const log: string[] = [];
    let left = 3;
    p.defer({ drainStep: () => (log.push(`chunk ${left}`), --left > 0) });
    p.gate(() => log.push('a'), 1);
    p.gate(() => log.push('b'), 1);
    expect(p.pendingRows).toBe(2);
    await p.whenSettled();
    expect(log).toEqual(['chunk 3', 'chunk 2', 'chunk 1', 'a', 'b']);
  });

  it('holds a firing while subscribers press, and goes on once they stop', async () => {
    let t = 0;
    const p = new Pacer(10, 4, () => t);
    let pressed = true;
    p.setPressure(() => pressed);
    let units = 0;
    p.defer({ drainStep: () => ++units < 5 });
    await new Promise((r) => setTimeout(r, 20)); // the pacer polls; nothing may run meanwhile
    expect(units).toBe(0);
    t += MAX_PRESSURE_WAIT_MS - 1;
    await new Promise((r) => setTimeout(r, 10));
    expect(units).toBe(0);
    pressed = false;
    await p.whenSettled();
    expect(units).toBe(5);
  });

  it('stops waiting for a subscriber that keeps pressing after MAX_PRESSURE_WAIT_MS', async () => {
    let t = 0;
    const p = new Pacer(10, 4, () => t);
    p.setPressure(() => true);
    let units = 0;
    p.defer({ drainStep: () => ++units < 5 });
    await new Promise((r) => setTimeout(r, 10));
    expect(units).toBe(0);
    t += MAX_PRESSURE_WAIT_MS;
    await p.whenSettled();
    expect(units).toBe(5);
    // Settling synchronously (close, DDL, a checkpoint) never waits for subscribers.
    p.defer({ drainStep: () => ++units < 8 });
    p.settleNow();
    expect(units).toBe(8);
  });
});
