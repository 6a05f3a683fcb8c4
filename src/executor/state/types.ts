/**
 * Public types of the state store: what the engine passes to `commit` and gets back from queries.
 * Times are epoch milliseconds (wall clock for `at`, event time for watermarks).
 */
import type { StateKey, StateValue } from './codec.js';
import type { OutputBlock, PendingBlock } from './output-block.js';
import type { PackedEntries } from './packed-entries.js';
import type { SlotRun, SlotValues } from './slot-entries.js';
import type { OutputBatch } from './output-batch.js';

export type { StateKey, StateValue } from './codec.js';
export type { OutputBlock } from './output-block.js';

export interface RetentionOptions {
  /** Output rows kept per view at least (default 1,000,000). */
  readonly maxRows?: number;
  /** Output rows kept at least this long after they were committed (default 24 h). */
  readonly maxAgeMs?: number;
  /** Cap on each of the late-rows and rejected-rows tables, oldest dropped first (default 100,000). */
  readonly maxDiagnosticRows?: number;
  /** Bytes of row JSON a view's output log keeps at most, oldest dropped first, over maxRows and maxAgeMs (default 256 MiB). */
  readonly maxBytes?: number;
}

export interface OpenOptions {
  /** Open an existing file for reading only: no migration, no lock file, every write throws STATE_READONLY. */
  readonly readonly?: boolean;
  readonly retention?: RetentionOptions;
  /**
   * 'NORMAL' (default): a committed checkpoint survives the process being killed (kill -9, crash, OOM).
   * 'FULL': it also survives power loss / kernel panic, at the price of an fsync per commit.
   */
  readonly synchronous?: 'NORMAL' | 'FULL';
  /** `PRAGMA quick_check` on open (default true; linear in file size, ~0.1 s per 60 MB). */
  readonly verify?: boolean;
  /** SQLite page cache in KiB (default 16384 = 16 MiB, open.ts DEFAULT_CACHE_KIB): keeps the B-tree pages that checkpoints touch hot. */
  readonly cacheKiB?: number;
  /** How long to wait for a lock held by a process that is just exiting (default 250 ms). */
  readonly lockTimeoutMs?: number;
  /** Clock for `at` columns and retention (tests). */
  readonly now?: () => number;
}

export type CatalogKind = 'source' | 'view';

export interface CatalogEntry {
  readonly kind: CatalogKind;
  readonly name: string;
  /** The DDL statement as written (re-executed on restart). */
  readonly sql: string;
  /** Fingerprint of the normalized DDL (the engine's choice of hash); '' when not computed. */
  readonly fingerprint: string;
  readonly createdAt: number;
}

export interface CatalogInput {
  readonly kind: CatalogKind;
  readonly name: string;
  readonly sql: string;
  readonly fingerprint?: string;
  readonly createdAt?: number;
}

/** The changes of one operator since the last checkpoint. */
export interface OperatorDelta {
  /** A registered operator id (see `setViewFingerprint` / `registerOperators`). */
  readonly id: string;
  /** Changed keys; a `null` value deletes the key (Operator.checkpoint() entries fit as they are). A Map fits too. */
  readonly upserts?: Iterable<readonly [StateKey, StateValue]>;
  /** Keys to delete (purged windows, retracted groups). Applied before `upserts`. */
  readonly deletes?: Iterable<StateKey>;
  /** Delete all of this operator's state first (a full snapshot follows in `upserts`). */
  readonly clear?: boolean;
  /**
   * Values are already encoded text (declared state tables carry their own typed codec): stored as
   * they are, read back with `loadOperatorStateText`.
   */
  readonly encoded?: boolean;
  /**
   * Changed entries as two parallel arrays (stored key, encoded text or null for a delete), the form a
   * checkpoint crosses to the commit thread in: arrays of strings copy much faster than pairs. Sorted
   * by key before writing. Implies `encoded`. A value DROP_PREFIX (codec.ts) deletes every key that
   * starts with its key, before the other entries are written; a value SLOT_VALUE (slot-entries.ts) is
   * made from `lazy` when the entry is written.
   */
  readonly packed?: { readonly keys: readonly string[]; readonly values: readonly (string | null)[]; readonly lazy?: SlotValues };
  /**
   * Stored key prefixes (`<table>:`) of the operator's tables stored as runs of their namespaces
   * (state-runs.ts): their entries in `packed` are written as one run per namespace, not one row each.
   */
  readonly runTables?: readonly string[];
  /** Groups of those tables captured as numbers (slot-entries.ts), written into their namespace's run. */
  readonly slotRuns?: readonly SlotRun[];
}

