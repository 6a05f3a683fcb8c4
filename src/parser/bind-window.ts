/**
 * Windows, however they are spelled, become one `WindowSpec`. All window checks live here, once:
 *   - the time column must be an event-time attribute (the source's WATERMARK column);
 *   - sizes are positive whole milliseconds;
 *   - HOP: slide ≤ size and size % slide = 0 (names both values, catching swapped arguments);
 *     slide = size is planned as TUMBLE;
 *   - CUMULATE: step ≤ size and size % step = 0; step = size is planned as TUMBLE;
 *   - windows per row (size/slide, size/step) are bounded by the configurable resource limit
 *     (limits.windows_per_row), checked once by the statement guard (src/security/guard.ts) over the
 *     whole bound plan, not here: one limit, one error code, whatever spelling made the window;
 *   - an offset is normalized into [0, size) ([0, slide) for HOP: only its phase matters).
 */
import type { CallExpr, Expr, Pos, TvfArg, WindowTvfRef } from './ast.js';
import { exprToString } from './bind-expr.js';
import { fail } from './diagnostics.js';
import type { Column, WindowSpec } from './logical-plan.js';

const PARAMS: Record<string, readonly string[]> = {
  TUMBLE: ['DATA', 'TIMECOL', 'SIZE', 'OFFSET'],
  HOP: ['DATA', 'TIMECOL', 'SLIDE', 'SIZE', 'OFFSET'],
  CUMULATE: ['DATA', 'TIMECOL', 'STEP', 'SIZE', 'OFFSET'],
  SESSION: ['DATA', 'TIMECOL', 'GAP'],
};
const REQUIRED: Record<string, number> = { TUMBLE: 3, HOP: 4, CUMULATE: 4, SESSION: 3 };

/** Orders a TVF's arguments by parameter (positional or `NAME => value`), checking names and counts. */
export function tvfArguments(tvf: WindowTvfRef): Map<string, TvfArg> {
  const params = PARAMS[tvf.fn];
  if (!params) {
    fail(
      'UNSUPPORTED',
      `unknown window function ${tvf.fn}; expected TUMBLE, HOP, CUMULATE or SESSION`,
      tvf.pos,
    );
  }
  const out = new Map<string, TvfArg>();
  let positional = 0;
  for (const arg of tvf.args) {
    let name: string;
    if (arg.name !== undefined) {
      if (!params.includes(arg.name)) {
        fail('INVALID_WINDOW', `${tvf.fn} has no parameter ${arg.name}; its parameters are ${params.join(', ')}`, arg.pos);
      }
      name = arg.name;
    } else {
      const p = params[positional++];
      if (p === undefined) fail('INVALID_WINDOW', `too many arguments to ${tvf.fn}; expected ${params.join(', ')}`, arg.pos);
      name = p;
    }
    if (out.has(name)) fail('INVALID_WINDOW', `${tvf.fn} parameter ${name} is given twice`, arg.pos);
    out.set(name, arg);
  }
  const required = params.slice(0, REQUIRED[tvf.fn]);
  const missing = required.filter((p) => !out.has(p));
  if (missing.length > 0) {
    fail('INVALID_WINDOW', `${tvf.fn} is missing ${missing.join(', ')}; expected ${tvfSignature(tvf.fn)}`, tvf.pos);
  }
  return out;
}

export function tvfSignature(fn: string): string {
  switch (fn) {
    case 'HOP':
      return 'HOP(TABLE t, DESCRIPTOR(time_col), slide, size [, offset])';
    case 'CUMULATE':
      return 'CUMULATE(TABLE t, DESCRIPTOR(time_col), step, size [, offset])';
    case 'SESSION':
      return 'SESSION(TABLE t [PARTITION BY k, ...], DESCRIPTOR(time_col), gap)';
    default:
      return 'TUMBLE(TABLE t, DESCRIPTOR(time_col), size [, offset])';
  }
}

/** An interval argument in milliseconds; anything else is an error naming the parameter. */
export function intervalArg(expr: Expr | undefined, what: string, at: Pos): { ms: number; text: string } {
  if (!expr || expr.kind !== 'interval') {
    fail('INVALID_WINDOW', `window ${what} must be an interval such as INTERVAL '10' SECOND`, expr?.pos ?? at);
  }
  if (!(expr.ms > 0)) fail('INVALID_WINDOW', `window ${what} must be positive, got ${expr.text}`, expr.pos);
  if (!Number.isInteger(expr.ms)) {
    fail('INVALID_WINDOW', `window ${what} must be a whole number of milliseconds, got ${expr.text}`, expr.pos);
  }
  return { ms: expr.ms, text: expr.text };
}

