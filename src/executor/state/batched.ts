/**
 * A prepared statement run over many rows at a time: `INSERT ... VALUES (?,?,?),(?,?,?),...` or
 * `DELETE ... WHERE op = ? AND k IN (?,?,...)`. Each better-sqlite3 call crosses from JS into C++ and
 * starts a VM program; one call per BATCH_ROWS rows instead of one per row measured ~1.6x faster for
 * 100k upserts whose pages are in cache (195 → 118 ms); when random keys over a large state make page
 * I/O dominate, it makes little difference. 64 was as good as 256 and binds fewer parameters. Full
 * batches reuse one parameter array; the remainder goes through the one-row statement.
 */
import type Database from 'better-sqlite3';

export const BATCH_ROWS = 64;

export class Batched {
  private readonly full: Database.Statement;
  private readonly single: Database.Statement;
  private readonly buf: unknown[];
  private readonly one: unknown[];

  /**
   * @param make SQL for `rows` rows
   * @param lead parameters that come first once per statement (e.g. the operator id of a DELETE)
   * @param width parameters per row
   */
  constructor(
    db: Database.Database,
    make: (rows: number) => string,
    private readonly lead: number,
    private readonly width: number,
    private readonly rows = BATCH_ROWS,
  ) {
    this.full = db.prepare(make(rows));
    this.single = db.prepare(make(1));
    this.buf = new Array<unknown>(lead + width * rows);
    this.one = new Array<unknown>(lead + width);
  }

  /** Runs over `flat` (rows × width values, row-major) with `head` as the lead parameters; returns rows changed. */
  run(head: readonly unknown[], flat: readonly unknown[]): number {
    const { lead, width, rows, buf, one } = this;
    for (let i = 0; i < lead; i++) buf[i] = one[i] = head[i];
    const count = flat.length / width;
    let changes = 0;
    let r = 0;
    for (; r + rows <= count; r += rows) {
      const base = r * width;
      for (let j = 0; j < rows * width; j++) buf[lead + j] = flat[base + j];
      changes += this.full.run(buf).changes;
    }
    for (; r < count; r++) {
      const base = r * width;
      for (let j = 0; j < width; j++) one[lead + j] = flat[base + j];
      changes += this.single.run(one).changes;
    }
    return changes;
  }
}

/** `(?,?,?),(?,?,?)` for `rows` rows of `width` parameters. */
export function tuples(rows: number, width: number): string {
  const t = `(${new Array<string>(width).fill('?').join(',')})`;
  return new Array<string>(rows).fill(t).join(',');
}

/** `?,?,?` for an IN list. */
export function marks(n: number): string {
  return new Array<string>(n).fill('?').join(',');
}
