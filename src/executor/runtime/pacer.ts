/**
 * Cooperative scheduling of large outputs (`EngineOptions.sliceRows`): firing a window of 100k keys is
 * done in chunks of a few thousand rows, one chunk per unit of work, with the event loop free between
 * units (acknowledgements, socket writes, timers), instead of one task that builds, encodes and sends
 * every row.
 *
 * Two queues, and one rule that keeps results exactly those of synchronous processing:
 *   ready  operators with work in progress (a window being fired, then the input that reached them
 *          meanwhile), oldest first. Such an operator is frozen: whatever reaches it waits in its own
 *          inbox, in order, so its state does not move under the firing (see window-aggregate-base.ts).
 *   steps  engine entry points that arrived while anything was queued (a pushed batch, a connector's
 *          batch, a watermark, an idle change), in arrival order.
 * A unit drains one chunk of the oldest ready operator; steps run only when no operator is ready. So
 * every step sees the dataflow exactly as synchronous processing would have left it, and the order of
 * everything is fixed by the input alone (chunks are counted in rows, never in time): a restart that
 * re-processes the same input gives the same rows with the same seqs. Time only decides where the event
 * loop gets a turn (after `sliceMs` of units).
 *
 * Run-ahead: an entry point that arrives while nothing is queued in `steps` runs at once, firing or not,
 * when every ready operator admits input (`Drainable.admitsInput`): a TUMBLE aggregate with EMIT FINAL
 * whose view nothing else reaches downstream of it (operators/firing-slicer.ts). Such an operator takes
 * what reaches it into the state of later windows, which its firing does not read, and holds what it
 * would send on (watermarks) until its last chunk is out; everything else the step reaches is disjoint
 * from the firing's rows. So every operator still sees its inputs in the order of synchronous
 * processing, while a producer's next batch is processed (and its source's offset moves) during a
 * firing instead of queuing behind it: nothing accumulates, so the server has no reason to stop reading
 * the producer (Engine.backlogged) and its acknowledgements do not wait for the firing. The firing must
 * not fall behind that input, though (a producer at full speed would take nearly every turn of the event
 * loop, and a firing that lasts until the next window closes makes input queue again): each row that
 * ran ahead owes AHEAD_RATIO rows of firing, a tick goes on past `sliceMs` (by at most MAX_OWED_MS)
 * until they are out, and while input is more than the engine's backlog bound (16,384 rows) ahead of
 * that pace the server reads no further (Engine.backlogged) — a pause of a few chunks, where a queue
 * behind the firing paused it until the firing was out. The ratio is the trade: at full producer speed
 * a firing lasts 1 + c_in ÷ (AHEAD_RATIO × c_out) times as long as alone (c_in, c_out: CPU per row in and
 * per row fired; ~1.4× for TUMBLE over 100k keys, where c_in ≈ 3 c_out), and the producer waits, now
 * and then, for AHEAD_RATIO rows to fire per row it sent. (Ratios 2 and 4 stretched firings more and
 * gave no better acknowledgements on the end-to-end benchmark; bench/HISTORY.md.)
 *
 * Checkpoints wait for `quiet` (no operator mid-firing): queued steps have not touched anything yet (source
 * offsets move when they run), so state, offsets and output rows are consistent at any quiet moment.
 *
 * Back-pressure from subscribers (`setPressure`, set by a server): while some subscriber's socket holds
 * more unsent output than it should, a firing waits for it to drain (the chunks already out are on their
 * way) instead of piling more on, for at most MAX_PRESSURE_WAIT_MS in a row; then it goes on, and a
 * subscriber that still does not read meets its hard send budget and is dropped as before (server/
 * session.ts). So a merely slow subscriber slows a large firing down, and one that reads nothing cannot
 * stall the engine for longer than that.
 */

