/**
 * Time functions over TIMESTAMP(3) (epoch ms, UTC): EXTRACT and its shorthands (YEAR(ts), HOUR(ts)...),
 * DATE_FORMAT, TO_TIMESTAMP, TO_TIMESTAMP_LTZ, FROM_UNIXTIME, UNIX_TIMESTAMP, DATE_TRUNC, and the
 * FLOOR/CEIL(ts, unit) forms. Constant unit and pattern arguments are checked at bind time, so a typo
 * is a diagnostic and not a column of NULLs.
 */
import type { BoundExpr } from './bound-expr.js';
import { fail } from './diagnostics.js';
import {
  checkArg,
  checkArity,
  callOf,
  constOf,
  decimalAsDouble,
  fnDef,
  temporalAsTimestamp,

  anyNullable,
  type BoundCall,
  type FnDef,
  type Site,
  type StrictCode,
} from './functions-core.js';
import { compileDatePattern, datePattern, DEFAULT_DATE_PATTERN, type DatePattern } from './functions-datefmt.js';
import { ceilTo, EXTRACT_FIELDS, MS_PER_DAY, parseTimestamp, TRUNC_UNITS, truncTo } from './functions-datetime.js';
import { T } from './types.js';

/** The upper-case text of a constant string argument that must be one of `allowed`. */
function constWord(args: readonly BoundExpr[], i: number, allowed: readonly string[], what: string, site: Site): string {
  const v = constOf(args[i]);
  if (typeof v !== 'string') fail('TYPE_MISMATCH', `${site.name} needs a constant ${what} such as '${allowed[0]}'`, site.argPos[i] ?? site.pos);
  const word = v.trim().toUpperCase();
  if (!allowed.includes(word)) {
    fail('INVALID_LITERAL', `unknown ${what} '${v}' in ${site.name}; expected one of ${allowed.join(', ')}`, site.argPos[i] ?? site.pos);
  }
  return word;
}

/** A pattern argument: validated now when constant, compiled at run time (cached) otherwise. */
function checkPattern(args: readonly BoundExpr[], i: number, site: Site): void {
  const v = constOf(args[i]);
  if (typeof v === 'string') {
    const p = compileDatePattern(v);
    if (typeof p === 'string') fail('INVALID_LITERAL', p, site.argPos[i] ?? site.pos);
  }
}

/** Code that turns argument atom `a` (TIMESTAMP ms or VARCHAR text) into epoch ms or null. */
function asMillis(arg: BoundExpr, a: string, cg: Parameters<StrictCode>[1]): string {
  return arg.type.name === 'VARCHAR' ? `${cg.fn(parseTimestamp)}(${a})` : a;
}

function patternOf(arg: BoundExpr | undefined): DatePattern | null | undefined {
  if (arg === undefined) return compileDatePattern(DEFAULT_DATE_PATTERN) as DatePattern;
  const v = constOf(arg);
  if (typeof v !== 'string') return undefined;
  const p = compileDatePattern(v);
  return typeof p === 'string' ? null : p;
}

function formatWith(ms: number | null, pattern: string): string | null {
  if (ms === null) return null;
  const p = datePattern(pattern);
  return p === null ? null : p.format(ms);
}
function parseWith(text: string, pattern: string): number | null {
  const p = datePattern(pattern);
  return p === null ? null : p.parse(text);
}
const formatConst = (ms: number | null, p: DatePattern): string | null => (ms === null ? null : p.format(ms));
const parseConst = (text: string, p: DatePattern): number | null => p.parse(text);
const secondsOrNull = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000));

const FIELD_NAMES = Object.keys(EXTRACT_FIELDS);

const extract: FnDef = {
  name: 'EXTRACT',
  check(args, site) {
    checkArity(args, 2, 2, site);
    constWord(args, 0, FIELD_NAMES, 'field', site);
    checkArg(args, 1, 'timestamp', site);
    return { args: args.map(temporalAsTimestamp), type: T.bigint(anyNullable(args)) };
  },
  impl: (call) => {
    const f = EXTRACT_FIELDS[String(constOf(call.args[0])).trim().toUpperCase()]!;
    return (a, cg) => `${cg.fn(f)}(${a[1]})`;
  },
};

