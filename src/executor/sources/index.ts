/**
 * What connectors share: the handle of a running connector, and durations. Which connectors exist, and
 * what each takes, is the registry's business (connectors/registry.ts).
 */
export interface ConnectorHandle {
  /** True when the connector ends by itself (a file without follow, a bounded generator). */
  readonly bounded: boolean;
  /** Resolves when a bounded connector has delivered everything and closed its windows. */
  readonly done: Promise<void>;
  stop(): void;
}

/** Parses durations such as '5s', '500ms', '1 min', '2 hours' or a number of ms. */
export function parseDuration(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (typeof v !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|millis|milliseconds?|s|sec|seconds?|m|min|minutes?|h|hours?|d|days?)?\s*$/i.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'ms').toLowerCase();
  const mult = unit.startsWith('ms') || unit.startsWith('milli') ? 1 : unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : unit.startsWith('h') ? 3_600_000 : 86_400_000;
  return n * mult;
}