/** An operator with work in progress. */
export interface Drainable {
  /** Does one unit (at most one chunk of output rows); false once nothing is left. */
  drainStep(): boolean;
  /**
   * Entry points may run now, while this operator's work is in progress: what they send it is processed
   * into its state without output until its firing is out, and nothing downstream of it is reached by
   * another way (see the header's run-ahead rule). Absent or false: entry points queue.
   */
  admitsInput?(): boolean;
}

/** Pushed rows waiting in `steps` beyond which a new entry point first drains everything (memory bound). */
const MAX_QUEUED_ROWS = 500_000;
/** The longest a firing waits, in a row, for subscribers' sockets to drain. */
export const MAX_PRESSURE_WAIT_MS = 1000;

/** Rows of firing owed per input row that ran ahead of it (see the header): the firing keeps ahead of input. */
export const AHEAD_RATIO = 8;
/** How long a tick may go on past `sliceMs` to pay the rows owed. */
export const MAX_OWED_MS = 12;

/** What a queued step's place holds once it has run. */
const SPENT = { run: (): void => {}, rows: 0 };

export class Pacer {
  private readonly ready: Drainable[] = [];
  private readonly steps: { readonly run: () => void; readonly rows: number }[] = [];
  private stepHead = 0;
  private queuedRows = 0;
  /** Inside a step or a unit: nested entry points run at once, as synchronous processing would. */
  private depth = 0;
  private scheduled = false;
  private stopped = false;
  private quietWaiters: (() => void)[] = [];
  private settledWaiters: (() => void)[] = [];
  /** True while some subscriber has more unsent output than it should (see the header); null: none. */
  private pressure: (() => boolean) | null = null;
  /** Since when firings have waited on `pressure` without a break (null: they are not waiting). */
  private pressedSince: number | null = null;
  /** Rows of firing owed to input that ran ahead (see the header). */
  private owed = 0;

