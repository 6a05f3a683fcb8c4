/**
 * Options of a statement's operators, from a query hint (`/*+ OPTIONS('state.ttl'='1h') *\/`, Flink's
 * spelling) or a view's WITH (`CREATE VIEW v WITH ('emit.interval' = '1s') AS ...`; the view's WITH wins
 * over a hint). Both are read here once, checked, and put into the plan, so they are part of its
 * fingerprint: changing one is a new plan.
 *
 *   'state.ttl'      retention of unbounded operator state, processing time (bind-state-ttl.ts)
 *   'emit.interval'  coalescing of windowed EMIT CHANGES, event time (bind-emit-interval.ts)
 *
 * A view's WITH takes only these keys (anything else is an error at the key); a hint may also carry a
 * table's connector options (`scan.startup.mode`), which the engine reads per table (engine.ts). A bad
 * value is an error at the option as written, in the WITH or in the hint comment.
 */
import type { Pos, WithOption } from './ast.js';
import { withEmitInterval, EMIT_INTERVAL } from './bind-emit-interval.js';
import { STATE_TTL, withStateTtl } from './bind-state-ttl.js';
import { fail, type Located } from './diagnostics.js';
import { hintedOption } from './hints.js';
import type { LogicalPlan } from './logical-plan.js';

const VIEW_OPTIONS = [STATE_TTL, EMIT_INTERVAL] as const;
type OptionKey = (typeof VIEW_OPTIONS)[number];

/** An option's value in ms (null: 0, i.e. off) and where it was written. */
export interface DurationOption {
  readonly ms: number | null;
  readonly at: Located;
}

/**
 * The statement's options. `text` is the statement's own text and `start` where it begins in the
 * script (hint positions are reported in script lines and columns); unknown WITH keys and values that
 * are not durations are errors at the option.
 */
export function statementOptions(text: string, start: Pos, viewOptions: readonly WithOption[] | undefined): Record<OptionKey, DurationOption | undefined> {
  const out: Record<OptionKey, DurationOption | undefined> = { [STATE_TTL]: undefined, [EMIT_INTERVAL]: undefined };
  for (const key of VIEW_OPTIONS) {
    const h = hintedOption(text, key);
    if (h === undefined) continue;
    const at: Located = { line: start.line + h.line - 1, column: h.line === 1 ? start.column + h.column - 1 : h.column, length: h.length };
    out[key] = { ms: durationOf(key, h.value, at), at };
  }
  for (const o of viewOptions ?? []) {
    if (!(VIEW_OPTIONS as readonly string[]).includes(o.key)) {
      fail('INVALID_OPTION', `unknown view option '${o.key}'; a view takes ${VIEW_OPTIONS.map((k) => `'${k}'`).join(' or ')}`, o.pos);
    }
    out[o.key as OptionKey] = { ms: durationOf(o.key, o.value, o.pos), at: o.pos };
  }
  return out;
}

/** The plan with the statement's options applied to the operators they are for. */
export function applyStatementOptions(plan: LogicalPlan, text: string, start: Pos, viewOptions: readonly WithOption[] | undefined): LogicalPlan {
  const opts = statementOptions(text, start, viewOptions);
  return withEmitInterval(withStateTtl(plan, opts[STATE_TTL]?.ms ?? null), opts[EMIT_INTERVAL]);
}

function durationOf(key: string, v: string | number | boolean, at: Located): number | null {
  const ms = parseDurationOption(v);
  if (ms === undefined) fail('INVALID_OPTION', `'${key}' = '${String(v)}' is not a duration; expected e.g. '1h', '30 min', '10 s' or milliseconds`, at);
  return ms;
}

/** ms for a duration ('1h', '30 min', '10 s', '500 ms', '2 d', or a number of ms); null for 0; undefined when it is not one. */
export function parseDurationOption(v: string | number | boolean): number | null | undefined {
  let ms: number;
  if (typeof v === 'number') ms = v;
  else if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|millis|milliseconds?|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?\s*$/i.exec(v);
    if (!m) return undefined;
    const unit = (m[2] ?? 'ms').toLowerCase();
    const scale = unit.startsWith('ms') || unit.startsWith('milli') ? 1 : unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : unit.startsWith('h') ? 3_600_000 : 86_400_000;
    ms = Number(m[1]) * scale;
  } else return undefined;
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return ms === 0 ? null : Math.max(1, Math.round(ms));
}
