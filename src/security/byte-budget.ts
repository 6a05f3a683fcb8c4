/**
 * A list kept within a byte budget and a row cap: the oldest entries are evicted first. Used for what the
 * engine keeps in memory for inspection (late rows, rejected inputs), whose counts live elsewhere (a view's
 * `lateRows`, a source's `rejected`) and so stay exact when entries are evicted.
 */
export class ByteBoundedList<T> {
  private items: T[] = [];
  private sizes: number[] = [];
  private head = 0;
  private total = 0;
  /** Entries evicted so far (for stats and tests). */
  evicted = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxRows: number,
  ) {}

  get bytes(): number {
    return this.total;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /** Adds an entry of `bytes` (its JSON size); evicts the oldest until both bounds hold (the newest always stays). */
  push(item: T, bytes: number): void {
    this.items.push(item);
    this.sizes.push(bytes);
    this.total += bytes;
    while (this.length > 1 && (this.total > this.maxBytes || this.length > this.maxRows)) {
      this.total -= this.sizes[this.head]!;
      this.head++;
      this.evicted++;
    }
    // Compact once the evicted prefix is as long as what is kept: O(1) amortized per push.
    if (this.head > 1024 && this.head >= this.length) {
      this.items = this.items.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
  }

  /** The entries, oldest first. */
  toArray(): T[] {
    return this.items.slice(this.head);
  }

  /** Replaces the contents (restore from the state file). */
  reset(entries: readonly T[], sizeOf: (t: T) => number): void {
    this.items = [];
    this.sizes = [];
    this.head = 0;
    this.total = 0;
    for (const e of entries) this.push(e, sizeOf(e));
    this.evicted = 0;
  }
}

/** JSON size of a value in bytes (UTF-16 code units, a close enough and cheap stand-in). */
export function jsonBytes(x: unknown): number {
  try {
    return (JSON.stringify(x) ?? '').length;
  } catch {
    return 0;
  }
}
