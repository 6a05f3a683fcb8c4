/**
 * The embedded API's types: what `createEngine()` returns and what the CLI, the REPL, the websocket server
 * and the benchmarks program against. Values in `OutputRow.row` are JSON-ready (the replay/websocket shape):
 * TIMESTAMP as ISO-8601 UTC text with milliseconds, DECIMAL as a JSON number when a double holds it
 * exactly, else as its exact text (docs/expressions.md, JSON out).
 */
import type { Diagnostic } from '../parser/diagnostics.js';
import type { ParseResult } from '../parser/parse.js';
import type { SecurityOptions } from '../security/options.js';

export type RowOp = '+I' | '-U' | '+U' | '-D';

export interface OutputRow {
  /** Position in the view's output log: contiguous from 1 per view. */
  readonly seq: number;
  readonly op: RowOp;
  readonly row: Record<string, unknown>;
}

export interface ColumnInfo {
  readonly name: string;
  /** SQL type as text: BIGINT, DECIMAL(10, 2), TIMESTAMP(3), VARCHAR ... */
  readonly type: string;
  readonly nullable: boolean;
  /** The source's event-time column (the one named in WATERMARK FOR). */
  readonly rowtime?: boolean;
}

export interface SourceInfo {
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
  readonly watermark?: string;
  readonly options: Readonly<Record<string, string | number | boolean>>;
  readonly sql: string;
  /** The connector that feeds it (from the connector registry). */
  readonly connector?: string;
  /** Whether it ends by itself (a file without follow, a generator with a row count). */
  readonly bounded?: boolean;
}

export interface ViewInfo {
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
  /** 'append' (windowed final rows, projections) or 'changelog' (+I/-U/+U/-D). */
  readonly mode: 'append' | 'changelog';
  readonly sql: string;
  /** Ad-hoc queries get generated names and `adhoc: true`. */
  readonly adhoc: boolean;
}

export type StatementResult =
  // `existing`: IF NOT EXISTS found this name taken (by a source or a view), which was kept unchanged.
  | { readonly kind: 'created_source'; readonly name: string; readonly existing?: 'source' | 'view' }
  | { readonly kind: 'created_view'; readonly name: string; readonly existing?: 'source' | 'view' }
  // `missing`: DROP ... IF EXISTS found nothing of that name; nothing was dropped.
  | { readonly kind: 'dropped'; readonly object: 'source' | 'view'; readonly name: string; readonly missing?: true }
  // ALTER SOURCE ... RESET WATERMARK: `previous` is the watermark it had (ISO text; null when it had none).
  | { readonly kind: 'altered'; readonly object: 'source'; readonly name: string; readonly action: 'reset_watermark'; readonly previous: string | null; readonly views: readonly string[] }
  | { readonly kind: 'query'; readonly view: string; readonly columns: readonly ColumnInfo[] }
  | { readonly kind: 'inserted'; readonly source: string; readonly count: number; readonly rejected: readonly RejectedRow[] }
  | { readonly kind: 'rows'; readonly columns: readonly string[]; readonly rows: readonly (readonly unknown[])[] }
  | { readonly kind: 'explain'; readonly text: string };

export interface RejectedRow {
  /** Index in the pushed batch (0-based). */
  readonly index: number;
  readonly reason: string;
  /** The input as received (object, or raw text when it was not JSON). */
  readonly input: unknown;
}

export interface PushResult {
  readonly accepted: number;
  readonly rejected: readonly RejectedRow[];
  /**
   * Durable mode: the input-log offset of the batch (one entry per pushed batch; durable when push returns).
   * In memory: the count of events the source has accepted so far.
   */
  readonly offset: number;
}

export interface LateRow {
  readonly view: string;
  readonly source: string;
  readonly row: Record<string, unknown>;
  /** The watermark when the row arrived, ISO-8601. */
  readonly watermark: string;
}

export interface Subscription {
  unsubscribe(): void;
}

export interface SubscribeOptions {
  /** 'latest' (default): only rows emitted from now on; 'earliest' or a seq: replay the retained log first. */
  readonly from?: 'latest' | 'earliest' | number;
}

