/**
 * The retained output of a stateless view, derived instead of stored (docs/time.md, "A view over a
 * view"). A view whose plan is a chain of stateless operators (filters, projections, window assignment)
 * over one source computes each output row from one input row alone, so its output history is its
 * source's history (retained rows, or a generator's rows generated again) run through copies of those
 * operators. Such a view stores no output rows at all; when a view is created over it from 'earliest',
 * or a subscriber resumes from a seq, the history is computed then:
 *
 *   source history ──► copy of the view's operators ──► the new reader (or the last rows, for a subscriber)
 *
 * Copying every output row into the output ring was most of a pass-through query's cost (bench/HISTORY.md).
 *
 * The seam with the live stream: the derived history ends with the source batch the view has emitted
 * last. When it is derived while the source is handing a batch to its readers, that batch is in it only
 * if this view has already emitted (and published) its rows for it; otherwise the view's new reader gets
 * it live, after it is attached. So the derived rows are always this view's rows up to its last published
 * one, and end at the seq before the next one it will publish.
 */
import type { RowOp } from '../api.js';
import type { OperatorSpec } from '../../planner/compile.js';
import type { Batch, Emitter, Row } from '../operator.js';
import { instantiate } from '../pipeline.js';
import { checkedInput } from './input-checks.js';
import type { SourceRuntime } from './source-runtime.js';

export class DerivedHistory {
  /** The source's batch count when the view last published rows (its rows for that batch are out). */
  private publishedAt = -1;

  /** `chain`: the view's operators from the source up, each reading the one before it. */
  constructor(
    readonly source: SourceRuntime,
    readonly chain: readonly OperatorSpec[],
  ) {}

  /** The history of a stateless view over this view: the same source, through both chains. */
  extend(chain: readonly OperatorSpec[]): DerivedHistory {
    return new DerivedHistory(this.source, [...this.chain, ...chain]);
  }

  /** The view published rows (called once per output batch, after its readers got it). */
  published(): void {
    this.publishedAt = this.source.batchesDelivered;
  }

  /**
   * The view was just fed its input's history (from 'earliest'): that history held the source's batch
   * being delivered only if the input's did (`input`: the input view's derived history; null for the
   * source, whose replay leaves that batch to the live stream).
   */
  backfilled(input: DerivedHistory | null): void {
    this.publishedAt = input === null ? -1 : input.publishedAt;
  }

  /** Whether a new reader has anything to read (the source's history; rows may all be filtered out). */
  get hasHistory(): boolean {
    return this.source.hasHistory;
  }

  /** Feeds the history to one reader: the source's history through fresh copies of the operators. */
  replay(to: Emitter): void {
    const ops = this.chain.map((spec) => instantiate(spec));
    let into = to;
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = ops[i]!;
      op.connect(into);
      op.setInputs(1);
      op.open({ late() {} }); // stateless: nothing is ever late here (the live view counted its late rows)
      // The same input checks as the live view, so a rejected row is not in the history either (the
      // live view reported it already).
      into = checkedInput(op, 0, this.chain[i]!.checks?.[0], () => {});
    }
    const src = this.source;
    src.loadEarlierInput();
    src.replayHistory(into, src.isDelivering && this.publishedAt === src.batchesDelivered);
    for (const op of ops) op.close();
  }

  /** The last `count` rows of the history (all when fewer), oldest first, with their ops. */
  tail(count: number): { rows: Row[]; ops: RowOp[] } {
    // Whole batches are kept while they may hold one of the last `count` rows.
    const kept: Batch[] = [];
    let held = 0;
    if (count > 0) {
      this.replay({
        data: (b) => {
          if (b.rows.length === 0) return;
          kept.push(b);
          held += b.rows.length;
          while (kept.length > 1 && held - kept[0]!.rows.length >= count) held -= kept.shift()!.rows.length;
        },
        watermark() {},
      });
    }
    const rows: Row[] = [];
    const ops: RowOp[] = [];
    let skip = Math.max(0, held - count);
    for (const b of kept) {
      for (let i = skip; i < b.rows.length; i++) {
        rows.push(b.rows[i]!);
        ops.push(b.ops === null ? '+I' : b.ops[i]!);
      }
      skip = Math.max(0, skip - b.rows.length);
    }
    return { rows, ops };
  }
}
