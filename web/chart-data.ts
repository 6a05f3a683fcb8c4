/**
 * Chart series of a windowed view: one point per window_start, the chosen numeric column summed over the
 * rows of that window, optionally split into one series per value of a key column (the busiest
 * `maxSeries` keys; the rest are counted, not drawn, and the chart says so). Pure, so it is unit-tested
 * without a browser.
 */

export interface ChartColumn {
  readonly name: string;
  readonly type: string;
}

export interface ChartSeries {
  readonly label: string;
  /** One value per x; null where the series has no row in that window. */
  readonly values: (number | null)[];
}

export interface ChartData {
  /** window_start as epoch seconds, ascending (uPlot's time unit). */
  readonly xs: number[];
  readonly series: ChartSeries[];
  /** Keys left out because only `maxSeries` are drawn. */
  readonly hidden: number;
}

const NUMERIC = /^(TINYINT|SMALLINT|INT|INTEGER|BIGINT|DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC)\b/i;
const WINDOW_COLUMNS = new Set(['window_start', 'window_end', 'window_time']);

export function isNumericType(type: string): boolean {
  return NUMERIC.test(type.trim());
}

/** Columns worth charting: numeric and not a window bound. */
export function valueColumns(columns: readonly ChartColumn[]): string[] {
  return columns.filter((c) => isNumericType(c.type) && !WINDOW_COLUMNS.has(c.name.toLowerCase())).map((c) => c.name);
}

/**
 * The column a chart starts with: the first numeric one after the window bounds, where a windowed
 * aggregate's select list puts its aggregates (`k, window_start, window_end, COUNT(*) ...`); a numeric
 * group key before them (an id) is a poor thing to sum.
 */
export function defaultValue(columns: readonly ChartColumn[]): string | null {
  const values = valueColumns(columns);
  const lastWindow = columns.reduce((at, c, i) => (WINDOW_COLUMNS.has(c.name.toLowerCase()) ? i : at), -1);
  const after = values.find((v) => columns.findIndex((c) => c.name === v) > lastWindow);
  return after ?? values[0] ?? null;
}

/** Columns a chart can be split by: anything but the window bounds and the charted value. */
export function keyColumns(columns: readonly ChartColumn[], value: string): string[] {
  return columns.filter((c) => !WINDOW_COLUMNS.has(c.name.toLowerCase()) && c.name !== value).map((c) => c.name);
}

function toEpochSeconds(v: unknown): number | null {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(ms) ? ms / 1000 : null;
}

export function buildChart(
  columns: readonly ChartColumn[],
  rows: readonly (readonly unknown[])[],
  value: string,
  splitBy: string | null,
  maxSeries = 8,
): ChartData {
  const xAt = columns.findIndex((c) => c.name.toLowerCase() === 'window_start');
  const vAt = columns.findIndex((c) => c.name === value);
  const kAt = splitBy === null ? -1 : columns.findIndex((c) => c.name === splitBy);
  if (xAt < 0 || vAt < 0) return { xs: [], series: [], hidden: 0 };
  // key → (x → sum), plus each key's total to pick the busiest ones.
  const sums = new Map<string, Map<number, number>>();
  const totals = new Map<string, number>();
  const xsSeen = new Set<number>();
  for (const row of rows) {
    const x = toEpochSeconds(row[xAt]);
    if (x === null) continue;
    // A window with only NULL values is still a window: it keeps its place on the x axis.
    xsSeen.add(x);
    const v = Number(row[vAt]);
    if (row[vAt] === null || !Number.isFinite(v)) continue;
    const key = kAt < 0 ? value : String(row[kAt]);
    let byX = sums.get(key);
    if (!byX) sums.set(key, (byX = new Map()));
    byX.set(x, (byX.get(x) ?? 0) + v);
    totals.set(key, (totals.get(key) ?? 0) + Math.abs(v));
  }
  const xs = [...xsSeen].sort((a, b) => a - b);
  const keys = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
  const shown = keys.slice(0, maxSeries).sort();
  const series = shown.map((k) => {
    const byX = sums.get(k)!;
    return { label: k, values: xs.map((x) => byX.get(x) ?? null) };
  });
  return { xs, series, hidden: keys.length - shown.length };
}

/** The split a view's chart starts with: a text key with few values (e.g. an action type), else none. */
export function defaultSplit(columns: readonly ChartColumn[], rows: readonly (readonly unknown[])[], value: string): string | null {
  for (const name of keyColumns(columns, value)) {
    const at = columns.findIndex((c) => c.name === name);
    const col = columns[at]!;
    if (isNumericType(col.type)) continue;
    const distinct = new Set(rows.map((r) => r[at]));
    if (distinct.size > 0 && distinct.size <= 8) return name;
  }
  return null;
}