export interface ViewStats {
  readonly view: string;
  readonly rowsOut: number;
  readonly lateRows: number;
  /** The view's rows an operator's input check rejected (a failed CAST), counted and kept as rejected inputs. */
  readonly rejectedRows: number;
  /** Current input watermark of the view (min over its sources), epoch ms; null before any event. */
  readonly watermark: number | null;
  /** Seq of the view's last output row (0 before any); survives restarts, unlike rowsOut. */
  readonly lastSeq: number;
}

export interface CheckpointStats {
  readonly epoch: number;
  readonly durationMs: number;
  /** Approximate payload bytes written by the last checkpoint. */
  readonly bytes: number;
  /** Checkpoints taken since the engine started. */
  readonly count: number;
  /** Bytes of output rows not committed yet (see `checkpointBacklogBytes`). */
  readonly backlogBytes: number;
  /** Times a push or a connector's batch waited for the commit thread (back-pressure), and how long in all. */
  readonly stalls: number;
  readonly stalledMs: number;
}

export interface SourceStats {
  readonly source: string;
  readonly eventsIn: number;
  readonly rejected: number;
  readonly watermark: number | null;
}


/** A SQL error: one or more diagnostics, each with code and line:col. */
export class SqlError extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly sql: string,
  ) {
    super(diagnostics.map((d) => (d.line > 0 ? `${d.line}:${d.column}: ${d.message}` : d.message)).join('\n'));
    this.name = 'SqlError';
  }
  get code(): string {
    return this.diagnostics[0]?.code ?? 'SQL_ERROR';
  }
}

export interface RejectedInput {
  readonly source: string;
  readonly reason: string;
  /** The input as received (object, or raw text when it was not JSON). */
  readonly input: unknown;
  /** Where it came from: `file:line`, `ws`, `http`, `api`; `view <name>` for a row a view's CAST rejected (its `input` is that row). */
  readonly origin: string;
  /** Wall-clock time of the rejection, ISO-8601. */
  readonly at: string;
}

/**
 * Raw batch delivery for hot consumers (benchmarks): rows are arrays in `columns` order, values unformatted
 * (TIMESTAMP as epoch ms, DECIMAL(p, s) as a bigint holding value × 10^s).
 */
export type RawBatchListener = (rows: readonly (readonly unknown[])[], ops: readonly RowOp[] | null) => void;

/**
 * A batch of a view's live output as JSON text (`subscribeText`): `count` rows, row i with seq
 * `firstSeq + i` and op `ops?.[i] ?? '+I'`. `json(from, end, prefix, suffix)` gives the UTF-8 bytes of
 * `prefix`, then rows from..end−1 as OutputRow objects in JSON (`{"seq":…,"op":…,"row":…}`, the text
 * `JSON.stringify` writes for each) separated by ',', then `suffix`: a server's whole `rows` message,
 * written without a string per row (in Node, a Buffer). `rowsJson[i]` is row i's `row` as JSON text (made on first read).
 * `rows()` builds the OutputRow objects, once, for a consumer that needs the values. Call all of them
 * during the listener only.
 */
export interface TextBatch {
  readonly firstSeq: number;
  readonly count: number;
  readonly ops: readonly RowOp[] | null;
  json(from: number, end: number, prefix: string, suffix: string): Uint8Array;
  readonly rowsJson: readonly string[];
  rows(): readonly OutputRow[];
}

/**
 * Processing time, injectable: what generators (`datagen`) and `idle_timeout` read as "now" and how they
 * schedule their ticks. Tests pass a manual clock and move it by hand, so nothing waits on the wall clock.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` every `ms` of this clock's time until the returned function is called. `unref`: never keeps the process alive. */
  every(ms: number, fn: () => void, options?: { readonly unref?: boolean }): () => void;
}

/** The wall clock (Date.now and setInterval). */
export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn, options) {
    const timer = setInterval(fn, ms);
    // Node's timers have unref(); this file is also type-checked for browsers (the client's types), where
    // setInterval returns a number, hence the structural check.
    if (options?.unref) (timer as unknown as { unref?: () => void }).unref?.();
    return () => clearInterval(timer);
  },
};

