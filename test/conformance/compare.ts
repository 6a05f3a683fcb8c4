/**
 * How conformance rows are compared (the vendored READMEs' rules): numbers equal within 1e-6 relative (a
 * DECIMAL "11.10" equals 11.1), timestamps as instants, NULL is null, arrays and maps (JSON objects) by
 * their elements and entries, column names exact, view names
 * case-insensitive. `append` compares the +I records as a multiset and rejects any other op;
 * `final_table` folds the changelog into its final table first (with an upsert key: by key).
 */
export interface OutRow {
  readonly view: string;
  readonly op: string;
  readonly row: Record<string, unknown>;
}

function normalize(v: unknown): unknown {
  if (typeof v === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    if (isInstant(v)) return Date.parse(v);
  }
  return v;
}

const isInstant = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v);

/**
 * ARRAY values (JSON arrays) element by element; MAP values (JSON objects) entry by entry, keys that are
 * numeric text equal as numbers (Flink prints a DOUBLE key 42.0 as "42.0", JSON output writes "42").
 */
function sameCollection(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  const ea = Object.entries(a as Record<string, unknown>);
  const eb = Object.entries(b as Record<string, unknown>);
  if (ea.length !== eb.length) return false;
  const left = [...eb];
  return ea.every(([k, v]) => {
    const i = left.findIndex(([k2, v2]) => same(k, k2) && same(v, v2));
    if (i >= 0) left.splice(i, 1);
    return i >= 0;
  });
}

const isComposite = (v: unknown): boolean => typeof v === 'object' && v !== null;

function same(a: unknown, b: unknown): boolean {
  if (isComposite(a) || isComposite(b)) return isComposite(a) && isComposite(b) && sameCollection(a, b);
  // Timestamps are instants, equal to the millisecond: the relative tolerance of numbers below would
  // take epoch milliseconds within ~1e-6 of each other (minutes apart) as equal.
  if (isInstant(a) || isInstant(b)) return isInstant(a) && isInstant(b) && Date.parse(a) === Date.parse(b);
  const x = normalize(a);
  const y = normalize(b);
  if (typeof x === 'number' && typeof y === 'number') return x === y || Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y));
  return x === y;
}

function sameRow(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.join(',') === kb.join(',') && ka.every((k) => same(a[k], b[k]));
}

function rowsEqual(a: OutRow, b: OutRow): boolean {
  return a.view.toLowerCase() === b.view.toLowerCase() && a.op === b.op && sameRow(a.row, b.row);
}

/** Multiset comparison: every expected row matched exactly once; returns what is missing and extra. */
export function diffRows(actual: readonly OutRow[], expected: readonly OutRow[]): { missing: OutRow[]; extra: OutRow[] } {
  const left = [...actual];
  const missing: OutRow[] = [];
  for (const e of expected) {
    const i = left.findIndex((a) => rowsEqual(a, e));
    if (i >= 0) left.splice(i, 1);
    else missing.push(e);
  }
  return { missing, extra: left };
}

/**
 * Applies a changelog in output order. Without a key, -U/-D remove one equal row (an error when there is
 * none); with `upsertKey`, +I/+U replace the row with that key and -U/-D delete it. The result is all +I.
 */
export function foldChangelog(rows: readonly OutRow[], upsertKey: readonly string[] | null): OutRow[] {
  const table: OutRow[] = [];
  const keyOf = (r: OutRow): string => JSON.stringify([r.view.toLowerCase(), ...upsertKey!.map((k) => normalize(r.row[k]))]);
  for (const r of rows) {
    const insert = r.op === '+I' || r.op === '+U';
    if (upsertKey !== null) {
      const i = table.findIndex((t) => keyOf(t) === keyOf(r));
      if (i >= 0) table.splice(i, 1);
      if (insert) table.push({ ...r, op: '+I' });
      continue;
    }
    if (insert) {
      table.push({ ...r, op: '+I' });
      continue;
    }
    const i = table.findIndex((t) => t.view.toLowerCase() === r.view.toLowerCase() && sameRow(t.row, r.row));
    if (i < 0) throw new Error(`retraction of a row that is not in the table: ${JSON.stringify(r)}`);
    table.splice(i, 1);
  }
  return table;
}
