/**
 * Pure text layout for result tables, shared by the ink app and the plain (piped) mode so both show the
 * same thing. psql's aligned format:
 *
 *    auction | window_start             | bids
 *   ---------+--------------------------+------
 *          1 | 2020-10-10T00:00:00.000Z |    3
 *
 * Widths start at each column's natural width (header and values) and, when the row does not fit the
 * terminal, the widest columns are shrunk first (water-filling) and their values cut with `…`.
 */
import { cellText, isNumericType, textWidth, truncate } from './text.js';

export { cellText, textWidth, truncate } from './text.js';

export interface TableColumn {
  readonly name: string;
  /** SQL type as text, when known: numeric columns are right-aligned. */
  readonly type?: string;
}

export interface TableLayout {
  readonly widths: readonly number[];
  readonly header: string;
  readonly rule: string;
  readonly lines: readonly string[];
}

/** Per-cell padding and separators: ` a | b ` → 2 per column plus 1 per separator. */
export function tableOverhead(columnCount: number): number {
  return columnCount === 0 ? 0 : columnCount * 2 + (columnCount - 1);
}

/** Columns never shrink below this (or their natural width, if smaller): `1…` still says something. */
const MIN_COLUMN = 3;

/**
 * Fits natural column widths into `available` characters of content (overhead excluded). Columns that
 * fit in an equal share keep their natural width; the remaining space is shared among the wider ones.
 * When even the minimum widths do not fit, the minimums are returned (the caller's line is then cut).
 */
export function fitWidths(natural: readonly number[], available: number): number[] {
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= available) return [...natural];
  const out = natural.map((w) => Math.min(w, MIN_COLUMN));
  let open = natural.map((_, i) => i).filter((i) => (natural[i] ?? 0) > MIN_COLUMN);
  let budget = available - out.reduce((a, b) => a + b, 0);
  if (budget <= 0) return out;
  // Water-filling: raise every open column towards an equal level; columns whose natural width lies below
  // the level are settled at it and give the rest back to the others.
  while (open.length > 0 && budget > 0) {
    const share = Math.floor(budget / open.length);
    const settled = open.filter((i) => (natural[i] ?? 0) - (out[i] ?? 0) <= share);
    if (settled.length === 0) {
      let extra = budget - share * open.length;
      for (const i of open) {
        out[i] = (out[i] ?? 0) + share + (extra > 0 ? 1 : 0);
        if (extra > 0) extra--;
      }
      break;
    }
    for (const i of settled) {
      budget -= (natural[i] ?? 0) - (out[i] ?? 0);
      out[i] = natural[i] ?? 0;
    }
    open = open.filter((i) => !settled.includes(i));
  }
  return out;
}

function pad(text: string, width: number, right: boolean, cutToWidth = true): string {
  const cut = cutToWidth ? truncate(text, width) : text;
  const gap = ' '.repeat(Math.max(0, width - textWidth(cut)));
  return right ? gap + cut : cut + gap;
}

function alignments(columns: readonly TableColumn[], cells: readonly (readonly string[])[], rows: readonly (readonly unknown[])[]): boolean[] {
  return columns.map((c, i) => {
    if (c.type !== undefined) return isNumericType(c.type);
    // No type (remote results): right-align when every shown value is a number.
    return rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null || r[i] === undefined) &&
      cells.some((r) => r[i] !== 'NULL');
  });
}

export interface LayoutOptions {
  /** Pinned widths: a streaming table whose header is already printed keeps its columns. */
  readonly widths?: readonly number[];
  /** false: never cut a value (plain output); a longer value widens its own row only. */
  readonly truncate?: boolean;
}

/** Lays out a table for `width` terminal columns, fitting column widths to the values given. */
export function layoutTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly unknown[])[],
  width: number,
  options: LayoutOptions = {},
): TableLayout {
  const cells = rows.map((r) => columns.map((_, i) => cellText(r[i])));
  const widths = options.widths ? [...options.widths] : fitWidths(naturalWidths(columns, cells), Math.max(0, width - tableOverhead(columns.length)));
  const right = alignments(columns, cells, rows);
  const cut = options.truncate ?? true;
  const line = (values: readonly string[], alignRight: readonly boolean[]): string =>
    ' ' + values.map((v, i) => pad(v, widths[i] ?? 0, alignRight[i] ?? false, cut)).join(' | ') + ' ';
  return {
    widths,
    header: line(columns.map((c) => c.name), columns.map(() => false)),
    rule: widths.map((w) => '-'.repeat(w + 2)).join('+'),
    lines: cells.map((c) => line(c, right)),
  };
}

export function naturalWidths(columns: readonly TableColumn[], cells: readonly (readonly string[])[]): number[] {
  return columns.map((c, i) => {
    let w = textWidth(c.name);
    for (const row of cells) w = Math.max(w, textWidth(row[i] ?? ''));
    return w;
  });
}

/** Width a value of this SQL type usually needs: sizes a streaming table before its rows arrive. */
export function typicalWidth(column: TableColumn): number {
  const t = (column.type ?? '').toUpperCase();
  let w = 8;
  if (t.startsWith('TIMESTAMP')) w = 24;
  else if (t === 'DATE') w = 10;
  else if (t.startsWith('TIME')) w = 12;
  else if (t === 'BIGINT') w = 10;
  else if (t === 'INT' || t === 'INTEGER') w = 8;
  else if (t.startsWith('DOUBLE') || t.startsWith('FLOAT') || t.startsWith('DECIMAL') || t === 'REAL') w = 10;
  else if (t === 'BOOLEAN') w = 5;
  else if (t.startsWith('VARCHAR') || t === 'STRING') w = 12;
  return Math.max(w, textWidth(column.name));
}

/**
 * psql's expanded display (`\x`): one block per row, `name | value`.
 *   -[ RECORD 1 ]+-------------------------
 *   auction      | 1
 */
export function layoutVertical(
  columns: readonly TableColumn[],
  rows: readonly (readonly unknown[])[],
  width: number,
  firstRecord = 1,
): string[] {
  const nameWidth = Math.max(1, ...columns.map((c) => textWidth(c.name)));
  const valueWidth = Math.max(MIN_COLUMN, width - nameWidth - 3);
  const out: string[] = [];
  // Records before the first shown one were cut off (a live query shows its newest): say so, so record
  // numbers that do not start at 1 never read as a gap in the data.
  if (firstRecord > 1 && rows.length > 0) out.push(`(… ${count(firstRecord - 1, 'earlier record')} not shown)`);
  rows.forEach((row, r) => {
    const values = columns.map((_, i) => truncate(cellText(row[i]), valueWidth));
    // The rule reaches as far as the record's longest value, as psql draws it.
    const reach = nameWidth + 3 + Math.max(1, ...values.map(textWidth));
    const title = `-[ RECORD ${firstRecord + r} ]`;
    out.push(title.length <= nameWidth + 1
      ? title + '-'.repeat(nameWidth + 1 - title.length) + '+' + '-'.repeat(Math.max(1, reach - nameWidth - 2))
      : title + '-'.repeat(Math.max(0, Math.min(width, reach) - title.length)));
    columns.forEach((c, i) => out.push(pad(c.name, nameWidth, false) + ' | ' + (values[i] ?? '')));
  });
  return out;
}

/** `(3 rows)` / `(1 row)`, psql's footer. */
export function rowCount(n: number): string {
  return `(${count(n, 'row')})`;
}

/** `1 row`, `3 rows`, `1 change`: a count with its noun in the right number. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