export interface EngineOptions {
  /** Processing time for generators and idle timeouts (default: the wall clock). */
  readonly clock?: Clock;
  /**
   * What a `PROCTIME()` column holds (docs/time.md, "Processing time"): `'clock'` (default), the clock's
   * time when the row arrives (rows of one batch share it; it never moves back); `'arrival'`, a
   * deterministic stand-in (`tumbleql replay`): the n-th row the engine takes in, over every source, is
   * stamped n ms after the epoch, so each arrival is strictly later than the one before.
   */
  readonly processingTime?: 'clock' | 'arrival';
  /** SQLite state file; ':memory:' (default for the embedded API) keeps nothing on disk. */
  readonly statePath?: string;
  /** Checkpoint period in ms when durable state is on (default 1000; 0 = only explicit checkpoints). */
  readonly checkpointIntervalMs?: number;
  /**
   * With a state file and a checkpoint interval: bytes of output rows not committed yet (waiting for
   * their checkpoint or being written by the commit thread) past which a push, or a connector's batch,
   * first waits for the checkpoint being written (default 64 MiB; docs/state.md, "Back-pressure").
   */
  readonly checkpointBacklogBytes?: number;
  /**
   * With a state file: 'NORMAL' (default) — a committed checkpoint and an acknowledged push survive the
   * process dying (kill -9); 'FULL' — they survive power loss too, at an fsync per commit and per push
   * (the state file's `synchronous`, and an fdatasync of each input log append; docs/state.md).
   */
  readonly synchronous?: 'NORMAL' | 'FULL';
  /** Views whose saved state is discarded at open (their SQL was edited). */
  readonly reset?: readonly string[];
  /**
   * Output rows each view keeps in memory for subscribers resuming from a seq (default 10,000). With a
   * state file, older rows come from the durable log; in memory, they are gone. Kept small because rows
   * retained for long are what the garbage collector pays for on the hot path.
   */
  readonly retainOutput?: number;
  /** Durable output log retention: rows are kept while among the last `maxRows` or younger than `maxAgeMs` (1 M rows, 24 h). */
  readonly retention?: { readonly maxRows?: number; readonly maxAgeMs?: number };
  /**
   * false when every source is fed from outside (replay's --input), never by its connector: CREATE
   * SOURCE then checks option names and values but not what only running the connector needs (a
   * `path`, a readable file). Default true.
   */
  readonly runConnectors?: boolean;
  /** Resource limits and file roots every statement is checked against (src/security, docs/security.md). */
  readonly security?: SecurityOptions;
  /**
   * Fire large windows in chunks of this many rows, with the event loop free between chunks (default
   * off: 0). A window of 100k keys then never holds the loop for more than a few ms, so acknowledgements
   * and other subscribers are not kept waiting; `push` may return before the rows it caused are out
   * (`settled()` waits for them). Results, their order and their seqs are the same either way
   * (docs/state.md, "Large windows fire in slices"). The server (`tumbleql run`) turns it on.
   */
  readonly sliceRows?: number;
  /** Catalog objects not restored from the state file this time (left in it): `tumbleql run --skip`. */
  readonly skip?: readonly string[];
  /**
   * This engine's slot among N workers (`tumbleql run --worker i/N`): partitioned sources read only this
   * slot's partitions, single-split sources are read by worker 0, and a query that would need rows of
   * other workers is refused (docs/nats.md). Absent: one process reads everything.
   */
  readonly worker?: { readonly index: number; readonly count: number };
}

/** How `execute` runs the views and queries its statements create. */
export interface ExecuteOptions {
  /**
   * Where their sources are read from (`scan.startup.mode`): 'earliest' (the oldest retained event) or
   * 'latest' (from now). A table's own OPTIONS hint wins over this; this wins over the source's WITH.
   */
  readonly startupMode?: StartupMode;
}

export type StartupMode = 'earliest' | 'latest';

export interface CommittedRow {
  readonly view: string;
  readonly seq: number;
  readonly op: string;
  readonly row: Record<string, unknown>;
}

/**
 * A running engine. `execute` is synchronous and throws `SqlError` for user mistakes; rows flow to
 * subscribers synchronously as events are pushed and watermarks advance.
 */