function offsetArg(expr: Expr | undefined): number {
  if (!expr) return 0;
  if (expr.kind === 'interval') return expr.ms;
  if (expr.kind === 'unary' && expr.op === '-' && expr.operand.kind === 'interval') return -expr.operand.ms;
  fail('INVALID_WINDOW', `window offset must be an interval such as INTERVAL '8' HOUR`, expr.pos);
}

/**
 * Checks that `col` can drive a window: an event-time attribute, or a processing-time one (a PROCTIME()
 * column: the window fires on the engine's clock; true is returned then).
 */
export function checkTimeColumn(col: Column, at: Pos): boolean {
  if (col.rowtime) return false;
  if (col.proctime) return true;
  if (col.type.name !== 'TIMESTAMP') {
    fail('INVALID_WINDOW', `window time column '${col.name}' has type ${col.type.name}; it must be a TIMESTAMP event-time attribute`, at);
  }
  fail(
    'INVALID_WINDOW',
    `column '${col.name}' is not an event-time attribute, so windows over it could never close`,
    at,
    `declare it in the source: WATERMARK FOR ${col.name} AS ${col.name} - INTERVAL '5' SECOND`,
  );
}

/** Builds the normalized window from already-validated parts. */
export function makeWindow(
  fn: 'TUMBLE' | 'HOP' | 'CUMULATE',
  timeCol: number,
  size: { ms: number; text: string },
  slide: { ms: number; text: string } | null,
  offsetExpr: Expr | undefined,
  at: Pos,
  /** Legacy GROUP BY HOP: a size that is no multiple of the slide is allowed (bind-select.ts plans it). */
  uneven = false,
): WindowSpec {
  const rawOffset = offsetArg(offsetExpr);
  const norm = (o: number, s: number): number => ((o % s) + s) % s;
  if (fn === 'TUMBLE' || slide === null) {
    return { kind: 'tumble', timeCol, sizeMs: size.ms, offsetMs: norm(rawOffset, size.ms) };
  }
  if (fn === 'CUMULATE') return makeCumulate(timeCol, slide, size, norm(rawOffset, size.ms), at);
  if (slide.ms > size.ms) {
    fail(
      'INVALID_WINDOW',
      `HOP slide ${slide.text} is larger than its size ${size.text}; HOP takes the slide first, then the size`,
      at,
      `did you mean HOP(..., ${size.text}, ${slide.text})?`,
    );
  }
  if (size.ms % slide.ms !== 0 && !uneven) {
    fail(
      'INVALID_WINDOW',
      `HOP size ${size.text} must be a whole multiple of its slide ${slide.text}`,
      at,
      `pick a size that is a multiple of ${slide.text}`,
    );
  }
  if (slide.ms === size.ms) {
    // A hop that slides by its own size is a tumble: plan it as one (cheaper, same rows).
    return { kind: 'tumble', timeCol, sizeMs: size.ms, offsetMs: norm(rawOffset, size.ms) };
  }
  return { kind: 'hop', timeCol, slideMs: slide.ms, sizeMs: size.ms, offsetMs: norm(rawOffset, slide.ms) };
}

function makeCumulate(
  timeCol: number,
  step: { ms: number; text: string },
  size: { ms: number; text: string },
  offsetMs: number,
  at: Pos,
): WindowSpec {
  if (step.ms > size.ms) {
    fail(
      'INVALID_WINDOW',
      `CUMULATE step ${step.text} is larger than its size ${size.text}; CUMULATE takes the step first, then the size`,
      at,
      `did you mean CUMULATE(..., ${size.text}, ${step.text})?`,
    );
  }
  if (size.ms % step.ms !== 0) {
    fail('INVALID_WINDOW', `CUMULATE size ${size.text} must be a whole multiple of its step ${step.text}`, at, `pick a size that is a multiple of ${step.text}`);
  }
  // One step per cycle: every window is the whole cycle, a tumble.
  if (step.ms === size.ms) return { kind: 'tumble', timeCol, sizeMs: size.ms, offsetMs };
  return { kind: 'cumulate', timeCol, stepMs: step.ms, sizeMs: size.ms, offsetMs };
}

