/**
 * TIMESTAMP(3) at run time: epoch milliseconds, UTC, no time zones anywhere. Parsing, formatting and
 * calendar fields without `Date` objects (the encoder formats one timestamp per output value, so this
 * is a hot path): Howard Hinnant's days↔civil algorithms, proleptic Gregorian calendar.
 *
 * Accepted text (parseTimestamp), surrounding spaces ignored:
 *   YYYY-MM-DD                               midnight UTC
 *   YYYY-MM-DD[T| ]HH:MM[:SS[.f…]]           up to 9 fraction digits, truncated to milliseconds
 *   … followed by Z, ±HH, ±HHMM or ±HH:MM    a zone offset; without one the text is UTC
 */

export const MS_PER_DAY = 86_400_000;
/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the years ISO-8601 text can hold in 4 digits. */
export const MIN_TIMESTAMP = -62_167_219_200_000;
export const MAX_TIMESTAMP = 253_402_300_799_999;

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// civil() writes its result here instead of allocating a tuple per call (single-threaded JS).
let cy = 1970;
let cm = 1;
let cd = 1;

function civil(days: number): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  cd = doy - Math.floor((153 * mp + 2) / 5) + 1;
  cm = mp < 10 ? mp + 3 : mp - 9;
  cy = yoe + era * 400 + (cm <= 2 ? 1 : 0);
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Euclidean modulo: the time of day of a negative timestamp is still 0..86399999. */
function mod(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? r + b : r;
}

const p2 = (n: number): string => (n < 10 ? '0' + n : '' + n);
const p3 = (n: number): string => (n < 10 ? '00' + n : n < 100 ? '0' + n : '' + n);
function pYear(y: number): string {
  if (y >= 0 && y <= 9999) return y < 10 ? '000' + y : y < 100 ? '00' + y : y < 1000 ? '0' + y : '' + y;
  // ISO-8601 expanded years, as Date.prototype.toISOString writes them.
  const a = Math.abs(y);
  return (y < 0 ? '-' : '+') + String(a).padStart(6, '0');
}

function formatWith(ms: number, sep: string, zone: string): string {
  const t = Math.floor(ms);
  const days = Math.floor(t / MS_PER_DAY);
  const tod = t - days * MS_PER_DAY;
  civil(days);
  const h = Math.floor(tod / 3_600_000);
  const mi = Math.floor(tod / 60_000) % 60;
  const s = Math.floor(tod / 1000) % 60;
  return pYear(cy) + '-' + p2(cm) + '-' + p2(cd) + sep + p2(h) + ':' + p2(mi) + ':' + p2(s) + '.' + p3(tod % 1000) + zone;
}

/** ISO-8601 UTC with milliseconds, the JSON output form: 2020-10-10T00:00:05.000Z */
export function formatTimestamp(ms: number): string {
  return formatWith(ms, 'T', 'Z');
}

/** SQL text form, as CAST(ts AS VARCHAR) gives it: 2020-10-10 00:00:05.000 */
export function formatSqlTimestamp(ms: number): string {
  return formatWith(ms, ' ', '');
}

// ---------------------------------------------------------------------------------------------------
// Parsing

let at = 0; // parse cursor, shared by the helpers below

/** Reads `min`..`max` digits at the cursor; -1 when there are fewer than `min`. */
function digits(s: string, end: number, min: number, max: number): number {
  let v = 0;
  let n = 0;
  while (n < max && at < end) {
    const c = s.charCodeAt(at) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    at++;
    n++;
  }
  return n < min ? -1 : v;
}

function isChar(s: string, end: number, code: number): boolean {
  if (at < end && s.charCodeAt(at) === code) {
    at++;
    return true;
  }
  return false;
}

