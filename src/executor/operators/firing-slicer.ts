/**
 * Firing in slices, for any operator whose watermark step can emit many rows at once (window aggregates,
 * SESSION windows, window Top-N, window joins). When the engine has a pacer (runtime/pacer.ts), the
 * operator writes its firing as a generator that yields whenever `chunkFull`; `run` does its first chunk
 * now and leaves the rest to the pacer, one chunk per unit. Without a pacer `run` goes to the end at once.
 *
 * Until a firing is done the operator is frozen: whatever reaches it (the rest of the batch that moved
 * the watermark, later batches, watermarks, idle changes) waits in the inbox, in order, and runs when the
 * firing is done — so the firing reads state nothing else changes, and every row comes out as and when
 * synchronous processing would have produced it. The operator's part of the contract:
 *   - onData starts with `if (slicer.frozen) return slicer.stash(() => this.onData(input, batch))`;
 *   - after the per-row watermark step that may fire, `if (slicer.frozen) return stashRest(...)` (the
 *     rest of the batch, from the row that fired, runs after the firing: its watermark is already seen);
 *   - onWatermark and onIdle go through `slicer.stash` while frozen (`whenThawed`);
 *   - the watermark step's own tail (flush, forward the watermark) runs after the firing
 *     (`afterFiring`).
 *
 * Running ahead (an operator that opts in with `runsAhead`, in a view where nothing downstream of it is
 * reached by another way, `OperatorContext.isolated`): while its inbox is empty, input reaching the
 * frozen operator is processed at once into the state of windows the firing does not read, and what the
 * operator would send on meanwhile (watermarks; such input makes no rows) is held (`afterFiring`) and
 * sent right after the last chunk, before anything in the inbox. Input that would start another firing
 * (or that the operator cannot take) goes to the inbox, and from then on everything waits there as
 * above. The pacer lets entry points run during such a firing (`admitsInput`, runtime/pacer.ts).
 *
 * Without a pacer a firing runs to its end at once, but its rows still leave in chunks of
 * UNPACED_CHUNK_ROWS, each handed downstream as soon as it is full. A window's rows in one batch would all
 * stay alive until its last row is built (100k rows of a large window), survive young-generation
 * collections and get promoted to the old space, to be collected there: on a HOP over 50k keys per window
 * (Nexmark q5) that was more than half of the engine's CPU. Chunked, a firing's rows die young. The
 * rows, their order and their seqs are those of a firing in one batch (as with a pacer): only the batch
 * boundaries differ.
 */
import type { Batch, OperatorContext } from '../operator.js';
import type { Drainable, Pacer } from '../runtime/pacer.js';

/** Rows per chunk of a firing without a pacer: small next to V8's young generation (a few 100 KB of rows). */
export const UNPACED_CHUNK_ROWS = 1024;

export class FiringSlicer implements Drainable {
  private pacer: Pacer | null = null;
  /** Rows per chunk of a firing (the pacer's, else UNPACED_CHUNK_ROWS). */
  chunkRows = UNPACED_CHUNK_ROWS;
  /** The firing in progress (sliced): the operator is frozen until it is done. */
  private firing: Iterator<void> | null = null;
  /** What reached the operator while frozen, in order; `insertAt` ≥ 0 while one of them runs. */
  private readonly inbox: (() => void)[] = [];
  private insertAt = -1;
  /** In the pacer's ready queue (once: a firing started while draining the inbox keeps its place). */
  private queued = false;
  /** What the operator sent on while running ahead (watermarks), in order: it leaves after the last chunk. */
  private held: (() => void)[] = [];
  /** The operator takes input while frozen (its own rule and the view's `isolated`); null: never. */
  private ahead: (() => boolean) | null = null;

  constructor(
    /** Output rows the operator holds, not yet flushed. */
    private readonly pending: () => number,
    /** Sends the held rows on as one batch. */
    private readonly flush: () => void,
  ) {}

  /** `runsAhead`: the operator's own rule for taking input while frozen (see the header); absent: it never does. */
  open(ctx: OperatorContext, runsAhead?: () => boolean): void {
    if (ctx.pacer) {
      this.pacer = ctx.pacer;
      this.chunkRows = ctx.pacer.chunkRows;
      const isolated = ctx.isolated;
      if (runsAhead !== undefined && isolated !== undefined) this.ahead = () => runsAhead() && isolated();
    }
  }

  /** Frozen, but input is processed as it comes (see the header): nothing waits in the inbox. */
  get runningAhead(): boolean {
    return this.firing !== null && this.inbox.length === 0 && this.ahead !== null && this.ahead();
  }

  /** For the pacer: entry points may run during this firing. */
  admitsInput(): boolean {
    return this.runningAhead;
  }

  /** A firing yields when this is true (a chunk of rows is pending). */
  get chunkFull(): boolean {
    return this.pending() >= this.chunkRows;
  }

  /** Frozen: input waits in the inbox. */
  get frozen(): boolean {
    return this.firing !== null;
  }

  /**
   * Runs a firing: without a pacer at once, each chunk sent on as it fills (the rest leaves with the
   * caller's own flush); with one, its first chunk now and the rest in units.
   */
  run(steps: Iterator<void>): void {
    if (this.pacer === null) {
      while (!steps.next().done) this.flush();
      return;
    }
    if (steps.next().done) return;
    // Rows pending before the firing (EMIT CHANGES, rows of the same batch) and its first chunk leave now, in that order.
    this.flush();
    this.firing = steps;
    if (!this.queued) {
      this.queued = true;
      this.pacer.defer(this);
    }
  }

  /** Keeps something that reached the operator while frozen, in order. */
  stash(run: () => void): void {
    if (this.insertAt >= 0) this.inbox.splice(this.insertAt++, 0, run);
    else this.inbox.push(run);
  }

  /** Runs `run` now, or after the firing in progress (a watermark, an idle change). */
  whenThawed(run: () => void): void {
    if (this.firing !== null) this.stash(run);
    else run();
  }

  /**
   * Output of the operator's own (a watermark it sends on): now, or right after the firing in progress —
   * held ahead of the inbox while that is empty (input processed meanwhile makes no output), else in it.
   */
  afterFiring(run: () => void): void {
    if (this.firing === null) run();
    else if (this.inbox.length === 0) this.held.push(run);
    else this.stash(run);
  }

  /** The rest of a batch, from row `from` (the row that started a firing): `resume` runs it once the firing is done. */
  stashRest(batch: Batch, from: number, resume: (rest: Batch) => void): void {
    const rest: Batch = {
      rows: batch.rows.slice(from),
      ops: batch.ops === null ? null : batch.ops.slice(from),
      wms: batch.wms === null ? null : batch.wms.slice(from),
    };
    this.stash(() => resume(rest));
  }

  /** One unit for the pacer: the firing's next chunk, or once it is done, what waited (until another firing). */
  drainStep(): boolean {
    const firing = this.firing;
    if (firing !== null) {
      if (firing.next().done) this.firing = null;
      this.flush();
      if (this.firing !== null) return true;
      if (this.held.length > 0) {
        const held = this.held;
        this.held = [];
        for (const run of held) run();
      }
    }
    while (this.inbox.length > 0 && this.firing === null) {
      const run = this.inbox.shift()!;
      this.insertAt = 0;
      try {
        run();
      } finally {
        this.insertAt = -1;
      }
    }
    const more = this.firing !== null || this.inbox.length > 0;
    if (!more) this.queued = false;
    return more;
  }
}