export interface Engine {
  /**
   * Runs every statement in `sql` (one or many, `;`-separated). Throws SqlError; earlier statements stay
   * applied. `parsed`: `sql` already parsed (the server parses long network SQL on a worker thread);
   * `options.startupMode`: where the views and queries it creates read their sources from.
   */
  execute(sql: string, parsed?: ParseResult, options?: ExecuteOptions): StatementResult[];
  /** Throws SqlError when `sql` is over the size limit for network SQL (checked before it is parsed anywhere). */
  checkSqlText?(sql: string): void;
  /** Rows of a view (or ad-hoc query) as they are emitted. */
  /**
   * `onRows` gets each batch of rows; `rowsJson`, when given, is each row's `row` as JSON text (when a
   * text subscriber of the same view made it; a server builds its frames from it instead of encoding again).
   */
  subscribe(view: string, onRows: (rows: readonly OutputRow[], rowsJson?: readonly string[]) => void, options?: SubscribeOptions): Subscription;
  /** Stops an ad-hoc query (`query_N`) or drops a view that nothing reads. */
  cancel(view: string): void;
  /** Unformatted batches of a view, for benchmarks and internal consumers. */
  subscribeRaw(view: string, onBatch: RawBatchListener): Subscription;
  /**
   * A view's live output (from now on) as JSON text, without an object per row: what a server frames
   * and sends as it is (see TextBatch).
   */
  subscribeText?(view: string, onBatch: (batch: TextBatch) => void): Subscription;
  /**
   * Pushes events (objects keyed by column name, case-insensitive) into a source. Bad rows are rejected,
   * not thrown. `rowsJson`: the rows as JSON text, when the caller has it (a server, from the frame it
   * parsed them from): kept as is in the input log instead of encoding the rows again. It must parse to
   * `rows`. A function is called only when the text is needed (with a state file, when a row is
   * rejected: otherwise the log keeps the decoded rows in binary form); undefined from it: not at hand.
   */
  push(source: string, rows: readonly unknown[], origin?: string, rowsJson?: string | (() => string | undefined)): PushResult;
  /** Advances a source's watermark explicitly (tests, replay); never moves it backwards. */
  advanceWatermark(source: string, ts: number): void;
  /** End of input for every source: the watermark goes to +∞ and every open window fires. */
  flush(): void;
  /** Starts connector-driven sources (file, datagen, nexmark). */
  start(): void;
  /** Resolves once every bounded connector source has been read to its end and flushed. */
  idle(): Promise<void>;
  /**
   * Resolves once every event accepted so far has been processed and its rows delivered. At once,
   * unless `sliceRows` is on and work (a large window firing, the input that arrived meanwhile) is queued.
   */
  settled(): Promise<void>;
  /**
   * More pushed rows wait to be processed than the engine works through in a few ms, or input that was
   * processed during a firing has got that far ahead of it (`sliceRows` only, runtime/pacer.ts), or
   * output waiting for a checkpoint already on its way is past `checkpointBacklogBytes` (a push would wait
   * for that checkpoint, holding the event loop): a server stops reading producers' sockets until it is not.
   */
  backlogged?(): boolean;
  /**
   * Subscribers' back-pressure on large firings (`sliceRows` only): while `pressure()` is true a firing
   * waits for them, at most a second in a row (runtime/pacer.ts). A server passes "some subscriber's
   * socket holds more than half its send budget"; null removes it.
   */
  setOutputPressure?(pressure: (() => boolean) | null): void;
  sources(): readonly SourceInfo[];
  views(): readonly ViewInfo[];
  lateRows(view?: string, limit?: number): readonly LateRow[];
  rejectedRows(source?: string, limit?: number): readonly RejectedInput[];
  stats(): { readonly sources: readonly SourceStats[]; readonly views: readonly ViewStats[]; readonly checkpoint: CheckpointStats | null };
  /** Writes a checkpoint now (no-op for in-memory state). */
  checkpoint(): void;
  /**
   * Called after each checkpoint with the output rows it made durable (durable mode only); `views`
   * limits it to some views' rows (the others are then not parsed back from the log's JSON for it).
   */
  onCommitted(listener: (rows: readonly CommittedRow[]) => void, views?: (view: string) => boolean): void;
  /** A view's output log from `fromSeq`: the durable log when there is a state file, else the retained rows. */
  readLog(view: string, fromSeq: number, limit: number): readonly OutputRow[];
  close(): Promise<void>;
}
