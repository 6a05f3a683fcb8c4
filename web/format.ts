/** How the console writes values, times and rates (the REPL's conventions: ISO UTC times, NULL shown). */

export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Epoch ms (stats) or ISO text (progress) → `2020-10-10 00:00:05.000`; +∞ (end of input) → `end of input`. */
export function formatWatermark(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number' && v >= Number.MAX_SAFE_INTEGER) return 'end of input';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString().replace('T', ' ').replace('Z', '');
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 10_000) return `${(perSecond / 1000).toFixed(1)}k/s`;
  return `${perSecond >= 100 ? Math.round(perSecond) : perSecond.toFixed(1)}/s`;
}
