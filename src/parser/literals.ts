/**
 * Literal text → values: quoted strings and names, INTERVALs in milliseconds, TIMESTAMPs in epoch ms (UTC).
 * Pure functions returning a value or an error message; cst-to-ast attaches the place and the code.
 */

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const err = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** 'it''s' → it's ; "a""b" → a"b ; `a``b` → a`b */
export function unquote(image: string): string {
  const q = image[0] ?? '';
  return image.slice(1, -1).split(q + q).join(q);
}

// ---------------------------------------------------------------------------------------------------
// Intervals

const UNIT_MS = { MILLISECOND: 1, SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

const SUPPORTED = 'use MILLISECOND, SECOND, MINUTE, HOUR or DAY';

/** Spellings accepted inside the string ('2 hours', '500 ms') → unit. */
const UNIT_WORDS: Record<string, Unit> = {
  millisecond: 'MILLISECOND', milliseconds: 'MILLISECOND', ms: 'MILLISECOND', msec: 'MILLISECOND', msecs: 'MILLISECOND',
  second: 'SECOND', seconds: 'SECOND', sec: 'SECOND', secs: 'SECOND', s: 'SECOND',
  minute: 'MINUTE', minutes: 'MINUTE', min: 'MINUTE', mins: 'MINUTE',
  hour: 'HOUR', hours: 'HOUR', hr: 'HOUR', hrs: 'HOUR', h: 'HOUR',
  day: 'DAY', days: 'DAY', d: 'DAY',
};

/** Calendar units have no fixed length in milliseconds, so windows cannot use them. */
const CALENDAR_WORDS = new Set(['week', 'weeks', 'month', 'months', 'year', 'years', 'quarter', 'quarters']);

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * A decimal string times a unit, exactly: '1.1' SECOND is 1100 ms, not 1100.0000000000002.
 * Splitting off the fraction keeps the multiplication in integers before the one division.
 */
function scaled(num: string, unitMs: number): number {
  const negative = num.startsWith('-');
  const digits = num.replace(/^[+-]/, '');
  const dot = digits.indexOf('.');
  const frac = dot < 0 ? '' : digits.slice(dot + 1);
  const whole = dot < 0 ? digits : digits.slice(0, dot);
  const value = (Number(whole + frac || '0') * unitMs) / 10 ** frac.length;
  return negative ? -value : value;
}

function unitOf(word: string): Parsed<Unit> {
  const upper = word.toUpperCase();
  const singular = upper.endsWith('S') && upper !== 'S' ? upper.slice(0, -1) : upper;
  if (singular in UNIT_MS) return ok(singular as Unit);
  if (CALENDAR_WORDS.has(word.toLowerCase())) return err(`unsupported interval unit ${singular}; ${SUPPORTED}`);
  return err(`unknown interval unit '${word}'; ${SUPPORTED}`);
}

/**
 * The length of an interval literal in milliseconds.
 * @param body   the string's content: '10', '0.5', '2 hours', '1:30'
 * @param unit   the unit word after the string, if any (SECOND, HOURS...)
 * @param toUnit the unit after TO, for INTERVAL '1:30' MINUTE TO SECOND
 */
export function parseInterval(body: string, unit?: string, toUnit?: string): Parsed<number> {
  const text = body.trim();
  if (unit === undefined) return parseUnitsInText(text);
  const from = unitOf(unit);
  if (!from.ok) return from;
  if (toUnit !== undefined) return parseRange(text, from.value, toUnit);
  if (NUMBER.test(text)) return ok(scaled(text, UNIT_MS[from.value]));
  if (/^[+-]?[\d.]+\s*[a-z]+$/i.test(text)) {
    return err(`interval '${body}' has a unit inside the string and ${from.value} after it; keep one of them`);
  }
  return err(`invalid interval value '${body}'; expected a number, as in INTERVAL '10' ${from.value}`);
}

/** '2 hours', '10 seconds', '1 hour 30 minutes', '500 ms' */
function parseUnitsInText(text: string): Parsed<number> {
  const part = /([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([a-z]+)\s*/giy;
  let total = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = part.exec(text)) !== null) {
    const word = (m[2] ?? '').toLowerCase();
    const u = UNIT_WORDS[word];
    if (u === undefined) {
      const known = unitOf(word);
      return known.ok ? err(`unknown interval unit '${m[2]}'; ${SUPPORTED}`) : known;
    }
    total += scaled(m[1] ?? '0', UNIT_MS[u]);
    end = part.lastIndex;
  }
  if (end === text.length && end > 0) return ok(total);
  if (NUMBER.test(text)) return err(`interval '${text}' needs a unit, as in INTERVAL '${text}' SECOND`);
  return err(`invalid interval '${text}'; expected e.g. INTERVAL '10' SECOND or INTERVAL '2 hours'`);
}

/** INTERVAL 'd h:m:s' DAY TO SECOND and its sub-ranges (SQL standard interval qualifiers). */
function parseRange(text: string, from: Unit, toWord: string): Parsed<number> {
  const to = unitOf(toWord);
  if (!to.ok) return to;
  const order: Unit[] = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];
  const i = order.indexOf(from);
  const j = order.indexOf(to.value);
  if (i < 0 || j <= i) return err(`invalid interval range ${from} TO ${to.value}; expected e.g. MINUTE TO SECOND`);
  const fields = order.slice(i, j + 1);
  const negative = text.startsWith('-');
  const parts = text.replace(/^[+-]/, '').split(/[\s:]+/);
  const example = fields.map((f) => (f === 'DAY' ? 'd' : f === 'HOUR' ? 'hh' : f === 'MINUTE' ? 'mm' : 'ss')).join(':').replace('d:', 'd ');
  if (parts.length !== fields.length) {
    return err(`invalid interval '${text}' for ${from} TO ${to.value}; expected '${example}'`);
  }
  let total = 0;
  for (let k = 0; k < fields.length; k++) {
    const p = parts[k] ?? '';
    const last = k === fields.length - 1;
    if (!(last && to.value === 'SECOND' ? /^(?:\d+(?:\.\d*)?|\.\d+)$/ : /^\d+$/).test(p)) {
      return err(`invalid interval '${text}' for ${from} TO ${to.value}; expected '${example}'`);
    }
    total += scaled(p, UNIT_MS[fields[k] as Unit]);
  }
  return ok(negative ? -total : total);
}

// ---------------------------------------------------------------------------------------------------
// Timestamps

const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * '2020-10-10 00:00:05', '2020-10-10T00:00:05.123Z', '2020-10-10' → epoch milliseconds. Text without a zone
 * is UTC (the engine's only zone); sub-millisecond digits are truncated, as TIMESTAMP(3) does.
 */
export function parseTimestamp(text: string): Parsed<number> {
  const m = TIMESTAMP.exec(text.trim());
  const bad = err<number>(`invalid TIMESTAMP '${text}'; expected 'YYYY-MM-DD hh:mm:ss[.fff]'`);
  if (!m) return bad;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((s) => Number(s ?? 0)) as [
    number, number, number, number, number, number,
  ];
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return bad;
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 2020-02-30 over to March; a valid date survives the round trip.
  const check = new Date(epoch);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return bad;
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear puts them back.
  const exact = year < 100 ? new Date(epoch).setUTCFullYear(year) : epoch;
  return ok(exact - zoneOffsetMs(m[8]));
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return sign * (hours * 60 + minutes) * 60_000;
}
