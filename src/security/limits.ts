/**
 * Every resource a client can make the server spend, bounded (DESIGN §8). One table of defaults, documented
 * in docs/security.md; `tumbleql.yaml` overrides them under `limits:`. Limits are checked where the cost is
 * decided — SQL text before parsing, a statement when it is created — so a statement that would hang or
 * exhaust the server is refused with a located error instead of being run (and persisted, and re-run by
 * every restart).
 */
export interface ResourceLimits {
  /**
   * Largest SQL text accepted over the network (`execute`/`query`, bytes of UTF-8). Parsing holds the
   * event loop for about 1 ms per 100–200 bytes (it is synchronous), so this bounds one request's hold.
   */
  readonly sqlBytes: number;
  /** Deepest nesting of an expression or query (AST levels); deeper trees would exhaust the stack. */
  readonly sqlDepth: number;
  /**
   * Syntax-tree nodes (expressions, clauses, names) in one statement sent over the network. Binding and
   * planning run on the event loop at a cost per node (each projected expression is compiled to a
   * function), so this bounds how long one statement holds it.
   */
  readonly sqlNodes: number;
  /**
   * Query blocks (SELECTs: subqueries, CTEs, UNION branches) in one statement sent over the network.
   * Binding and optimizing cost more than linearly in them (a CTE is bound at each reference, filters
   * are pushed through every level).
   */
  readonly sqlQueries: number;
  /** HOP/CUMULATE: windows one row belongs to (size / slide). 1 ms slide over 1 day is 86.4 million. */
  readonly windowsPerRow: number;
  /** datagen and nexmark `rows_per_second` (wall clock) at most. */
  readonly generatorRowsPerSecond: number;
  /** A file source's longest line in bytes; longer lines are rejected with a bounded preview. */
  readonly lineBytes: number;
  /** Characters of a bad input kept in the rejects table (a preview, never a whole file or frame). */
  readonly rejectPreviewChars: number;
  /** Late rows kept in memory for `late` / the console, in bytes of JSON (oldest evicted; counts are kept). */
  readonly lateBytes: number;
  /** Rejected inputs kept in memory for `rejects` / the console, in bytes of JSON (oldest evicted; counts kept). */
  readonly rejectBytes: number;
  /**
   * A pushed source's input log not yet trimmed by a checkpoint (bytes of its entries: JSON text, or
   * decoded rows in binary form). Past it a checkpoint runs
   * at once (it trims the log); a single push larger than this is refused with LIMIT_EXCEEDED.
   */
  readonly inputLogBytes: number;
  /**
   * A view's output log in the state file (what subscribers resume from by seq), in bytes of row JSON. The
   * oldest rows go past it, even when the row and age retention would keep them.
   */
  readonly outputLogBytes: number;
}

export const DEFAULT_LIMITS: ResourceLimits = {
  sqlBytes: 16 * 1024,
  sqlDepth: 500,
  sqlNodes: 3000,
  sqlQueries: 32,
  windowsPerRow: 10_000,
  generatorRowsPerSecond: 1_000_000,
  lineBytes: 1024 * 1024,
  rejectPreviewChars: 1024,
  lateBytes: 16 * 1024 * 1024,
  rejectBytes: 16 * 1024 * 1024,
  inputLogBytes: 64 * 1024 * 1024,
  outputLogBytes: 256 * 1024 * 1024,
};

export function resolveLimits(partial: Partial<ResourceLimits> | undefined): ResourceLimits {
  return { ...DEFAULT_LIMITS, ...(partial ?? {}) };
}

/** `'1 MiB'`-style rendering for messages. */
export function showBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** A bounded preview of a bad input: the first `max` characters and how much was cut. */
export function preview(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

/**
 * A rejected input as it is kept (rejects table, memory and state file): as it came when its JSON text is
 * short, else a preview of that text. A producer's 900 KB row that fails to decode costs a preview, not
 * 900 KB in memory and on disk for as long as the rejects table keeps it.
 */
export function boundedInput(input: unknown, maxChars: number): unknown {
  if (typeof input === 'string') return preview(input, maxChars);
  if (input === null || typeof input !== 'object') return input;
  let text: string;
  try {
    text = JSON.stringify(input) ?? '';
  } catch {
    return '[unserializable input]';
  }
  return text.length <= maxChars ? input : preview(text, maxChars);
}
