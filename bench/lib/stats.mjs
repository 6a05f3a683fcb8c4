// Small helpers shared by the bench scripts: percentiles, medians, number formatting, argument parsing.

/** Value at percentile p (0–100) of an ascending array (nearest rank); NaN when empty. */
export function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Percentiles ps (0–100) of samples given as [value, count] pairs (nearest rank); sorts `pairs`. */
export function weightedPct(pairs, ps) {
  pairs.sort((a, b) => a[0] - b[0]);
  const total = pairs.reduce((a, p) => a + p[1], 0);
  return ps.map((p) => {
    if (total === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * total));
    let seen = 0;
    for (const [v, c] of pairs) if ((seen += c) >= rank) return v;
    return NaN;
  });
}

export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** { n, p50, p99, max } of a list of samples (ms), rounded to 0.1. */
export function summarize(samples) {
  const s = Float64Array.from(samples).sort();
  const r = (x) => (Number.isNaN(x) ? null : Math.round(x * 10) / 10);
  return { n: s.length, p50: r(pct(s, 50)), p99: r(pct(s, 99)), max: r(s.length ? s[s.length - 1] : NaN) };
}

/** Median of each numeric field over several result objects of the same shape (non-numbers from the first). */
export function medianOf(results) {
  const out = { ...results[0] };
  for (const key of Object.keys(out)) {
    const xs = results.map((r) => r[key]).filter((x) => typeof x === 'number' && !Number.isNaN(x));
    if (typeof out[key] === 'number' && xs.length) out[key] = median(xs);
  }
  return out;
}

export const fmt = (n, d = 0) =>
  n == null || Number.isNaN(n) ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
export const fmtBytes = (b) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MiB` : `${(b / 1024).toFixed(0)} KiB`);

/** `--name value` options and `--flag` switches from process.argv. */
export function cliArgs(argv = process.argv.slice(2)) {
  const flag = (name) => argv.includes(`--${name}`);
  const option = (name, dflt) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') ? argv[i + 1] : dflt;
  };
  const number = (name, dflt) => {
    const v = Number(option(name, dflt));
    if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} expects a number, got '${option(name)}'`);
    return v;
  };
  return { flag, option, number };
}

/** A markdown table from a header and rows of cells. */
export function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}
