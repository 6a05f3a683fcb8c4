/**
 * Java-style date patterns (the subset of SimpleDateFormat / DateTimeFormatter that Flink users write),
 * for DATE_FORMAT, TO_TIMESTAMP(text, pattern), FROM_UNIXTIME and UNIX_TIMESTAMP. Always UTC.
 *
 *   yyyy yy   year            MM M  month     MMM MMMM  month name   dd d  day of month
 *   HH H      hour 0-23       hh h  hour 1-12 a  AM/PM               mm m  minute
 *   ss s      second          S…    fraction of a second (SSS = milliseconds)
 *   D         day of year     EEE EEEE day name                      Z X XXX  zone (always UTC)
 *   'text'    literal text ('' is a quote); other non-letters are literal
 *
 * A pattern is compiled once (constant patterns at compile time, others through a small cache).
 */
import { daysFromCivil, daysInMonth, fieldsOf, MS_PER_DAY, type Fields } from './functions-datetime.js';

type Token =
  | { readonly kind: 'lit'; readonly text: string }
  | { readonly kind: 'field'; readonly letter: string; readonly width: number };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const LETTERS = new Set(['y', 'M', 'd', 'H', 'h', 'a', 'm', 's', 'S', 'D', 'E', 'Z', 'X']);

export interface DatePattern {
  format(ms: number): string;
  /** Epoch ms of text written in this pattern, or null when it does not match. */
  parse(text: string): number | null;
}

/** Compiles a pattern, or returns an error message naming the problem. */
export function compileDatePattern(pattern: string): DatePattern | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close === i + 1) {
        tokens.push({ kind: 'lit', text: "'" });
        i += 2;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (;;) {
        const k = pattern.indexOf("'", j);
        if (k < 0) return `unterminated quote in date pattern '${pattern}'`;
        text += pattern.slice(j, k);
        if (pattern[k + 1] === "'") {
          text += "'";
          j = k + 2;
          continue;
        }
        i = k + 1;
        break;
      }
      tokens.push({ kind: 'lit', text });
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      if (!LETTERS.has(c)) return `unsupported letter '${c}' in date pattern '${pattern}'; supported: yyyy MM dd HH hh mm ss SSS a D EEE MMM`;
      let j = i;
      while (pattern[j] === c) j++;
      tokens.push({ kind: 'field', letter: c, width: j - i });
      i = j;
      continue;
    }
    tokens.push({ kind: 'lit', text: c });
    i++;
  }
  return { format: (ms) => formatTokens(tokens, ms), parse: (text) => parseTokens(tokens, text) };
}

const scratch: Fields = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, ms: 0, dow: 0, doy: 0 };

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

function formatTokens(tokens: readonly Token[], ms: number): string {
  const f = fieldsOf(ms, scratch);
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'lit') {
      out += t.text;
      continue;
    }
    const w = t.width;
    switch (t.letter) {
      case 'y':
        out += w === 2 ? pad(f.y % 100, 2) : pad(f.y, w);
        break;
      case 'M':
        out += w >= 4 ? MONTHS[f.mo - 1] : w === 3 ? MONTHS[f.mo - 1]!.slice(0, 3) : pad(f.mo, w);
        break;
      case 'd':
        out += pad(f.d, w);
        break;
      case 'H':
        out += pad(f.h, w);
        break;
      case 'h':
        out += pad(f.h % 12 === 0 ? 12 : f.h % 12, w);
        break;
      case 'a':
        out += f.h < 12 ? 'AM' : 'PM';
        break;
      case 'm':
        out += pad(f.mi, w);
        break;
      case 's':
        out += pad(f.s, w);
        break;
      case 'S':
        // fraction of a second: S = tenths, SS = hundredths, SSS = milliseconds, more = zero-padded
        out += w <= 3 ? pad(f.ms, 3).slice(0, w) : pad(f.ms, 3) + '0'.repeat(w - 3);
        break;
      case 'D':
        out += pad(f.doy, w);
        break;
      case 'E':
        out += w >= 4 ? DAYS[f.dow - 1] : DAYS[f.dow - 1]!.slice(0, 3);
        break;
      case 'Z':
        out += '+0000';
        break;
      case 'X':
        out += 'Z';
        break;
    }
  }
  return out;
}