/** Epoch milliseconds of ISO-8601 / SQL timestamp text (see the file header), or null. */
export function parseTimestamp(text: string): number | null {
  let end = text.length;
  at = 0;
  while (at < end && text.charCodeAt(at) === 32) at++;
  while (end > at && text.charCodeAt(end - 1) === 32) end--;
  const y = digits(text, end, 4, 4);
  if (y < 0 || !isChar(text, end, 45 /* - */)) return null;
  const mo = digits(text, end, 1, 2);
  if (mo < 1 || mo > 12 || !isChar(text, end, 45)) return null;
  const d = digits(text, end, 1, 2);
  if (d < 1 || d > daysInMonth(y, mo)) return null;
  let ms = daysFromCivil(y, mo, d) * MS_PER_DAY;
  if (at === end) return ms;
  const sep = text.charCodeAt(at);
  if (sep !== 84 /* T */ && sep !== 116 /* t */ && sep !== 32) return null;
  at++;
  const h = digits(text, end, 1, 2);
  if (h < 0 || h > 23 || !isChar(text, end, 58 /* : */)) return null;
  const mi = digits(text, end, 2, 2);
  if (mi < 0 || mi > 59) return null;
  ms += h * 3_600_000 + mi * 60_000;
  if (isChar(text, end, 58)) {
    const s = digits(text, end, 2, 2);
    if (s < 0 || s > 59) return null;
    ms += s * 1000;
    if (isChar(text, end, 46 /* . */) || isChar(text, end, 44 /* , */)) {
      const start = at;
      const f = digits(text, end, 1, 9);
      if (f < 0) return null;
      const n = at - start;
      ms += n <= 3 ? f * 10 ** (3 - n) : Math.floor(f / 10 ** (n - 3));
    }
  }
  if (at === end) return ms;
  const z = text.charCodeAt(at);
  if (z === 90 /* Z */ || z === 122 /* z */) return at + 1 === end ? ms : null;
  if (z !== 43 /* + */ && z !== 45 /* - */) return null;
  at++;
  const oh = digits(text, end, 2, 2);
  if (oh < 0 || oh > 18) return null;
  isChar(text, end, 58);
  const om = at === end ? 0 : digits(text, end, 2, 2);
  if (om < 0 || om > 59 || at !== end) return null;
  const offset = (oh * 60 + om) * 60_000;
  return z === 43 ? ms - offset : ms + offset;
}

// ---------------------------------------------------------------------------------------------------
// Calendar fields (EXTRACT, YEAR(), DATE_FORMAT...)

export function yearOf(ms: number): number {
  civil(Math.floor(ms / MS_PER_DAY));
  return cy;
}
export function monthOf(ms: number): number {
  civil(Math.floor(ms / MS_PER_DAY));
  return cm;
}
export function dayOf(ms: number): number {
  civil(Math.floor(ms / MS_PER_DAY));
  return cd;
}
export function quarterOf(ms: number): number {
  return Math.floor((monthOf(ms) - 1) / 3) + 1;
}
export function dayOfYear(ms: number): number {
  const days = Math.floor(ms / MS_PER_DAY);
  civil(days);
  return days - daysFromCivil(cy, 1, 1) + 1;
}
/** 1 = Sunday … 7 = Saturday (SQL / Flink DOW). 1970-01-01 was a Thursday. */
export function dayOfWeek(ms: number): number {
  return mod(Math.floor(ms / MS_PER_DAY) + 4, 7) + 1;
}
/** 1 = Monday … 7 = Sunday (ISO-8601). */
export function isoDayOfWeek(ms: number): number {
  return mod(Math.floor(ms / MS_PER_DAY) + 3, 7) + 1;
}
/** ISO-8601 week number: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(ms: number): number {
  const days = Math.floor(ms / MS_PER_DAY);
  const thursday = days - isoDayOfWeek(ms) + 4;
  civil(thursday);
  return Math.floor((thursday - daysFromCivil(cy, 1, 1)) / 7) + 1;
}
export const hourOf = (ms: number): number => Math.floor(mod(ms, MS_PER_DAY) / 3_600_000);
export const minuteOf = (ms: number): number => Math.floor(mod(ms, 3_600_000) / 60_000);
export const secondOf = (ms: number): number => Math.floor(mod(ms, 60_000) / 1000);
/**
 * The fraction of the second, as Flink's EXTRACT reads it (ExtractFunctionITCase; not Calcite's and
 * PostgreSQL's, which count the seconds in too): 12:34:56.789 → 789 ms, 789000 µs, 789000000 ns.
 */
export const millisecondOf = (ms: number): number => Math.floor(mod(ms, 1000));
export const microsecondOf = (ms: number): number => Math.floor(mod(ms, 1000)) * 1000;
export const nanosecondOf = (ms: number): number => Math.floor(mod(ms, 1000)) * 1_000_000;
export const epochSecondOf = (ms: number): number => Math.floor(ms / 1000);
/** DECADE, CENTURY, MILLENNIUM as Calcite and Flink count them: 2000 is in the 200th decade, the 20th century, the 2nd millennium. */
export const decadeOf = (ms: number): number => Math.floor(yearOf(ms) / 10);
export const centuryOf = (ms: number): number => {
  const y = yearOf(ms);
  return y > 0 ? Math.floor((y + 99) / 100) : -Math.floor((-y + 99) / 100);
};
export const millenniumOf = (ms: number): number => {
  const y = yearOf(ms);
  return y > 0 ? Math.floor((y + 999) / 1000) : -Math.floor((-y + 999) / 1000);
};
/** The ISO-8601 week-numbering year: the year of the Thursday of the date's week. */
export function isoYearOf(ms: number): number {
  const days = Math.floor(ms / MS_PER_DAY);
  civil(days - isoDayOfWeek(ms) + 4);
  return cy;
}

