/**
 * state.ttl on processing time (Flink's `table.exec.state.ttl`, OnCreateAndWrite, NeverReturnExpired):
 * an entry written (created, changed) less than `ttl` ago is live; an older one is treated as absent
 * and dropped, silently. Besides the lookups, a sweep over the operator's state at most every quarter
 * TTL (at least 1 s) of processing time frees the entries of keys never seen again. Operators keep the
 * write time in the entry itself, so checkpoints carry it and a restart keeps counting from it.
 */
export class StateTtl {
  private nextSweep = -Infinity;

  constructor(
    readonly ttl: number,
    private readonly clock: () => number,
  ) {}

  now(): number {
    return this.clock();
  }

  /** True when an entry last written at `t` has expired at `now` (an entry without a time starts now). */
  expired(t: number | undefined, now: number): boolean {
    return t !== undefined && now - t >= this.ttl;
  }

  /** True (and the next sweep scheduled) when a sweep is due at `now`. */
  sweepDue(now: number): boolean {
    if (now < this.nextSweep) return false;
    this.nextSweep = now + Math.max(1000, this.ttl / 4);
    return true;
  }
}
