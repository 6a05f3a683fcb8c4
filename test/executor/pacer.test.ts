/** The pacer's own bookkeeping (runtime/pacer.ts); what it does to results is in sliced-firing*.test.ts. */
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/executor/runtime/pacer.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Pacer', () => {
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
});
