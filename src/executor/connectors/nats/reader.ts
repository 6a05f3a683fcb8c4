/**
 * Reads one split (one partition subject of a stream) from a start sequence, in stream order.
 *
 * The offset of a split is the stream sequence of the last message the engine committed; a restart opens
 * the reader at that sequence + 1. Nothing is acknowledged to the server: an ordered consumer (ephemeral,
 * flow-controlled, recreated by the client from the last delivered sequence after a gap or a server
 * restart) delivers the split, and exactly-once comes from committing the sequence with the state.
 *
 * A pump moves messages from the consumer into a bounded queue; `nextBatch` takes from it. When the queue
 * is full the pump stops pulling, so the consumer's prefetch plus `highWater` bound the memory a slow
 * engine lets a split hold.
 *
 *   stream seq:  1    2    3    4    5    6        subject ev.3 holds 2, 5, 6
 *   committed 2 ───────────────► start at 3 ──► delivers 5, 6
 *
 * Liveness: the consumer is asked for an idle heartbeat every `heartbeatMs`; a watchdog counts its own
 * ticks without a message or a heartbeat, and after `lostAfter` of them replaces the consumer with a new
 * one that starts after the last message queued (the reader does it itself, so callers
 * only ever see a gapless, repeat-free sequence). Ticks, not wall time, so a process that was busy for a
 * while does not take its own stall for a dead server.
 */
import { DeliverPolicy, JetStreamApiError } from '@nats-io/jetstream';
import { NoRespondersError, TimeoutError } from '@nats-io/transport-node';
import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';

export interface SplitMessage {
  readonly subject: string;
  /** Stream sequence: the split's offset once committed. */
  readonly seq: number;
  readonly data: Uint8Array;
  /** When the server stored the message (epoch ms). */
  readonly timestampMs: number;
  /** Messages of this split still after this one when it was delivered (0: caught up). */
  readonly pending: number;
}

export interface SplitReaderOptions {
  readonly stream: string;
  readonly subject: string;
  /** The first sequence to deliver (committed offset + 1; 1 for the start of the stream). */
  readonly startSeq: number;
  /** Messages the consumer asks the server for ahead of use. */
  readonly prefetch?: number;
  /** Messages queued in this process before the pump waits. */
  readonly highWater?: number;
  /** How long opening keeps retrying while the cluster elects leaders (default 30 s). */
  readonly openDeadlineMs?: number;
  /** The idle heartbeat asked of the consumer (default 1 s; the client allows no less than 500 ms). */
  readonly heartbeatMs?: number;
  /** Heartbeat intervals without a sign of life after which the consumer is replaced (default 4). */
  readonly lostAfter?: number;
}

/** Defaults of the liveness check: a consumer on a dead node is replaced 4–5 s after its last heartbeat. */
export const DEFAULT_HEARTBEAT_MS = 1_000;
export const DEFAULT_LOST_AFTER = 4;

export class SplitReader {
  private readonly queue: SplitMessage[] = [];
  private head = 0;
  private wake: (() => void) | null = null;
  private drained: (() => void) | null = null;
  private failure: Error | null = null;
  private closed = false;
  private lastSeq: number;
  private lastPending = -1;
  /** The sequence of the last message queued: a replacement consumer starts after it. */
  private queuedSeq: number;
  /** Bumped when the consumer is replaced: a pump or watcher of an older consumer stops. */
  private generation = 0;
  private heard = true;
  private silentTicks = 0;
  private replacing = false;
  private replaced = 0;
  private readonly ticker: ReturnType<typeof setInterval>;

