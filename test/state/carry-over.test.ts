/** A failed checkpoint merged in front of the next one (state/carry-over.ts): order kept, dropped objects left out. */
import { describe, expect, it } from 'vitest';
import { mergeCheckpoints, withoutSource, withoutView } from '../../src/executor/state/carry-over.js';
import type { Checkpoint } from '../../src/executor/state/index.js';

const a: Checkpoint = {
  operators: [{ id: 'v/root:aggregate', upserts: [['k', 1]] }, { id: 'w/root:aggregate', upserts: [['k', 9]] }],
  offsets: { bids: 10, 'bids@wm': 5, asks: 3 },
  output: [{ view: 'v', seq: 1, op: '+I', rowJson: '{"n":1}' }],
  outputRuns: [{ view: 'v', firstSeq: 2, ops: null, rowsJson: ['{"n":2}'] }, { view: 'w', firstSeq: 1, ops: null, rowsJson: ['{"m":1}'] }],
  late: [{ view: 'v', source: 'bids', rowJson: '{}', watermark: 1 }],
  rejected: [{ source: 'asks', origin: 'ws', reason: 'bad', input: 'x' }],
};
const b: Checkpoint = {
  operators: [{ id: 'v/root:aggregate', upserts: [['k', 2]] }],
  offsets: { bids: 12 },
  outputRuns: [{ view: 'v', firstSeq: 3, ops: null, rowsJson: ['{"n":3}'] }],
};

describe('carrying a failed checkpoint into the next', () => {
  it('writes the failed one first: deltas in order, seqs contiguous, later offsets win', () => {
    const m = mergeCheckpoints(a, b);
    expect(m.operators?.map((d) => d.upserts)).toEqual([[['k', 1]], [['k', 9]], [['k', 2]]]);
    expect(m.outputRuns?.map((r) => [r.view, r.firstSeq, r.rowsJson])).toEqual([
      ['v', 1, ['{"n":1}']],
      ['v', 2, ['{"n":2}']],
      ['w', 1, ['{"m":1}']],
      ['v', 3, ['{"n":3}']],
    ]);
    expect(m.output).toBeUndefined();
    expect(m.offsets).toEqual({ bids: 12, 'bids@wm': 5, asks: 3 });
    expect(m.late).toHaveLength(1);
    expect(m.rejected).toHaveLength(1);
  });

  it('leaves out a view dropped or reset meanwhile, and a dropped source', () => {
    const v = withoutView(mergeCheckpoints(a, b), 'v');
    expect(v.operators?.map((d) => d.id)).toEqual(['w/root:aggregate']);
    expect(v.outputRuns?.map((r) => r.view)).toEqual(['w']);
    expect(v.late).toEqual([]);
    const s = withoutSource(a, 'bids');
    expect(s.offsets).toEqual({ asks: 3 });
    expect(withoutSource(a, 'asks').rejected).toEqual([]);
  });
});
