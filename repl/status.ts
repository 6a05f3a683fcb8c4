/**
 * The status line under a running query: events/s in, the watermark, rows out, late and rejected counts,
 * all of the running query (its rows, its view's late rows, its sources' events and rejects).
 * Rates come from differences between two samples of the engine's counters, so the line shows what is
 * happening now rather than an average since start.
 */
import type { BackendStats } from './backend.js';
import type { LiveQuery } from './live-query.js';

export interface StatusInfo {
  readonly elapsedMs: number;
  /** null until two samples exist, or when the backend has no counters (remote). */
  readonly eventsPerSec: number | null;
  readonly watermark: string | null;
  readonly rowsOut: number;
  readonly late: number | null;
  readonly rejected: number | null;
}

export interface Sample {
  readonly at: number;
  readonly eventsIn: number;
}

export function computeStatus(query: LiveQuery, stats: BackendStats | null, prev: Sample | null, now: number): { info: StatusInfo; sample: Sample | null } {
  const base = { elapsedMs: query.elapsedMs(now) };
  if (stats === null) {
    const info = { ...base, eventsPerSec: null, watermark: query.watermark, rowsOut: query.received, late: null, rejected: null };
    return { info, sample: null };
  }
  const view = stats.views.find((v) => v.view === query.name);
  // This query's counters, not the engine's: its own rows, its sources' events and rejects.
  const wanted = query.sources;
  const sources = wanted === null ? stats.sources : stats.sources.filter((s) => wanted.includes(s.source.toLowerCase()));
  const eventsIn = sources.reduce((n, s) => n + s.eventsIn, 0);
  const sample = { at: now, eventsIn };
  const dt = prev ? (now - prev.at) / 1000 : 0;
  return {
    sample,
    info: {
      ...base,
      eventsPerSec: prev && dt > 0 ? Math.max(0, (eventsIn - prev.eventsIn) / dt) : null,
      watermark: view?.watermark != null ? watermarkText(view.watermark) : null,
      rowsOut: query.received,
      late: view?.lateRows ?? 0,
      rejected: sources.reduce((n, s) => n + s.rejected, 0),
    },
  };
}

/**
 * The engine as a whole, for the line the demo shows while no query runs: every source's events and
 * rejects, the lowest source watermark (how far event time got everywhere), every view's rows and late rows.
 */
export function computeEngineStatus(stats: BackendStats, prev: Sample | null, now: number, startedAt: number): { info: StatusInfo; sample: Sample } {
  const eventsIn = stats.sources.reduce((n, s) => n + s.eventsIn, 0);
  const dt = prev ? (now - prev.at) / 1000 : 0;
  const marks = stats.sources.map((s) => s.watermark).filter((w): w is number => w !== null);
  return {
    sample: { at: now, eventsIn },
    info: {
      elapsedMs: now - startedAt,
      eventsPerSec: prev && dt > 0 ? Math.max(0, (eventsIn - prev.eventsIn) / dt) : null,
      watermark: marks.length > 0 ? watermarkText(Math.min(...marks)) : null,
      rowsOut: stats.views.reduce((n, v) => n + v.rowsOut, 0),
      late: stats.views.reduce((n, v) => n + v.lateRows, 0),
      rejected: stats.sources.reduce((n, s) => n + s.rejected, 0),
    },
  };
}

/** ISO text; an end-of-input watermark (+∞, or any instant past year 9999) reads as such. */
export function watermarkText(ms: number): string {
  if (ms >= 253402300800000) return '+∞ (end of input)';
  if (ms <= -8640000000000000 || !Number.isFinite(ms)) return '-∞';
  return new Date(ms).toISOString();
}

function count(n: number | null): string {
  return n === null ? '–' : Math.round(n).toLocaleString('en-US');
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** The status line's fields, in display order; the component joins them and drops the tail to fit. */
export function statusFields(info: StatusInfo): string[] {
  return [
    `${count(info.eventsPerSec)} ev/s in`,
    `watermark ${info.watermark ?? '–'}`,
    `${count(info.rowsOut)} rows out`,
    `${count(info.late)} late`,
    `${count(info.rejected)} rejected`,
    formatElapsed(info.elapsedMs),
  ];
}

export function statusText(info: StatusInfo, width: number): string {
  const fields = statusFields(info);
  let out = '';
  for (const f of fields) {
    const next = out === '' ? f : `${out} │ ${f}`;
    if (next.length > width) break;
    out = next;
  }
  return out;
}