  private constructor(
    readonly options: SplitReaderOptions,
    private readonly js: JetStreamClient,
    private messages: ConsumerMessages,
  ) {
    this.lastSeq = options.startSeq - 1;
    this.queuedSeq = options.startSeq - 1;
    this.follow();
    this.ticker = setInterval(() => this.tick(), options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    this.ticker.unref();
  }

  static async open(js: JetStreamClient, options: SplitReaderOptions): Promise<SplitReader> {
    if (!Number.isInteger(options.startSeq) || options.startSeq < 1) {
      throw new RangeError(`start sequence must be a whole number ≥ 1, got ${options.startSeq}`);
    }
    return new SplitReader(options, js, await openConsumer(js, options, options.startSeq));
  }

  /** The sequence of the last message handed out (startSeq − 1 before the first). */
  get position(): number {
    return this.lastSeq;
  }

  /** Messages received and not yet taken: `nextBatch` returns at once when this is above 0. */
  get buffered(): number {
    return this.available();
  }

  /** True once a delivered message said nothing of this split was left after it. */
  get caughtUp(): boolean {
    return this.lastPending === 0 && this.queue.length === this.head;
  }

  /** How many times the consumer was found dead and replaced. */
  get replacements(): number {
    return this.replaced;
  }

  /**
   * Up to `max` messages in stream order; waits at most `waitMs` for the first one and returns [] when
   * none came (an idle split). Rejects if the consumer failed (stream deleted, connection closed).
   */
  async nextBatch(max: number, waitMs: number): Promise<SplitMessage[]> {
    if (this.available() === 0 && this.failure === null && !this.closed && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = null;
          resolve();
        }, waitMs);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
    if (this.available() === 0 && this.failure) throw this.failure;
    const n = Math.min(max, this.available());
    const out = this.queue.slice(this.head, this.head + n);
    this.head += n;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    const last = out[out.length - 1];
    if (last) {
      this.lastSeq = last.seq;
      this.lastPending = last.pending;
    }
    this.drained?.();
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ticker);
    this.wake?.();
    this.drained?.();
    await this.messages.close();
  }

  /** Starts the pump and the watcher of the current consumer. */
  private follow(): void {
    const gen = this.generation;
    void this.pump(this.messages, gen);
    void this.watch(this.messages, gen);
  }

  /** One watchdog tick: a full queue counts as alive (the pump is not pulling, so nothing need come). */
  private tick(): void {
    if (this.closed || this.failure !== null || this.replacing) return;
    if (this.heard || this.available() >= (this.options.highWater ?? 4096)) {
      this.heard = false;
      this.silentTicks = 0;
      return;
    }
    if (++this.silentTicks >= (this.options.lostAfter ?? DEFAULT_LOST_AFTER)) void this.replace();
  }

  /**
   * Replaces a consumer that went silent. Its node may be dead: the client cannot tell, it keeps asking
   * the consumer for its state and those requests time out (it is neither there nor gone), so the split
   * would stall. A new consumer from the last queued sequence + 1 is placed by the cluster on a live node.
   * Creating it is retried while the cluster elects leaders; past `openDeadlineMs` the reader fails (the
   * caller reopens the source from its offsets and says so).
   */
  private async replace(): Promise<void> {
    this.replacing = true;
    const old = this.messages;
    this.generation++;
    // Not awaited: the old consumer's iterator ends once its pump runs again, which it may not.
    void old.close().catch(() => {});
    try {
      this.messages = await openConsumer(this.js, this.options, this.queuedSeq + 1, () => this.closed);
      this.replaced++;
      if (this.closed) {
        await this.messages.close();
        return;
      }
      this.heard = true;
      this.silentTicks = 0;
      this.follow();
    } catch (err) {
      if (!this.closed) this.fail(new Error(`the consumer of '${this.options.subject}' went silent and could not be replaced: ${(err as Error).message}`));
    } finally {
      this.replacing = false;
    }
  }

  private fail(err: Error): void {
    if (this.failure === null) this.failure = err;
    this.wake?.();
  }

  /** Any server traffic for the consumer (a heartbeat, an expired pull) shows it is alive. */
  private async watch(messages: ConsumerMessages, gen: number): Promise<void> {
    try {
      for await (const s of messages.status()) {
        if (gen !== this.generation || this.closed) return;
        if (s.type === 'heartbeat' || s.type === 'discard' || s.type === 'debug' || s.type === 'ordered_consumer_recreated') this.heard = true;
      }
    } catch {
      // The status stream ends with the consumer; the pump reports why.
    }
  }

  private available(): number {
    return this.queue.length - this.head;
  }

  private async pump(messages: ConsumerMessages, gen: number): Promise<void> {
    const highWater = this.options.highWater ?? 4096;
    try {
      for await (const m of messages) {
        if (gen !== this.generation) return;
        this.heard = true;
        const seq = m.info.streamSequence;
        if (seq <= this.queuedSeq) continue; // never twice, whichever consumer delivered it first
        this.queuedSeq = seq;
        this.queue.push(toSplitMessage(m));
        this.wake?.();
        while (this.available() >= highWater && !this.closed) {
          await new Promise<void>((resolve) => {
            this.drained = () => {
              this.drained = null;
              resolve();
            };
          });
        }
        if (this.closed || gen !== this.generation) return;
      }
    } catch (err) {
      if (gen === this.generation) this.fail(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (gen === this.generation && !this.closed) this.fail(new Error(`reader of '${this.options.subject}' stopped: the consumer ended`));
  }
}

/**
 * An ordered consumer of the split from `startSeq`. Creating a consumer needs the cluster's metadata
 * leader: while a killed node's roles are re-elected the request times out or finds no responders, so it
 * is retried until `openDeadlineMs` (a missing stream is not retried).
 */
async function openConsumer(
  js: JetStreamClient, options: SplitReaderOptions, startSeq: number, cancelled: () => boolean = () => false,
): Promise<ConsumerMessages> {
  const deadline = performance.now() + (options.openDeadlineMs ?? 30_000);
  const heartbeat = Math.max(500, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  for (let wait = 100; ; wait = Math.min(wait * 2, 1_000)) {
    try {
      const consumer = await js.consumers.get(options.stream, {
        filter_subjects: options.subject,
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: startSeq,
      });
      // `expires` also paces the client's own recovery: after a reconnect it re-checks the consumer (and
      // recreates it when a restarted server lost it) once per `expires`; the default 30 s stalls a split
      // for that long after a server restart.
      return await consumer.consume({ max_messages: options.prefetch ?? 512, expires: Math.max(5_000, 4 * heartbeat), idle_heartbeat: heartbeat });
    } catch (err) {
      if (cancelled() || !isTransient(err) || performance.now() + wait > deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Errors a cluster gives while it elects leaders: timeouts, no responders, "temporarily unavailable". */
function isTransient(err: unknown): boolean {
  if (err instanceof TimeoutError || err instanceof NoRespondersError) return true;
  // 10008: "JetStream system temporarily unavailable" (status 503) while a leader is elected.
  return err instanceof JetStreamApiError && (err.code === 10008 || err.status === 503);
}

function toSplitMessage(m: JsMsg): SplitMessage {
  return {
    subject: m.subject,
    seq: m.info.streamSequence,
    data: m.data,
    timestampMs: Math.floor(m.info.timestampNanos / 1e6),
    pending: m.info.pending,
  };
}