/** Digits to read for a numeric field: its exact width when glued to the next field, else up to a max. */
function widthOf(t: Token & { kind: 'field' }, next: Token | undefined): [number, number] {
  const glued = next !== undefined && next.kind === 'field';
  if (glued) return [t.width, t.width];
  const max = t.letter === 'y' ? (t.width === 2 ? 2 : 9) : t.letter === 'S' ? 9 : t.letter === 'D' ? 3 : 2;
  return [t.width === 2 && t.letter === 'y' ? 2 : 1, Math.max(max, t.width)];
}

function parseTokens(tokens: readonly Token[], text: string): number | null {
  let y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0, ms = 0;
  let pm = -1;
  let h12 = false;
  let i = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'lit') {
      if (!text.startsWith(t.text, i)) return null;
      i += t.text.length;
      continue;
    }
    if (t.letter === 'a') {
      const word = text.slice(i, i + 2).toUpperCase();
      if (word !== 'AM' && word !== 'PM') return null;
      pm = word === 'PM' ? 1 : 0;
      i += 2;
      continue;
    }
    if ((t.letter === 'M' && t.width >= 3) || t.letter === 'E') {
      const names = t.letter === 'M' ? MONTHS : DAYS;
      const lower = text.slice(i).toLowerCase();
      const idx = names.findIndex((n) => lower.startsWith((t.width >= 4 ? n : n.slice(0, 3)).toLowerCase()));
      if (idx < 0) return null;
      i += t.width >= 4 ? names[idx]!.length : 3;
      if (t.letter === 'M') mo = idx + 1;
      continue;
    }
    if (t.letter === 'Z' || t.letter === 'X') {
      if (text[i] === 'Z') i++;
      else if (text.startsWith('+0000', i)) i += 5;
      else if (text.startsWith('+00:00', i)) i += 6;
      else return null;
      continue;
    }
    const [min, max] = widthOf(t, tokens[k + 1]);
    let v = 0;
    let n = 0;
    while (n < max && i < text.length) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      i++;
      n++;
    }
    if (n < min) return null;
    switch (t.letter) {
      case 'y':
        y = t.width === 2 ? 2000 + v : v;
        break;
      case 'M':
        mo = v;
        break;
      case 'd':
        d = v;
        break;
      case 'H':
        h = v;
        break;
      case 'h':
        h = v;
        h12 = true;
        break;
      case 'm':
        mi = v;
        break;
      case 's':
        s = v;
        break;
      case 'S':
        ms = n <= 3 ? v * 10 ** (3 - n) : Math.floor(v / 10 ** (n - 3));
        break;
      case 'D': {
        // day of year: resolve against the year read so far
        const day = daysFromCivil(y, 1, 1) + v - 1;
        const base = day * MS_PER_DAY;
        const f = fieldsOf(base, scratch);
        mo = f.mo;
        d = f.d;
        break;
      }
    }
  }
  if (i !== text.length) return null;
  if (h12) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (pm === 1 ? 12 : 0);
  } else if (pm === 1 && h < 12) h += 12;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  return daysFromCivil(y, mo, d) * MS_PER_DAY + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

const cache = new Map<string, DatePattern | null>();

/** A compiled pattern from a small cache (for patterns that are not constants); null when invalid. */
export function datePattern(pattern: string): DatePattern | null {
  let p = cache.get(pattern);
  if (p === undefined) {
    const c = compileDatePattern(pattern);
    p = typeof c === 'string' ? null : c;
    if (cache.size >= 256) cache.clear();
    cache.set(pattern, p);
  }
  return p;
}

export const DEFAULT_DATE_PATTERN = 'yyyy-MM-dd HH:mm:ss';
