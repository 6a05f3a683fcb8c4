/**
 * DATE and TIME functions as Flink documents them (Built-in Functions → Temporal Functions):
 *
 *   TO_DATE(text [, pattern])            → DATE; 'yyyy-MM-dd' by default; NULL when it does not parse
 *   TIMESTAMPADD(unit, n, t)             → t moved by n units; t a TIMESTAMP, DATE or TIME; a DATE stays a
 *                                          DATE for DAY and longer units and becomes a TIMESTAMP otherwise
 *   TIMESTAMPDIFF(unit, a, b)            → INT: whole units from a to b (negative when b is before a)
 *
 * Units are SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR (and MILLISECOND), written as words
 * (cst-to-ast turns them into constant strings) or as constant strings. CURRENT_DATE and the other
 * wall-clock functions stay refused (functions-time.ts): a replay must give the same rows.
 */
import type { BoundExpr } from './bound-expr.js';
import { fail } from './diagnostics.js';
import { anyNullable, checkArg, checkArity, constOf, temporalAsTimestamp, type FnDef, type Site } from './functions-core.js';
import { dateOf, dateStart, isDateUnit, parseDate, TIMESTAMP_UNITS, timeOfDay, timestampAdd, timestampDiff } from './functions-date-values.js';
import { compileDatePattern, datePattern, type DatePattern } from './functions-datefmt.js';
import { T } from './types.js';

function unitArg(args: readonly BoundExpr[], site: Site): string {
  const v = constOf(args[0]);
  const at = site.argPos[0] ?? site.pos;
  if (typeof v !== 'string') fail('TYPE_MISMATCH', `${site.name} needs a unit such as DAY as its first argument: ${site.name}(DAY, ...)`, at);
  const unit = v.trim().toUpperCase().replace(/^SQL_TSI_/, '');
  if (!(TIMESTAMP_UNITS as readonly string[]).includes(unit)) {
    fail('INVALID_LITERAL', `unknown unit '${v}' in ${site.name}; expected one of ${TIMESTAMP_UNITS.join(', ')}`, at);
  }
  return unit;
}

const toDateWith = (text: string, p: DatePattern): number | null => {
  const ms = p.parse(text);
  return ms === null ? null : dateOf(ms);
};
function toDateDynamic(text: string, pattern: string): number | null {
  const p = datePattern(pattern);
  return p === null ? null : toDateWith(text, p);
}

/** TO_DATE(text [, pattern]) */
const toDate: FnDef = {
  name: 'TO_DATE',
  check(args, site) {
    checkArity(args, 1, 2, site);
    checkArg(args, 0, 'string', site);
    checkArg(args, 1, 'string', site);
    const p = constOf(args[1]);
    if (typeof p === 'string') {
      const compiled = compileDatePattern(p);
      if (typeof compiled === 'string') fail('INVALID_LITERAL', compiled, site.argPos[1] ?? site.pos);
    }
    return { args, type: T.date(true) };
  },
  impl: (call) => {
    if (call.args.length === 1) return (a, cg) => `${cg.fn(parseDate)}(${a[0]})`;
    const p = constOf(call.args[1]);
    if (typeof p === 'string') {
      const compiled = compileDatePattern(p) as DatePattern;
      return (a, cg) => `${cg.fn(toDateWith)}(${a[0]}, ${cg.konst(compiled)})`;
    }
    return (a, cg) => `${cg.fn(toDateDynamic)}(${a[0]}, ${a[1]})`;
  },
};

const addToDate = (unit: string, n: number, days: number): number | null => {
  const ms = timestampAdd(unit, n, dateStart(days));
  return ms === null ? null : dateOf(ms);
};
const addToTime = (unit: string, n: number, t: number): number | null => {
  const ms = timestampAdd(unit, n, t);
  return ms === null ? null : timeOfDay(ms);
};

/** TIMESTAMPADD(unit, n, t) */
const timestampAddFn: FnDef = {
  name: 'TIMESTAMPADD',
  check(args, site) {
    checkArity(args, 3, 3, site);
    const unit = unitArg(args, site);
    checkArg(args, 1, 'integer', site);
    checkArg(args, 2, 'timestamp', site);
    const t = args[2]!.type;
    // The result can leave the years 0000-9999 (NULL), so it is always nullable.
    if (t.name === 'DATE' && isDateUnit(unit)) return { args, type: T.date(true) };
    if (t.name === 'TIME') {
      if (isDateUnit(unit)) fail('TYPE_MISMATCH', `TIMESTAMPADD cannot add ${unit} to a TIME; use HOUR, MINUTE, SECOND or MILLISECOND`, site.argPos[0] ?? site.pos);
      return { args, type: T.time(anyNullable(args)) };
    }
    return { args: [args[0]!, args[1]!, temporalAsTimestamp(args[2]!)], type: T.timestamp(true) };
  },
  impl: (call) => {
    const unit = String(constOf(call.args[0])).trim().toUpperCase().replace(/^SQL_TSI_/, '');
    const t = call.args[2]!.type.name;
    const f = t === 'DATE' ? addToDate : t === 'TIME' ? addToTime : timestampAdd;
    return (a, cg) => `${cg.fn(f)}(${cg.konst(unit)}, ${a[1]}, ${a[2]})`;
  },
};

/** TIMESTAMPDIFF(unit, a, b) */
const timestampDiffFn: FnDef = {
  name: 'TIMESTAMPDIFF',
  check(args, site) {
    checkArity(args, 3, 3, site);
    unitArg(args, site);
    checkArg(args, 1, 'timestamp', site);
    checkArg(args, 2, 'timestamp', site);
    const [a, b] = [args[1]!.type.name, args[2]!.type.name];
    if ((a === 'TIME') !== (b === 'TIME') && a !== 'NULL' && b !== 'NULL') {
      fail('TYPE_MISMATCH', `TIMESTAMPDIFF compares two TIMEs, or two of TIMESTAMP and DATE; got ${a} and ${b}`, site.pos);
    }
    return { args: [args[0]!, temporalAsTimestamp(args[1]!), temporalAsTimestamp(args[2]!)], type: T.int(anyNullable(args)) };
  },
  impl: (call) => {
    const unit = String(constOf(call.args[0])).trim().toUpperCase().replace(/^SQL_TSI_/, '');
    // Whole units always fit an INT for years 0000-9999 except milliseconds and seconds (Flink's INT wraps).
    return (a, cg) => `(${cg.fn(timestampDiff)}(${cg.konst(unit)}, ${a[1]}, ${a[2]}) | 0)`;
  },
};

export const DATE_FUNCTIONS: readonly FnDef[] = [toDate, timestampAddFn, timestampDiffFn];