/** EXTRACT fields → extractor. Synonyms map to the same function. */
export const EXTRACT_FIELDS: Readonly<Record<string, (ms: number) => number>> = {
  YEAR: yearOf,
  QUARTER: quarterOf,
  MONTH: monthOf,
  WEEK: isoWeek,
  DAY: dayOf,
  DAYOFMONTH: dayOf,
  DOY: dayOfYear,
  DAYOFYEAR: dayOfYear,
  DOW: dayOfWeek,
  DAYOFWEEK: dayOfWeek,
  ISODOW: isoDayOfWeek,
  HOUR: hourOf,
  MINUTE: minuteOf,
  SECOND: secondOf,
  MILLISECOND: millisecondOf,
  MICROSECOND: microsecondOf,
  NANOSECOND: nanosecondOf,
  EPOCH: epochSecondOf,
  DECADE: decadeOf,
  CENTURY: centuryOf,
  MILLENNIUM: millenniumOf,
  ISOYEAR: isoYearOf,
};

// ---------------------------------------------------------------------------------------------------
// Truncation to a unit (DATE_TRUNC, FLOOR(ts TO unit), CEIL(ts TO unit))

const FIXED_UNIT_MS: Readonly<Record<string, number>> = {
  MILLISECOND: 1,
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: MS_PER_DAY,
};
export const TRUNC_UNITS = ['MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR', 'DECADE', 'CENTURY', 'MILLENNIUM'] as const;

/** Years in a DECADE, CENTURY, MILLENNIUM; centuries and millennia start at year 1 (2001-01-01), decades at 0. */
const LONG_UNIT_YEARS: Readonly<Record<string, number>> = { DECADE: 10, CENTURY: 100, MILLENNIUM: 1000 };

/** The start of the unit that holds `ms`: DATE_TRUNC('HOUR', ts). Weeks start on Monday. */
export function truncTo(unit: string, ms: number): number {
  const fixed = FIXED_UNIT_MS[unit];
  if (fixed !== undefined) return ms - mod(ms, fixed);
  const days = Math.floor(ms / MS_PER_DAY);
  if (unit === 'WEEK') return (days - (isoDayOfWeek(ms) - 1)) * MS_PER_DAY;
  civil(days);
  const span = LONG_UNIT_YEARS[unit];
  if (span !== undefined) {
    const first = span === 10 ? 0 : 1;
    return daysFromCivil(Math.floor((cy - first) / span) * span + first, 1, 1) * MS_PER_DAY;
  }
  const m = unit === 'YEAR' ? 1 : unit === 'QUARTER' ? Math.floor((cm - 1) / 3) * 3 + 1 : cm;
  return daysFromCivil(cy, m, 1) * MS_PER_DAY;
}

/** The smallest unit boundary ≥ ms: CEIL(ts TO unit). */
export function ceilTo(unit: string, ms: number): number {
  const floor = truncTo(unit, ms);
  if (floor === ms) return ms;
  const fixed = FIXED_UNIT_MS[unit];
  if (fixed !== undefined) return floor + fixed;
  if (unit === 'WEEK') return floor + 7 * MS_PER_DAY;
  civil(Math.floor(floor / MS_PER_DAY));
  const span = LONG_UNIT_YEARS[unit];
  if (span !== undefined) return daysFromCivil(cy + span, 1, 1) * MS_PER_DAY;
  const months = unit === 'YEAR' ? 12 : unit === 'QUARTER' ? 3 : 1;
  const m0 = cm - 1 + months;
  return daysFromCivil(cy + Math.floor(m0 / 12), (m0 % 12) + 1, 1) * MS_PER_DAY;
}

/** Components of a timestamp for DATE_FORMAT, computed once per value. */
export interface Fields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  dow: number;
  doy: number;
}

export function fieldsOf(t: number, out: Fields): Fields {
  const days = Math.floor(t / MS_PER_DAY);
  const tod = Math.floor(t) - days * MS_PER_DAY;
  civil(days);
  out.y = cy;
  out.mo = cm;
  out.d = cd;
  out.h = Math.floor(tod / 3_600_000);
  out.mi = Math.floor(tod / 60_000) % 60;
  out.s = Math.floor(tod / 1000) % 60;
  out.ms = tod % 1000;
  out.dow = mod(days + 3, 7) + 1;
  out.doy = days - daysFromCivil(cy, 1, 1) + 1;
  return out;
}
