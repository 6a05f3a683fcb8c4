/**
 * Window semi and anti joins (Flink's window join with `[NOT] EXISTS` / `[NOT] IN`): a left row is
 * emitted when its window closes (on the minimum watermark of both inputs), once, if some right row of
 * the same window and key satisfies the condition (semi), or if none does (anti). Only the left row
 * leaves; append-only. State and lateness are the window join's: rows of both inputs are kept per
 * window_end, dropped when the window fires; a row whose window already fired is late.
 *
 *   left : |--a1(k1)--a2(k2)--|          right: |--b1(k1)----------|
 *                             ^ window closes: semi emits a1, anti emits a2
 *
 * NOT IN's NULL rule is in the condition (x = y OR x IS NULL OR y IS NULL, bind-subquery.ts): a right
 * row with a NULL y matches every left row of its window and key, so the anti join emits none of them.
 */
import type { Row } from '../operator.js';
import type { JoinBucket, JoinSpec } from './join-state.js';
import { WindowJoinOperator } from './window-join.js';

export class WindowSemiJoinOperator extends WindowJoinOperator {
  private readonly semi: boolean;

  constructor(spec: JoinSpec) {
    super(spec);
    this.semi = spec.type === 'semi';
  }

  protected override *fire(l: Map<string, JoinBucket> | undefined, r: Map<string, JoinBucket> | undefined, wm: number): Generator<void> {
    if (l === undefined) return;
    for (const lb of l.values()) {
      const rb = r?.get(lb.k);
      for (const lr of lb.rows) {
        if (this.matches(lr, rb) === this.semi) this.pend(lr, '+I', wm);
        if (this.slicer.chunkFull) yield;
      }
    }
  }

  private matches(lr: Row, rb: JoinBucket | undefined): boolean {
    if (rb === undefined || rb.rows.length === 0) return false;
    if (this.residual === null) return true;
    for (const rr of rb.rows) if (this.pair(0, lr, rr) !== null) return true;
    return false;
  }
}