/**
 * Flink's legacy auxiliary functions name their group window again: `TUMBLE_START(ts, size)` belongs to
 * `GROUP BY TUMBLE(ts, size)`. As in Flink, one that names another window (another function, time column
 * or interval) is an error rather than silently the GROUP BY's window: `TUMBLE_START(ts, INTERVAL '2'
 * MINUTE)` under `TUMBLE(ts, INTERVAL '1' MINUTE)` would otherwise give 1-minute starts labelled as 2.
 * Under a window TVF there is no group window to name: window_start / window_end are the columns.
 * `sameColumn` says whether two column references resolve to the same input column.
 */
export function checkAuxCall(
  aux: CallExpr,
  family: string,
  group: CallExpr | null,
  sameColumn: (a: Expr, b: Expr) => boolean,
): void {
  if (group === null) {
    fail('INVALID_GROUP_BY', `${aux.name} belongs to a legacy GROUP BY ${family}(...) window; over a window TVF select window_start, window_end or window_time`, aux.pos);
  }
  const shown = `${group.name}(${group.args.map(exprToString).join(', ')})`;
  if (group.name !== family) {
    fail('INVALID_GROUP_BY', `${aux.name} needs GROUP BY ${family}(...), but the query groups by ${shown}`, aux.pos);
  }
  const names = PARAMS[family]!.slice(1).map((p) => p.toLowerCase());
  if (aux.args.length !== group.args.length) {
    fail('INVALID_GROUP_BY', `${aux.name} must repeat the arguments of the GROUP BY window ${shown}; it has ${aux.args.length} arguments, not ${group.args.length}`, aux.pos);
  }
  aux.args.forEach((a, i) => {
    const g = group.args[i]!;
    const same = i === 0 ? a.kind === 'column' && g.kind === 'column' && sameColumn(a, g) : sameArg(a, g);
    if (same) return;
    fail(
      'INVALID_GROUP_BY',
      `${aux.name} names another window than GROUP BY ${shown}: its ${names[i] ?? 'argument'} is ${exprToString(a)}, the group window's is ${exprToString(g)}`,
      a.pos,
      `write ${aux.name}(${group.args.map(exprToString).join(', ')})`,
    );
  });
}

/** Two window arguments are the same when they give the same length (`INTERVAL '60' SECOND` = `'1' MINUTE`). */
function sameArg(a: Expr, b: Expr): boolean {
  const ms = (e: Expr): number | null =>
    e.kind === 'interval' ? e.ms : e.kind === 'unary' && e.op === '-' && e.operand.kind === 'interval' ? -e.operand.ms : null;
  const x = ms(a);
  return x !== null ? x === ms(b) : exprToString(a) === exprToString(b);
}

/** Human text of a window for EXPLAIN: TUMBLE(ts, 5 s), HOP(ts, slide 2 s, size 10 s). */
export function windowToString(w: WindowSpec, schema: readonly Column[]): string {
  const col = schema[w.timeCol]?.name ?? `#${w.timeCol}`;
  if (w.kind === 'session') {
    // The TVF (sessionKeys set once it is aggregated) without PARTITION BY: sessions over all rows, then
    // grouped; the legacy GROUP BY SESSION finds them per group key.
    const by =
      w.partition.length > 0
        ? `, partition by ${w.partition.map((i) => schema[i]?.name ?? `#${i}`).join(', ')}`
        : w.sessionKeys !== undefined
          ? ', over all rows'
          : '';
    return `SESSION(${col}, gap ${formatMs(w.gapMs)}${by})`;
  }
  const off = w.offsetMs !== 0 ? `, offset ${formatMs(w.offsetMs)}` : '';
  switch (w.kind) {
    case 'tumble':
      return `TUMBLE(${col}, size ${formatMs(w.sizeMs)}${off})`;
    case 'hop':
      return `HOP(${col}, slide ${formatMs(w.slideMs)}, size ${formatMs(w.sizeMs)}${off})`;
    case 'cumulate':
      return `CUMULATE(${col}, step ${formatMs(w.stepMs)}, size ${formatMs(w.sizeMs)}${off})`;
  }
}

export function formatMs(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [u, name] of units) if (ms % u === 0) return `${ms / u} ${name}`;
  return `${ms} ms`;
}
