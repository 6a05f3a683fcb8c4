/**
 * Operators with several inputs: the watermark is the minimum over the active inputs; an idle input
 * does not hold it back, and no watermark is made up for an input (idle is a state, not a time).
 */
import { describe, expect, it } from 'vitest';
import { Operator, type Batch, type Emitter } from '../../src/executor/operator.js';
import { WatermarkHolder } from '../../src/executor/watermark-holder.js';

/** A tiny two-input operator: passes rows through tagged with their input, records its watermarks. */
class TwoInputs extends Operator {
  readonly seen: string[] = [];
  onData(input: number, batch: Batch): void {
    const wms = batch.wms;
    batch.rows.forEach((r, i) => this.seen.push(`in${input}:${String(r[0])}@${this.holder.effective(input, wms ? wms[i]! : this.wm)}`));
  }
}

function wired(): { op: TwoInputs; wms: number[] } {
  const op = new TwoInputs();
  const wms: number[] = [];
  const out: Emitter = { data() {}, watermark: (wm) => wms.push(wm) };
  op.connect(out);
  op.setInputs(2);
  op.open({ late() {} });
  return { op, wms };
}

describe('an operator with two inputs', () => {
  it('advances to the minimum of its inputs, only when that minimum moves', () => {
    const { op, wms } = wired();
    op.onWatermark(0, 10);
    expect(wms).toEqual([]); // input 1 has no watermark yet: nothing is made up for it
    op.onWatermark(1, 5);
    op.onWatermark(1, 8);
    op.onWatermark(0, 20);
    op.onWatermark(1, 30);
    expect(wms).toEqual([5, 8, 20]);
    expect(op.watermark).toBe(20);
  });

  it('does not let an idle input hold the minimum back, and counts it again once it is active', () => {
    const { op, wms } = wired();
    op.onWatermark(0, 10);
    op.onWatermark(1, 3);
    op.onIdle(1, true);
    expect(wms).toEqual([3, 10]);
    op.onWatermark(0, 15);
    expect(wms.at(-1)).toBe(15);
    // Input 1 comes back at 12: the combined watermark never moves back, and waits for input 1 now.
    op.onWatermark(1, 12);
    op.onWatermark(0, 40);
    expect(wms).toEqual([3, 10, 15]);
    op.onWatermark(1, 41);
    expect(wms).toEqual([3, 10, 15, 40]);
  });

  it('stays where it is when every input is idle (no processing-time watermark)', () => {
    const { op, wms } = wired();
    op.onWatermark(0, 7);
    op.onWatermark(1, 9);
    op.onIdle(0, true);
    op.onIdle(1, true);
    expect(wms).toEqual([7, 9]);
    expect(op.watermark).toBe(9);
  });

  it('goes to the highest input watermark when the last active input goes idle, whichever went first', () => {
    for (const order of [[0, 1], [1, 0]]) {
      const { op, wms } = wired();
      op.onWatermark(0, 25);
      op.onWatermark(1, 13);
      for (const i of order) op.onIdle(i, true);
      expect(wms).toEqual([13, 25]);
    }
  });

  it('tells its readers it is idle once every input is, and active again with the first that comes back', () => {
    const op = new TwoInputs();
    const idle: boolean[] = [];
    op.connect({ data() {}, watermark() {}, idle: (x) => idle.push(x) });
    op.setInputs(2);
    op.open({ late() {} });
    op.onIdle(0, true);
    expect(idle).toEqual([]);
    op.onIdle(1, true);
    op.onIdle(1, false);
    expect(idle).toEqual([true, false]);
  });

  it('gives a row the watermark of its own input combined with the others', () => {
    const { op } = wired();
    op.onWatermark(0, 100);
    op.onWatermark(1, 50);
    op.onData(0, { rows: [['a']], ops: null, wms: [90] });
    op.onData(1, { rows: [['b']], ops: null, wms: [40] });
    expect(op.seen).toEqual(['in0:a@50', 'in1:b@40']);
  });
});

describe('WatermarkHolder with one input', () => {
  it('is the input watermark itself', () => {
    const h = new WatermarkHolder(1);
    expect(h.update(0, 5)).toBe(5);
    expect(h.update(0, 4)).toBe(null);
    expect(h.effective(0, 3)).toBe(3);
  });
});
