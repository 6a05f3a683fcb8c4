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
}

export class SplitReader {
  private readonly queue: SplitMessage[] = [];
  private head = 0;
  private wake: (() => void) | null = null;
  private drained: (() => void) | null = null;
  private failure: Error | null = null;
  private closed = false;
  private lastSeq: number;
  private lastPending = -1;

  private constructor(
    readonly options: SplitReaderOptions,
    private readonly messages: ConsumerMessages,
  ) {
    this.lastSeq = options.startSeq - 1;
    void this.pump();
    void this.watch();
  }

  static async open(js: JetStreamClient, options: SplitReaderOptions): Promise<SplitReader> {
    if (!Number.isInteger(options.startSeq) || options.startSeq < 1) {
      throw new RangeError(`start sequence must be a whole number ≥ 1, got ${options.startSeq}`);
    }
    // Creating a consumer needs the cluster's metadata leader: while a killed node's roles are being
    // re-elected the request times out, so it is retried until `openDeadlineMs` (a missing stream is not).
    const deadline = performance.now() + (options.openDeadlineMs ?? 30_000);
    for (let wait = 100; ; wait = Math.min(wait * 2, 1_000)) {
      try {
        const consumer = await js.consumers.get(options.stream, {
          filter_subjects: options.subject,
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: options.startSeq,
        });
        // `expires` also paces the client's recovery: after a reconnect it re-checks the consumer (and
        // recreates it when a restarted server lost it) once per `expires`; the default 30 s stalls a
        // split for that long after a server restart.
        const messages = await consumer.consume({ max_messages: options.prefetch ?? 512, expires: 5_000 });
        return new SplitReader(options, messages);
      } catch (err) {
        if (!isTransient(err) || performance.now() + wait > deadline) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
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
    this.wake?.();
    this.drained?.();
    await this.messages.close();
  }

  /**
   * Fails the reader when its consumer stops sending heartbeats (its node is down): the caller opens
   * a new reader from the last sequence it took, and the cluster places the new consumer on a live node.
   */
  private async watch(): Promise<void> {
    try {
      for await (const s of this.messages.status()) {
        if (this.closed || this.failure !== null) return;
        if (s.type === 'heartbeats_missed' && s.count >= LOST_AFTER_MISSED) {
          this.failure = new Error(`the consumer of '${this.options.subject}' sent no heartbeat for ${s.count} intervals: its server is unreachable`);
          this.wake?.();
          this.drained?.();
          await this.messages.close().catch(() => {});
          return;
        }
      }
    } catch {
      // The status stream ends with the consumer; the pump reports why.
    }
  }

  private available(): number {
    return this.queue.length - this.head;
  }

  private async pump(): Promise<void> {
    const highWater = this.options.highWater ?? 4096;
    try {
      for await (const m of this.messages) {
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
        if (this.closed) break;
      }
    } catch (err) {
      this.failure = err instanceof Error ? err : new Error(String(err));
    }
    if (!this.closed && this.failure === null) this.failure = new Error(`reader of '${this.options.subject}' stopped: the consumer ended`);
    this.wake?.();
  }
}

/**
 * Missed heartbeat intervals (of `expires / 2` = 2.5 s) after which a consumer counts as lost. The client
 * recreates an ordered consumer the server says is gone, but one whose node was killed is neither there
 * nor gone: its info requests time out and the client retries them forever, so the split would stall.
 */
const LOST_AFTER_MISSED = 4;

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