  constructor(
    /** Rows per chunk of a firing. */
    readonly chunkRows: number,
    /** Time given to units before the event loop gets a turn. */
    private readonly sliceMs = 4,
    /** Processing time (the engine's clock, injectable) for the bound on waiting for subscribers. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Nothing queued at all. */
  get idle(): boolean {
    return this.ready.length === 0 && this.stepHead === this.steps.length;
  }

  /** No operator mid-firing: a checkpoint may be taken. */
  get quiet(): boolean {
    return this.ready.length === 0;
  }

  /** Rows of firing owed to input that ran ahead of it (see the header); 0 once no operator is in progress. */
  get owedRows(): number {
    return this.owed;
  }

  /** Rows of entry points waiting to run. */
  get pendingRows(): number {
    return this.queuedRows;
  }

  /**
   * Runs an entry point now when nothing is queued (or when called from inside one), else queues it
   * behind what is. `rows`: how many input rows it carries (for the memory bound).
   */
  gate(run: () => void, rows = 0): void {
    const now = this.depth > 0 || this.idle;
    if (now || this.runsAhead()) {
      if (!now) this.owed += rows * AHEAD_RATIO;
      this.depth++;
      try {
        run();
      } finally {
        this.depth--;
      }
      this.kick();
      return;
    }
    if (this.queuedRows + rows > MAX_QUEUED_ROWS) this.settleNow();
    if (this.idle) return this.gate(run, rows);
    this.steps.push({ run, rows });
    this.queuedRows += rows;
    this.kick();
  }

  /** Nothing queued in `steps`, and every operator in progress takes input as it comes (see the header). */
  private runsAhead(): boolean {
    if (this.stepHead !== this.steps.length) return false;
    for (const d of this.ready) if (d.admitsInput?.() !== true) return false;
    return true;
  }

  /** Subscribers' back-pressure on firings (a server sets it; see the header). */
  setPressure(pressure: (() => boolean) | null): void {
    this.pressure = pressure;
  }

  /** An operator started work it will finish in units. */
  defer(d: Drainable): void {
    this.ready.push(d);
    this.kick();
  }

  /**
   * Drains everything synchronously (before DDL, a synchronous checkpoint, close). Not from inside a
   * unit (a subscriber's callback that runs a statement): the firing in progress is on the stack.
   */
  settleNow(): void {
    if (this.depth > 0) return;
    while (!this.idle) this.unit();
    this.notify();
  }

  /** Drains the operators mid-firing synchronously (a synchronous checkpoint). */
  quietNow(): void {
    if (this.depth > 0) return;
    while (this.ready.length > 0) this.unit();
    this.notify();
  }

  /** Resolves once no operator is mid-firing. */
  whenQuiet(): Promise<void> {
    if (this.quiet) return Promise.resolve();
    return new Promise((resolve) => this.quietWaiters.push(resolve));
  }

  /** Resolves once nothing is queued. */
  whenSettled(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /** A crash: queued work is dropped (it is in the input log or the connector's offsets). */
  stop(): void {
    this.stopped = true;
    this.ready.length = 0;
    this.steps.length = 0;
    this.stepHead = 0;
    this.queuedRows = 0;
    this.notify();
  }

  private unit(): void {
    this.depth++;
    try {
      const d = this.ready[0];
      if (d !== undefined) {
        if (!d.drainStep()) this.ready.shift();
        return;
      }
      const step = this.steps[this.stepHead]!;
      // A step that ran lets go of its rows now, not when the queue is next compacted (up to 1,024 steps
      // later): kept there, every queued batch outlived a few young-generation collections and was
      // promoted, and up to a million rows of spent batches were live at once.
      this.steps[this.stepHead++] = SPENT;
      this.queuedRows -= step.rows;
      if (this.stepHead > 1024 && this.stepHead * 2 > this.steps.length) {
        this.steps.splice(0, this.stepHead);
        this.stepHead = 0;
      }
      step.run();
    } finally {
      this.depth--;
    }
  }

  private kick(): void {
    if (this.scheduled || this.stopped || this.depth > 0) return;
    if (this.idle) {
      this.notify();
      return;
    }
    this.scheduled = true;
    setImmediate(() => this.tick());
  }

  private tick(): void {
    this.scheduled = false;
    if (this.stopped) return;
    const end = performance.now() + this.sliceMs;
    // Not a do-while: what was queued when this tick was scheduled may have been drained since, by a
    // synchronous checkpoint or settle (`quietNow`, `settleNow`).
    while (!this.idle) {
      // Asked before every chunk: one tick's chunks could otherwise take a subscriber past its budget.
      if (this.held()) {
        this.scheduled = true;
        setTimeout(() => this.tick(), 1);
        return;
      }
      const firing = !this.quiet;
      this.unit();
      // A unit of an operator in progress: a chunk of its rows (at most) paid to input that ran ahead.
      if (firing) this.owed = this.quiet ? 0 : Math.max(0, this.owed - this.chunkRows);
      if (this.quiet && this.quietWaiters.length > 0) {
        // A checkpoint waits for this moment: it runs (a microtask) before the next unit.
        this.notifyQuiet();
        break;
      }
      const now = performance.now();
      if (now >= end && (this.owed === 0 || now >= end + MAX_OWED_MS)) break;
    }
    this.kick();
  }

  /** A firing is in progress and subscribers ask it to wait (for at most MAX_PRESSURE_WAIT_MS in a row). */
  private held(): boolean {
    if (this.ready.length === 0 || this.pressure === null || !this.pressure()) {
      this.pressedSince = null;
      return false;
    }
    const now = this.now();
    this.pressedSince ??= now;
    return now - this.pressedSince < MAX_PRESSURE_WAIT_MS;
  }

  private notifyQuiet(): void {
    const waiters = this.quietWaiters;
    this.quietWaiters = [];
    for (const w of waiters) w();
  }

  private notify(): void {
    if (this.quiet) this.notifyQuiet();
    if (!this.idle) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const w of waiters) w();
  }
}
