/**
 * Per-subscription row filters: `{"type":"subscribe","view":"notifications","where":{"user_id":42}}`.
 * Equality on one or more columns of the view, ANDed. A filter is matched from an index, not by testing
 * every subscriber against every row: the channel keeps, per set of filter columns, a map from the
 * columns' values to the followers that asked for them, so a row costs one map lookup per column set and
 * reaches only its own subscribers — 10,000 users each following their own rows cost their rows, not
 * 10,000 comparisons per row.
 *
 * Values compare as text (`42` and `"42"` match, NULL only NULL), the JSON shape the rows go out in.
 */
import type { OutputRow } from '../api.js';
import type { FilterValue } from '../../security/index.js';

export interface RowFilter {
  /** Column names as the view spells them, sorted: the index this filter lives in. */
  readonly columns: readonly string[];
  /** The wanted values, encoded like `rowKey` would encode a matching row. */
  readonly key: string;
  /** The filter as the client (or the token) gave it, with the view's spelling of each column. */
  readonly where: Readonly<Record<string, FilterValue | null>>;
  match(row: OutputRow): boolean;
}

export function valueKey(v: unknown): string {
  return v === null || v === undefined ? '\u0000' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The index key of a row for a column set: the values joined by U+001F (a value's own U+001F is escaped). */
export function rowKey(row: Readonly<Record<string, unknown>>, columns: readonly string[]): string {
  if (columns.length === 1) return valueKey(row[columns[0]!]);
  return columns.map((c) => valueKey(row[c]).replace(/\\/g, '\\\\').replace(/\u001f/g, '\\u')).join('\u001f');
}

/**
 * Builds a filter against the view's columns (matched case-insensitively, like every name), or says which
 * column does not exist.
 */
export function makeFilter(
  where: Readonly<Record<string, FilterValue | null>>,
  viewColumns: readonly string[],
): { readonly ok: true; readonly filter: RowFilter } | { readonly ok: false; readonly error: string } {
  const spelled: Record<string, FilterValue | null> = {};
  for (const [k, v] of Object.entries(where)) {
    const col = viewColumns.find((c) => c === k) ?? viewColumns.find((c) => c.toLowerCase() === k.toLowerCase());
    if (col === undefined) return { ok: false, error: `no column '${k}' in this view; columns: ${viewColumns.join(', ')}` };
    spelled[col] = v;
  }
  const columns = Object.keys(spelled).sort();
  const key = rowKey(spelled, columns);
  return { ok: true, filter: { columns, key, where: spelled, match: (r) => rowKey(r.row, columns) === key } };
}

/**
 * The client's `where` and the token's bound one, combined: the token's columns cannot be widened or
 * changed, only narrowed further on other columns. Null when they contradict.
 */
export function combineWhere(
  token: Readonly<Record<string, FilterValue>> | null,
  client: Readonly<Record<string, FilterValue | null>> | undefined,
): { readonly ok: true; readonly where: Record<string, FilterValue | null> | null } | { readonly ok: false; readonly error: string } {
  if (token === null) return { ok: true, where: client && Object.keys(client).length > 0 ? { ...client } : null };
  const out: Record<string, FilterValue | null> = { ...token };
  for (const [k, v] of Object.entries(client ?? {})) {
    const bound = Object.keys(token).find((t) => t.toLowerCase() === k.toLowerCase());
    if (bound !== undefined && valueKey(token[bound]) !== valueKey(v)) return { ok: false, error: `this token may only read rows where ${bound} = ${JSON.stringify(token[bound])}` };
    if (bound === undefined) out[k] = v;
  }
  return { ok: true, where: out };
}