/** A piece of a checkpoint sent ahead of its commit (encoded entries of operators, output rows). */
export interface CheckpointPart {
  /** Changed entries of operators, packed (state/packed-entries.ts). */
  readonly ops: readonly PackedEntries[];
  /** Changed groups of operators as numbers, encoded by the commit thread (state/slot-entries.ts). */
  readonly slots?: readonly { readonly id: string; readonly runs: readonly SlotRun[] }[];
  /** Per operator id, the prefixes of its tables stored as runs (OperatorDelta.runTables). */
  readonly runTables?: Readonly<Record<string, readonly string[]>>;
  /** Output blocks, all-ASCII ones as bytes (made text at the commit: output-block.ts, ByteBlock). */
  readonly blocks: readonly PendingBlock[];
  /** Output rows as values, made into blocks by the commit (output-batch.ts). */
  readonly batches?: readonly OutputBatch[];
}

/** Output rows of one view with contiguous seqs, in the form they cross to the commit thread. */
export interface OutputRun {
  readonly view: string;
  readonly firstSeq: number;
  /** One op per row; null when every row is '+I'. */
  readonly ops: readonly string[] | null;
  readonly rowsJson: readonly string[];
}

export interface OutputEntry {
  readonly view: string;
  /** Must be the view's `nextSeq()`, then contiguous within the checkpoint. */
  readonly seq: number;
  readonly op: string;
  readonly rowJson: string;
}

export interface LateEntry {
  readonly view: string;
  readonly source: string;
  readonly rowJson: string;
  /** The watermark when the row arrived (epoch ms). */
  readonly watermark: number;
  readonly at?: number;
}

export interface RejectedEntry {
  readonly source: string;
  /** `file:line`, `ws`, `http`, `api`. */
  readonly origin: string;
  readonly reason: string;
  /** The input as received (raw text, or JSON text of the object). */
  readonly input: string;
  readonly at?: number;
}

/**
 * Everything that becomes durable together. Offsets are opaque to the store (a number or a string per
 * source), except for sources that use the input log: there the offset is an input-log offset and the
 * commit deletes the input rows at or below it in the same transaction.
 */
export interface Checkpoint {
  readonly operators?: readonly OperatorDelta[];
  readonly offsets?: Readonly<Record<string, number | string>>;
  readonly output?: readonly OutputEntry[];
  /** Output rows as runs per view (the same seq rules apply). */
  readonly outputRuns?: readonly OutputRun[];
  /**
   * Output rows already in blocks, the form they are stored in (the engine's), all-ASCII ones possibly
   * as bytes (made text one at a time as they are written). All output is written in seq order per view.
   */
  readonly outputBlocks?: readonly PendingBlock[];
  /** Output rows as values (output-batch.ts): the commit makes their blocks. */
  readonly outputBatches?: readonly OutputBatch[];
  readonly late?: readonly LateEntry[];
  readonly rejected?: readonly RejectedEntry[];
  /** Defaults to the last epoch + 1; when given it must be greater than the last. */
  readonly epoch?: number;
}

export interface CommitResult {
  readonly epoch: number;
  /** Approximate payload bytes written (keys, values, rows), not counting SQLite page overhead. */
  readonly bytes: number;
  readonly durationMs: number;
  /** Rows inserted, replaced or deleted. */
  readonly rows: number;
}

export interface CheckpointInfo {
  readonly epoch: number;
  readonly at: number;
}

export interface StoredOutput {
  readonly seq: number;
  readonly op: string;
  readonly row: Record<string, unknown>;
}

export interface StoredOutputJson {
  readonly seq: number;
  readonly op: string;
  readonly rowJson: string;
}

export interface StoredInput {
  readonly offset: number;
  readonly rowJson: string;
}

export interface StoredLateRow {
  readonly view: string;
  readonly source: string;
  readonly row: Record<string, unknown>;
  readonly watermark: number;
  readonly at: number;
}

export interface StoredRejectedRow {
  readonly source: string;
  readonly origin: string;
  readonly reason: string;
  readonly input: string;
  readonly at: number;
}
