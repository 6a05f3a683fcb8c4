/**
 * Processing time: what a source's `PROCTIME()` column holds (docs/time.md, "Processing time"). The
 * operators that order by processing time (deduplication, Top-N, the processing-time temporal join) go by
 * arrival, not by these values, so a clock that stands still or jumps back changes no result; the values
 * are what the rows show.
 *
 *   clock     the engine's clock when a batch is taken in (its rows share the time), never moving back
 *   arrival   deterministic (`tumbleql replay`): the n-th row the engine takes in, counted over every
 *             source, gets n ms after the epoch, so every arrival is strictly later than the one before;
 *             after a restart the count goes on from the rows the restored sources had taken in
 */
import type { Clock } from '../api.js';

export class ProcessingTime {
  /** The last time given out. */
  private last = 0;

  constructor(
    readonly mode: 'clock' | 'arrival',
    private readonly clock: Clock,
  ) {}

  /** Stamps `n` arriving rows: row i (0-based) gets `stamp(n) + i * step`, with `step` 1 (arrival) or 0 (clock). */
  stamp(n: number): number {
    if (this.mode === 'arrival') {
      const first = this.last + 1;
      this.last += n;
      return first;
    }
    const now = this.clock.now();
    if (now > this.last) this.last = now;
    return this.last;
  }

  get step(): number {
    return this.mode === 'arrival' ? 1 : 0;
  }

  /** The time of the latest arrival, for rows read again from history (they are not new arrivals). */
  latest(): number {
    return this.mode === 'arrival' ? this.last : Math.max(this.last, this.clock.now());
  }

  /** A row stamped earlier (logged, replayed after a restart) was taken in again: later arrivals come after it. */
  observe(t: number): void {
    if (this.mode === 'arrival' && t > this.last) this.last = t;
  }

  /** After a restore: `rows` rows had been taken in (arrival mode counts on from there). */
  restoredArrivals(rows: number): void {
    if (this.mode === 'arrival' && rows > this.last) this.last = rows;
  }
}
