/**
 * DATE and TIME at run time, as Flink holds them internally: a DATE is the number of days since
 * 1970-01-01 (proleptic Gregorian, no zone), a TIME the milliseconds since midnight (0..86399999).
 *
 *   text in (CAST, literals, JSON)     DATE 'YYYY-MM-DD' (month and day may have one digit)
 *                                      TIME 'HH:MM[:SS[.f…]]' (fraction truncated to milliseconds)
 *   text out (CAST, JSON)              '2024-01-02';  '12:34:56', or '12:34:56.789' when there are
 *                                      milliseconds (Java's LocalTime.toString, seconds always shown)
 *
 * Calendar arithmetic on timestamps (TIMESTAMPADD, TIMESTAMPDIFF) lives here too: months and years move
 * the date and clamp the day to the month's length (2024-01-31 + 1 MONTH = 2024-02-29), as Flink does.
 */
import { daysFromCivil, daysInMonth, dayOf, MS_PER_DAY, MAX_TIMESTAMP, MIN_TIMESTAMP, monthOf, yearOf } from './functions-datetime.js';

/** Days of 0000-01-01 and 9999-12-31: the dates JSON and SQL text can hold in four digits. */
export const MIN_DATE = Math.floor(MIN_TIMESTAMP / MS_PER_DAY);
export const MAX_DATE = Math.floor(MAX_TIMESTAMP / MS_PER_DAY);

const DATE_TEXT = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/;
const TIME_TEXT = /^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*$/;

/** Days since 1970-01-01 of 'YYYY-MM-DD', or null. */
export function parseDate(text: string): number | null {
  const m = DATE_TEXT.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return daysFromCivil(y, mo, d);
}

/** Milliseconds since midnight of 'HH:MM[:SS[.fff]]', or null. */
export function parseTime(text: string): number | null {
  const m = TIME_TEXT.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = Number(m[3] ?? 0);
  if (h > 23 || mi > 59 || s > 59) return null;
  const ms = Number((m[4] ?? '').padEnd(3, '0').slice(0, 3));
  return ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

const p2 = (n: number): string => (n < 10 ? '0' + n : '' + n);

export function formatDate(days: number): string {
  const ms = days * MS_PER_DAY;
  const y = yearOf(ms);
  const year = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(6, '0');
  return `${year}-${p2(monthOf(ms))}-${p2(dayOf(ms))}`;
}

export function formatTime(ms: number): string {
  const t = timeOfDay(ms);
  const h = Math.floor(t / 3_600_000);
  const mi = Math.floor(t / 60_000) % 60;
  const s = Math.floor(t / 1000) % 60;
  const f = t % 1000;
  return `${p2(h)}:${p2(mi)}:${p2(s)}` + (f === 0 ? '' : '.' + String(f).padStart(3, '0'));
}

/** The time of day of epoch milliseconds (also wraps TIME arithmetic around midnight). */
export function timeOfDay(ms: number): number {
  const r = Math.floor(ms) % MS_PER_DAY;
  return r < 0 ? r + MS_PER_DAY : r;
}

/** The date of epoch milliseconds. */
export const dateOf = (ms: number): number => Math.floor(ms / MS_PER_DAY);
/** Midnight of a date, in epoch milliseconds. */
export const dateStart = (days: number): number => days * MS_PER_DAY;

// ---------------------------------------------------------------------------------------------------
// TIMESTAMPADD / TIMESTAMPDIFF

const FIXED_MS: Readonly<Record<string, number>> = {
  MILLISECOND: 1,
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: MS_PER_DAY,
  WEEK: 7 * MS_PER_DAY,
};
const MONTHS: Readonly<Record<string, number>> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

/** Units of TIMESTAMPADD / TIMESTAMPDIFF (Flink's timeintervalunit; MILLISECOND as Calcite accepts it). */
export const TIMESTAMP_UNITS = ['MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;

/** Whether adding `unit` to a DATE keeps it a DATE (whole days) rather than making it a TIMESTAMP. */
export const isDateUnit = (unit: string): boolean => unit === 'DAY' || unit === 'WEEK' || unit in MONTHS;

/** `ms` moved by `n` months; the day is clamped to the target month's length. */
function addMonths(ms: number, n: number): number {
  const y = yearOf(ms);
  const m = monthOf(ms);
  const d = dayOf(ms);
  const m0 = m - 1 + n;
  const ty = y + Math.floor(m0 / 12);
  const tm = (((m0 % 12) + 12) % 12) + 1;
  const tod = ms - Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
  return daysFromCivil(ty, tm, Math.min(d, daysInMonth(ty, tm))) * MS_PER_DAY + tod;
}

/** TIMESTAMPADD(unit, n, ts) over epoch ms; NULL past the years 0000–9999. n is truncated to an integer. */
export function timestampAdd(unit: string, n: number, ms: number): number | null {
  const k = Math.trunc(n);
  const months = MONTHS[unit];
  const r = months !== undefined ? addMonths(ms, k * months) : ms + k * FIXED_MS[unit]!;
  return r >= MIN_TIMESTAMP && r <= MAX_TIMESTAMP ? r : null;
}

/**
 * TIMESTAMPDIFF(unit, a, b): whole units from a to b, truncated toward zero (negative when b < a).
 * Months count as Flink does: b − a in months, less one when b's day-and-time of month is before a's.
 */
export function timestampDiff(unit: string, a: number, b: number): number {
  const months = MONTHS[unit];
  if (months === undefined) return Math.trunc((b - a) / FIXED_MS[unit]!);
  const sign = b < a ? -1 : 1;
  const [lo, hi] = b < a ? [b, a] : [a, b];
  let m = (yearOf(hi) - yearOf(lo)) * 12 + (monthOf(hi) - monthOf(lo));
  // Not a whole month yet when the later instant's place in its month is before the earlier one's.
  if (m > 0 && addMonths(lo, m) > hi) m--;
  return sign * Math.trunc(m / months);
}
