/**
 * A generator's input for a query created later from 'earliest': not kept, generated again. The rows
 * come from the connector's `regenerate` (registry), from the start up to the split's offset; the
 * source's watermark moves that the rows do not give (advanceWatermark, an idle source moving on, the
 * end of a bounded generator) are kept as (rows before it, watermark) and replayed between the rows:
 *
 *   rows 0..999 ─ move to 9 s after row 1000 ─ rows 1000..1499 ─ source's watermark now
 */
import type { Emitter, Row } from '../operator.js';
import { arrivalWatermarks } from './retained-input.js';
import type { SplitOffset } from './splits.js';

/** A batch a generator gives again (registry `regenerate`): raw inputs to decode, or decoded rows. */
export type RegeneratedBatch = { readonly inputs: unknown[] } | { readonly rows: Row[] };

export class RegeneratedInput {
  /** Watermark moves the rows do not give, each after the `at` rows before it (in memory only). */
  private readonly moves: { at: number; wm: number }[] = [];

  constructor(private readonly regenerate: (offset: SplitOffset | null) => Iterable<RegeneratedBatch>) {}

  get hasMoves(): boolean {
    return this.moves.length > 0;
  }

  /** The source's watermark moved to `wm` without rows, after `at` rows in all. */
  move(at: number, wm: number): void {
    // Moves with no rows between them collapse into the last (nothing reads the source in between).
    const last = this.moves[this.moves.length - 1];
    if (last !== undefined && last.at === at) last.wm = wm;
    else this.moves.push({ at, wm });
  }

  /**
   * A generator's rows from its start, generated again, each with the arrival watermark the running max
   * of the WATERMARK expression gives (one split), the source's other watermark moves in between, then
   * the source's watermark: what the reader would have seen had it existed from the start.
   */
  replay(to: Emitter, offset: SplitOffset | null, decode: (inputs: unknown[]) => Row[], wmFn: ((row: Row) => unknown) | null, current: number): void {
    const moves = this.moves;
    let m = 0;
    let wm = -Infinity;
    let at = 0;
    const move = (w: number): void => {
      if (!(w > wm)) return;
      wm = w;
      to.watermark(w);
    };
    for (const b of this.regenerate(offset)) {
      const rows = 'rows' in b ? b.rows : decode(b.inputs);
      let from = 0;
      while (from < rows.length) {
        // Up to the next logged move (or the end of the batch), then that move.
        while (m < moves.length && moves[m]!.at <= at) move(moves[m++]!.wm);
        const until = m < moves.length ? Math.min(rows.length, from + moves[m]!.at - at) : rows.length;
        const part = from === 0 && until === rows.length ? rows : rows.slice(from, until);
        const before = wm;
        const { wms, after } = arrivalWatermarks(part, wm, wmFn);
        wm = after;
        to.data({ rows: part, ops: null, wms });
        if (wm > before) to.watermark(wm);
        at += part.length;
        from = until;
      }
    }
    while (m < moves.length) move(moves[m++]!.wm);
    if (current > wm) to.watermark(current);
  }

}