/** YEAR(ts), HOUR(ts), ...: Flink's shorthands for EXTRACT. */
function shorthand(name: string, field: string): FnDef {
  const f = EXTRACT_FIELDS[field]!;
  return fnDef(name, ['timestamp'], T.bigint(false), callOf(f));
}

const dateFormat: FnDef = {
  name: 'DATE_FORMAT',
  check(args, site) {
    checkArity(args, 2, 2, site);
    checkArg(args, 0, 'text_or_timestamp', site);
    checkArg(args, 1, 'string', site);
    checkPattern(args, 1, site);
    return { args: args.map(temporalAsTimestamp), type: T.varchar(anyNullable(args) || args[0]!.type.name === 'VARCHAR' || args[1]!.kind !== 'const') };
  },
  impl: (call) => {
    const p = patternOf(call.args[1]);
    const src = call.args[0]!;
    if (p) return (a, cg) => `${cg.fn(formatConst)}(${asMillis(src, a[0]!, cg)}, ${cg.konst(p)})`;
    return (a, cg) => `${cg.fn(formatWith)}(${asMillis(src, a[0]!, cg)}, ${a[1]})`;
  },
};

/** TO_TIMESTAMP(text [, pattern]): without a pattern any ISO-8601 / SQL timestamp text. */
const toTimestamp: FnDef = {
  name: 'TO_TIMESTAMP',
  check(args, site) {
    checkArity(args, 1, 2, site);
    checkArg(args, 0, 'string', site);
    checkArg(args, 1, 'string', site);
    checkPattern(args, 1, site);
    return { args, type: T.timestamp(true) };
  },
  impl: (call) => {
    if (call.args.length === 1) return callOf(parseTimestamp)(call);
    const p = patternOf(call.args[1]);
    if (p) return (a, cg) => `${cg.fn(parseConst)}(${a[0]}, ${cg.konst(p)})`;
    return callOf(parseWith)(call);
  },
};

/** TO_TIMESTAMP_LTZ(epoch, 0 | 3): seconds or milliseconds since the epoch. */
const toTimestampLtz: FnDef = {
  name: 'TO_TIMESTAMP_LTZ',
  check(args, site) {
    checkArity(args, 1, 2, site);
    checkArg(args, 0, 'number', site);
    if (args.length === 2) {
      const p = constOf(args[1]);
      if (p !== 0 && p !== 3) fail('INVALID_LITERAL', `TO_TIMESTAMP_LTZ precision must be 0 (seconds) or 3 (milliseconds)`, site.argPos[1] ?? site.pos);
    }
    return { args: [decimalAsDouble(args[0]!), ...args.slice(1)], type: T.timestamp(anyNullable(args)) };
  },
  impl: (call) => {
    const seconds = call.args.length === 2 && constOf(call.args[1]) === 0;
    return seconds ? (a) => `Math.floor(${a[0]} * 1000)` : (a) => `Math.floor(${a[0]})`;
  },
};

/** FROM_UNIXTIME(seconds [, pattern]) → text, 'yyyy-MM-dd HH:mm:ss' by default. */
const fromUnixtime: FnDef = {
  name: 'FROM_UNIXTIME',
  check(args, site) {
    checkArity(args, 1, 2, site);
    checkArg(args, 0, 'number', site);
    checkArg(args, 1, 'string', site);
    checkPattern(args, 1, site);
    return { args: [decimalAsDouble(args[0]!), ...args.slice(1)], type: T.varchar(anyNullable(args) || (args[1] !== undefined && args[1].kind !== 'const')) };
  },
  impl: (call) => {
    const p = patternOf(call.args[1]);
    if (p) return (a, cg) => `${cg.fn(formatConst)}(Math.floor(${a[0]} * 1000), ${cg.konst(p)})`;
    return (a, cg) => `${cg.fn(formatWith)}(Math.floor(${a[0]} * 1000), ${a[1]})`;
  },
};

/** UNIX_TIMESTAMP(ts) or UNIX_TIMESTAMP(text [, pattern]) → seconds since the epoch (BIGINT). */
const unixTimestamp: FnDef = {
  name: 'UNIX_TIMESTAMP',
  check(args, site) {
    if (args.length === 0) {
      fail('UNSUPPORTED', `UNIX_TIMESTAMP() without arguments reads the wall clock, which a replayable event-time query must not; pass a timestamp`, site.pos);
    }
    checkArity(args, 1, 2, site);
    checkArg(args, 0, 'text_or_timestamp', site);
    checkArg(args, 1, 'string', site);
    checkPattern(args, 1, site);
    return { args: args.map(temporalAsTimestamp), type: T.bigint(anyNullable(args) || args[0]!.type.name === 'VARCHAR') };
  },
  impl: (call) => {
    const src = call.args[0]!;
    if (src.type.name !== 'VARCHAR') return (a) => `Math.floor(${a[0]} / 1000)`;
    if (call.args.length === 1) return (a, cg) => `${cg.fn(secondsOrNull)}(${cg.fn(parseTimestamp)}(${a[0]}))`;
    const p = patternOf(call.args[1]);
    if (p) return (a, cg) => `${cg.fn(secondsOrNull)}(${cg.fn(parseConst)}(${a[0]}, ${cg.konst(p)}))`;
    return (a, cg) => `${cg.fn(secondsOrNull)}(${cg.fn(parseWith)}(${a[0]}, ${a[1]}))`;
  },
};

/** DATE_TRUNC('HOUR', ts) (RisingWave/PostgreSQL spelling). */
const dateTrunc: FnDef = {
  name: 'DATE_TRUNC',
  check(args, site) {
    checkArity(args, 2, 2, site);
    constWord(args, 0, TRUNC_UNITS, 'unit', site);
    checkArg(args, 1, 'timestamp', site);
    return { args: args.map(temporalAsTimestamp), type: T.timestamp(anyNullable(args)) };
  },
  impl: (call) => {
    const unit = String(constOf(call.args[0])).trim().toUpperCase();
    return (a, cg) => `${cg.fn(truncTo)}(${cg.konst(unit)}, ${a[1]})`;
  },
};

/** FLOOR(ts, 'HOUR') / CEIL(ts, 'HOUR'): the time forms of FLOOR and CEIL (called from functions-arith). */
export function checkTimeRounding(args: readonly BoundExpr[], site: Site): { args: readonly BoundExpr[]; type: ReturnType<typeof T.timestamp> } {
  checkArity(args, 2, 2, site);
  constWord(args, 1, TRUNC_UNITS, 'unit', site);
  return { args, type: T.timestamp(anyNullable(args)) };
}

export function timeRoundingImpl(call: BoundCall, ceil: boolean): StrictCode {
  const unit = String(constOf(call.args[1])).trim().toUpperCase();
  return (a, cg) => `${cg.fn(ceil ? ceilTo : truncTo)}(${cg.konst(unit)}, ${a[0]})`;
}

/** Sunday-start weeks (Calcite's FLOOR(x TO WEEK), which Flink follows since FLINK-21624). */
function floorToFlink(unit: string, ms: number): number {
  if (unit !== 'WEEK') return truncTo(unit, ms);
  const days = Math.floor(ms / MS_PER_DAY);
  const sinceSunday = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return (days - sinceSunday) * MS_PER_DAY;
}
function ceilToFlink(unit: string, ms: number): number {
  if (unit !== 'WEEK') return ceilTo(unit, ms);
  const floor = floorToFlink(unit, ms);
  return floor === ms ? ms : floor + 7 * MS_PER_DAY;
}

/** Units shorter than a day: rounding a DATE to them leaves it as it is. */
const SUB_DAY_UNITS = new Set(['MILLISECOND', 'SECOND', 'MINUTE', 'HOUR']);

/** FLOOR(date TO unit), a DATE (days since the epoch) from the date's midnight in milliseconds. */
function floorDateFlink(unit: string, ms: number): number {
  return Math.floor(floorToFlink(unit, ms) / MS_PER_DAY);
}
/** CEIL(date TO unit): Flink (TimeFunctionsITCase) gives the next day for DAY and the date itself for shorter units. */
function ceilDateFlink(unit: string, ms: number): number {
  const days = Math.floor(ms / MS_PER_DAY);
  if (unit === 'DAY') return days + 1;
  if (SUB_DAY_UNITS.has(unit)) return days;
  return Math.floor(ceilToFlink(unit, ms) / MS_PER_DAY);
}
/** FLOOR/CEIL(time TO unit): a TIME (milliseconds of the day), past midnight wrapping round. */
const floorTimeFlink = (unit: string, ms: number): number => floorToFlink(unit, ms) % MS_PER_DAY;
const ceilTimeFlink = (unit: string, ms: number): number => ceilToFlink(unit, ms) % MS_PER_DAY;

/**
 * FLOOR(ts TO unit) / CEIL(ts TO unit), Flink's spelling; cst-to-ast has checked the unit word. The result
 * has the argument's type, as in Flink: a DATE stays a DATE, a TIME a TIME.
 */
function roundTo(name: 'FLOOR_TO' | 'CEIL_TO'): FnDef {
  const floor = name === 'FLOOR_TO';
  return {
    name,
    check(args, site) {
      checkArity(args, 2, 2, site);
      checkArg(args, 0, 'timestamp', site);
      constWord(args, 1, TRUNC_UNITS, 'unit', site);
      const n = anyNullable(args);
      const from = args[0]!.type.name;
      return { args: args.map(temporalAsTimestamp), type: from === 'DATE' ? T.date(n) : from === 'TIME' ? T.time(n) : T.timestamp(n) };
    },
    impl: (call) => {
      const unit = String(constOf(call.args[1]));
      const from = call.type.name;
      const f =
        from === 'DATE' ? (floor ? floorDateFlink : ceilDateFlink) : from === 'TIME' ? (floor ? floorTimeFlink : ceilTimeFlink) : floor ? floorToFlink : ceilToFlink;
      return (a, cg) => `${cg.fn(f)}(${cg.konst(unit)}, ${a[0]})`;
    },
  };
}

export const TIME_FUNCTIONS: readonly FnDef[] = [
  roundTo('FLOOR_TO'),
  roundTo('CEIL_TO'),
  extract,
  shorthand('YEAR', 'YEAR'),
  shorthand('QUARTER', 'QUARTER'),
  shorthand('MONTH', 'MONTH'),
  shorthand('WEEK', 'WEEK'),
  shorthand('DAYOFYEAR', 'DOY'),
  shorthand('DAYOFMONTH', 'DAY'),
  shorthand('DAYOFWEEK', 'DOW'),
  shorthand('HOUR', 'HOUR'),
  shorthand('MINUTE', 'MINUTE'),
  shorthand('SECOND', 'SECOND'),
  dateFormat,
  toTimestamp,
  toTimestampLtz,
  fromUnixtime,
  unixTimestamp,
  dateTrunc,
];

/** Functions that read the wall clock or randomness: refused, with the reason. */
export const UNSUPPORTED_FUNCTIONS: Readonly<Record<string, string>> = Object.fromEntries([
  [
    'PROCTIME',
    'PROCTIME() declares a processing-time attribute: use it as a computed column of a source (pt AS PROCTIME()), or as FOR SYSTEM_TIME AS OF PROCTIME() in a temporal join',
  ],
  ...['CURRENT_TIMESTAMP', 'NOW', 'LOCALTIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIME', 'CURRENT_ROW_TIMESTAMP'].map(
    (n) => [
      n,
      `${n} is not supported: queries run on event time, so a result must not depend on when it is computed; use the source's event-time column instead`,
    ],
  ),
  ...['RAND', 'RAND_INTEGER', 'UUID', 'RANDOM'].map((n) => [
    n,
    `${n} is not supported: results must be deterministic so that replays and restarts give the same rows`,
  ]),
]);


