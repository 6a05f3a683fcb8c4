/**
 * String functions and LIKE. Positions and lengths count characters (Unicode code points, as Flink
 * does), 1-based: an emoji is one character. Strings without surrogate pairs take the fast path.
 * Regular expressions (REGEXP, REGEXP_REPLACE, REGEXP_EXTRACT) use JavaScript syntax, which agrees with
 * Java's for everyday patterns. Everything here is strict (NULL in → NULL out) except CONCAT_WS.
 */
import type { BoundExpr } from './bound-expr.js';
import { fail } from './diagnostics.js';
import {
  anyNullable,
  callOf,
  checkArg,
  checkArity,
  codeOf,
  constOf,
  fnDef,
  type FnDef,
  type Site,
  type StrictCode,
} from './functions-core.js';
import { T, type SqlType } from './types.js';

// ---------------------------------------------------------------------------------------------------
// Run-time helpers

const SURROGATE = /[\uD800-\uDFFF]/;

export function charLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * SUBSTRING(s, pos [, len]) as Flink (BinaryStringDataUtil.substringSQL): characters from position pos
 * (1-based; 0 counts as 1; negative counts from the end, -1 being the last character) for len
 * characters; NULL for a negative length; '' when pos lies outside the string.
 */
export function substring(s: string, pos: number, len?: number): string | null {
  if (len !== undefined && len < 0) return null;
  const simple = !SURROGATE.test(s);
  const n = simple ? s.length : charLength(s);
  let start = 0;
  if (pos > 0) {
    start = pos - 1;
    if (start >= n) return '';
  } else if (pos < 0) {
    start = n + pos;
    if (start < 0) return '';
  }
  const end = len === undefined || n - start < len ? n : start + len;
  if (simple) return s.substring(start, end);
  return Array.from(s).slice(start, end).join('');
}

/** Removes characters in `chars` (a set) from the ends. SQL's default set is a single space. */
export function trimChars(s: string, chars: string, leading: boolean, trailing: boolean): string {
  let i = 0;
  let j = s.length;
  if (leading) while (i < j && chars.includes(s[i]!)) i++;
  if (trailing) while (j > i && chars.includes(s[j - 1]!)) j--;
  return i === 0 && j === s.length ? s : s.slice(i, j);
}
const trimBoth = (s: string, c = ' '): string => trimChars(s, c, true, true);
const trimLeft = (s: string, c = ' '): string => trimChars(s, c, true, false);
const trimRight = (s: string, c = ' '): string => trimChars(s, c, false, true);

/** 1-based character position of `needle` in `hay` at or after `from`, 0 when absent. */
export function position(needle: string, hay: string, from = 1): number {
  if (from < 1) return 0;
  if (!SURROGATE.test(hay)) {
    const i = hay.indexOf(needle, from - 1);
    return i < 0 ? 0 : i + 1;
  }
  const cps = Array.from(hay);
  const start = cps.slice(0, from - 1).join('').length;
  const i = hay.indexOf(needle, start);
  return i < 0 ? 0 : charLength(hay.slice(0, i)) + 1;
}

/** Every occurrence replaced; `$` in the replacement is literal (unlike String.replaceAll). */
export function replace(s: string, search: string, by: string): string {
  if (search === '') return s;
  let i = s.indexOf(search);
  if (i < 0) return s;
  let out = '';
  let last = 0;
  while (i >= 0) {
    out += s.slice(last, i) + by;
    last = i + search.length;
    i = s.indexOf(search, last);
  }
  return out + s.slice(last);
}

/** Longest string any function here builds; beyond it the result is NULL rather than an out-of-memory. */
const MAX_STRING = 1 << 28;

function repeat(s: string, n: number): string | null {
  if (n <= 0) return '';
  return s.length * n > MAX_STRING ? null : s.repeat(Math.floor(n));
}

function pad(s: string, len: number, fill: string, left: boolean): string | null {
  if (len < 0 || len > MAX_STRING) return null;
  const n = charLength(s);
  if (n >= len) return substring(s, 1, len);
  if (fill === '') return null;
  const filler = fill.repeat(Math.ceil((len - n) / fill.length)).slice(0, len - n);
  return left ? filler + s : s + filler;
}
const lpad = (s: string, len: number, fill: string): string | null => pad(s, len, fill, true);
const rpad = (s: string, len: number, fill: string): string | null => pad(s, len, fill, false);

function initcap(s: string): string {
  return s.toLowerCase().replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase());
}
const reverse = (s: string): string => Array.from(s).reverse().join('');
const left = (s: string, n: number): string => (n <= 0 ? '' : (substring(s, 1, n) ?? ''));
function right(s: string, n: number): string {
  if (n <= 0) return '';
  const len = charLength(s);
  return n >= len ? s : (substring(s, len - n + 1) ?? '');
}
function splitIndex(s: string, sep: string, i: number): string | null {
  if (i < 0 || sep === '') return null;
  const parts = s.split(sep);
  return parts[i] ?? null;
}

const regexCache = new Map<string, RegExp | null>();
/** A compiled regular expression (cached; the cache is small and cleared when full), null if invalid. */
export function regex(pattern: string, flags = ''): RegExp | null {
  const key = flags + '/' + pattern;
  let r = regexCache.get(key);
  if (r === undefined) {
    try {
      r = new RegExp(pattern, flags);
    } catch {
      r = null;
    }
    if (regexCache.size >= 256) regexCache.clear();
    regexCache.set(key, r);
  }
  return r;
}
function regexpTest(s: string, p: string): boolean | null {
  const r = regex(p);
  return r === null ? null : r.test(s);
}
function regexpReplace(s: string, p: string, by: string): string | null {
  const r = regex(p, 'g');
  return r === null ? null : s.replace(r, by);
}
function regexpExtract(s: string, p: string, group = 0): string | null {
  const r = regex(p);
  if (r === null) return null;
  const m = r.exec(s);
  return m === null ? null : (m[group] ?? null);
}

// ---------------------------------------------------------------------------------------------------
// LIKE

/** How a LIKE pattern is matched: plain comparisons when it has one wildcard at an end, else a regex. */
export type LikeMatcher =
  | { readonly kind: 'equals' | 'prefix' | 'suffix' | 'contains'; readonly text: string }
  | { readonly kind: 'regex'; readonly re: RegExp };

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/**
 * Compiles `pattern` (% any run, _ one character, `escape` + char = that char literally; an empty
 * `escape` is none, as in Flink). Returns an error message for a bad escape, as Flink rejects them.
 */
export function compileLike(pattern: string, escapeText: string | null): LikeMatcher | string {
  const escape = escapeText === '' ? null : escapeText;
  if (escape !== null && [...escape].length !== 1) return `LIKE ESCAPE must be a single character, got '${escape}'`;
  const parts: ({ lit: string } | '%' | '_')[] = [];
  let lit = '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (escape !== null && c === escape) {
      const next = chars[i + 1];
      if (next === undefined || (next !== '%' && next !== '_' && next !== escape)) {
        return `invalid LIKE pattern '${pattern}': the escape character '${escape}' must be followed by %, _ or itself`;
      }
      lit += next;
      i++;
    } else if (c === '%' || c === '_') {
      if (lit) parts.push({ lit });
      lit = '';
      if (!(c === '%' && parts[parts.length - 1] === '%')) parts.push(c);
    } else lit += c;
  }
  if (lit) parts.push({ lit });
  const text = (p: (typeof parts)[number] | undefined): string | null => (p !== undefined && typeof p === 'object' ? p.lit : null);
  if (parts.length === 0) return { kind: 'equals', text: '' };
  if (parts.length === 1 && text(parts[0]) !== null) return { kind: 'equals', text: text(parts[0])! };
  if (parts.length === 2 && parts[1] === '%' && text(parts[0]) !== null) return { kind: 'prefix', text: text(parts[0])! };
  if (parts.length === 2 && parts[0] === '%' && text(parts[1]) !== null) return { kind: 'suffix', text: text(parts[1])! };
  if (parts.length === 3 && parts[0] === '%' && parts[2] === '%' && text(parts[1]) !== null) return { kind: 'contains', text: text(parts[1])! };
  const body = parts.map((p) => (p === '%' ? '.*' : p === '_' ? '.' : p.lit.replace(REGEX_SYNTAX, '\\$&'))).join('');
  return { kind: 'regex', re: new RegExp(`^${body}$`, 'su') };
}

/**
 * Compiles a SIMILAR TO pattern (SQL's regular expressions, as Calcite's sqlToRegexSimilar reads them):
 * `%` any run, `_` one character, the operators `|` `*` `+` `?` `{m,n}` `( )` and bracket classes `[...]`
 * as in a regular expression, any other character literally, `escape` + char that char literally; the
 * whole string must match. Returns an error message for a bad pattern or escape.
 */
export function compileSimilar(pattern: string, escapeText: string | null): LikeMatcher | string {
  const escape = escapeText === '' ? null : escapeText;
  if (escape !== null && [...escape].length !== 1) return `SIMILAR TO ESCAPE must be a single character, got '${escape}'`;
  let body = '';
  let inClass = false;
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (escape !== null && c === escape) {
      const next = chars[i + 1];
      if (next === undefined) return `invalid SIMILAR TO pattern '${pattern}': it ends with the escape character '${escape}'`;
      body += next.replace(REGEX_SYNTAX, '\\$&');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      body += c === '\\' || c === '[' || c === '/' ? `\\${c}` : c;
    } else if (c === '%') body += '.*';
    else if (c === '_') body += '.';
    else if (c === '[') {
      inClass = true;
      body += c;
    } else if ('|*+?(){}'.includes(c)) body += c;
    else body += c.replace(REGEX_SYNTAX, '\\$&');
  }
  try {
    return { kind: 'regex', re: new RegExp(`^(?:${body})$`, 'su') };
  } catch {
    return `invalid SIMILAR TO pattern '${pattern}'`;
  }
}

const likeCache = new Map<string, LikeMatcher | null>();
/** LIKE (or SIMILAR TO) with a pattern only known at run time; NULL for an invalid pattern. */
export function likeDynamic(s: string, pattern: string, escape?: string, similar = false): boolean | null {
  const key = (similar ? 'S' : 'L') + (escape ?? '') + '\u0000' + pattern;
  let m = likeCache.get(key);
  if (m === undefined) {
    const c = (similar ? compileSimilar : compileLike)(pattern, escape ?? null);
    m = typeof c === 'string' ? null : c;
    if (likeCache.size >= 256) likeCache.clear();
    likeCache.set(key, m);
  }
  return m === null ? null : likeTest(m, s);
}
const similarDynamic = (s: string, pattern: string, escape?: string): boolean | null => likeDynamic(s, pattern, escape, true);

export function likeTest(m: LikeMatcher, s: string): boolean {
  switch (m.kind) {
    case 'equals':
      return s === m.text;
    case 'prefix':
      return s.startsWith(m.text);
    case 'suffix':
      return s.endsWith(m.text);
    case 'contains':
      return s.includes(m.text);
    case 'regex':
      return m.re.test(s);
  }
}

function likeCode(m: LikeMatcher, a: string, cg: Parameters<StrictCode>[1]): string {
  switch (m.kind) {
    case 'equals':
      return `${a} === ${cg.konst(m.text)}`;
    case 'prefix':
      return `${a}.startsWith(${cg.konst(m.text)})`;
    case 'suffix':
      return `${a}.endsWith(${cg.konst(m.text)})`;
    case 'contains':
      return `${a}.includes(${cg.konst(m.text)})`;
    case 'regex':
      return `${cg.konst(m.re)}.test(${a})`;
  }
}

function constLike(args: readonly BoundExpr[], similar: boolean): LikeMatcher | string | undefined {
  const p = constOf(args[1]);
  const e = args.length > 2 ? constOf(args[2]) : null;
  if (typeof p !== 'string' || (e !== null && typeof e !== 'string')) return undefined;
  return (similar ? compileSimilar : compileLike)(p, e);
}

function like(name: 'LIKE' | 'NOT_LIKE' | 'SIMILAR' | 'NOT_SIMILAR'): FnDef {
  const not = name.startsWith('NOT_');
  const similar = name.endsWith('SIMILAR');
  const dynamic = similar ? similarDynamic : likeDynamic;
  return {
    name,
    check(args, site) {
      checkArity(args, 2, 3, site);
      args.forEach((_, i) => checkArg(args, i, 'string', site));
      const m = constLike(args, similar);
      if (typeof m === 'string') fail('INVALID_LITERAL', m, site.argPos[1] ?? site.pos);
      return { args, type: T.boolean(anyNullable(args) || (m === undefined && args.length > 2)) };
    },
    impl: (call) => {
      const m = constLike(call.args, similar);
      if (m !== undefined && typeof m !== 'string') return (a, cg) => (not ? `!(${likeCode(m, a[0]!, cg)})` : likeCode(m, a[0]!, cg));
      return (a, cg) => {
        const test = `${cg.fn(dynamic)}(${a.join(', ')})`;
        return not ? `${cg.fn(negate)}(${test})` : test;
      };
    },
  };
}
const negate = (b: boolean | null): boolean | null => (b === null ? null : !b);

// ---------------------------------------------------------------------------------------------------
// Definitions

const str = T.varchar(false);

function checkRegexArg(args: readonly BoundExpr[], site: Site): void {
  const p = constOf(args[1]);
  if (typeof p === 'string' && regex(p) === null) fail('INVALID_LITERAL', `invalid regular expression '${p}' in ${site.name}`, site.argPos[1] ?? site.pos);
}

function regexFn(name: string, params: Parameters<typeof fnDef>[1], result: SqlType, f: (...a: never[]) => unknown, min?: number): FnDef {
  const base = fnDef(name, params, result, callOf(f), { mayBeNull: true, ...(min !== undefined ? { min } : {}) });
  return { ...base, check: (args, site) => (checkRegexArg(args, site), base.check(args, site)) };
}

/** CONCAT_WS(sep, s1, s2, ...): NULL arguments are skipped; a NULL separator gives NULL (special). */
const concatWs: FnDef = {
  name: 'CONCAT_WS',
  check(args, site) {
    checkArity(args, 2, Infinity, site);
    args.forEach((_, i) => checkArg(args, i, 'string', site));
    return { args, type: T.varchar(args[0]!.type.nullable) };
  },
  impl: 'special',
};

export const STRING_FUNCTIONS: readonly FnDef[] = [
  fnDef('||', ['string', 'string'], str, codeOf((a) => `(${a[0]} + ${a[1]})`)),
  // Flink's CONCAT is NULL when any argument is NULL; CONCAT_WS skips NULLs.
  fnDef('CONCAT', ['string'], str, codeOf((a) => (a.length === 1 ? a[0]! : `(${a.join(' + ')})`)), { rest: 'string' }),
  concatWs,
  fnDef('UPPER', ['string'], str, codeOf((a) => `${a[0]}.toUpperCase()`)),
  fnDef('LOWER', ['string'], str, codeOf((a) => `${a[0]}.toLowerCase()`)),
  fnDef('INITCAP', ['string'], str, callOf(initcap)),
  fnDef('CHAR_LENGTH', ['string'], T.int(false), callOf(charLength)),
  fnDef('SUBSTRING', ['string', 'integer', 'integer'], str, callOf(substring), { min: 2, mayBeNull: true }),
  fnDef('TRIM', ['string', 'string'], str, callOf(trimBoth), { min: 1 }),
  fnDef('LTRIM', ['string', 'string'], str, callOf(trimLeft), { min: 1 }),
  fnDef('RTRIM', ['string', 'string'], str, callOf(trimRight), { min: 1 }),
  fnDef('POSITION', ['string', 'string'], T.int(false), callOf(position)),
  fnDef('LOCATE', ['string', 'string', 'integer'], T.int(false), callOf(position), { min: 2 }),
  fnDef('REPLACE', ['string', 'string', 'string'], str, callOf(replace)),
  fnDef('REPEAT', ['string', 'integer'], str, callOf(repeat), { mayBeNull: true }),
  fnDef('LPAD', ['string', 'integer', 'string'], str, callOf(lpad), { mayBeNull: true }),
  fnDef('RPAD', ['string', 'integer', 'string'], str, callOf(rpad), { mayBeNull: true }),
  fnDef('REVERSE', ['string'], str, callOf(reverse)),
  fnDef('LEFT', ['string', 'integer'], str, callOf(left)),
  fnDef('RIGHT', ['string', 'integer'], str, callOf(right)),
  fnDef('SPLIT_INDEX', ['string', 'string', 'integer'], str, callOf(splitIndex), { mayBeNull: true }),
  regexFn('REGEXP', ['string', 'string'], T.boolean(false), regexpTest),
  regexFn('REGEXP_REPLACE', ['string', 'string', 'string'], str, regexpReplace),
  regexFn('REGEXP_EXTRACT', ['string', 'string', 'integer'], str, regexpExtract, 2),
  like('LIKE'),
  like('NOT_LIKE'),
  like('SIMILAR'),
  like('NOT_SIMILAR'),
];

export const STRING_ALIASES: Readonly<Record<string, string>> = {
  CHARACTER_LENGTH: 'CHAR_LENGTH',
  LENGTH: 'CHAR_LENGTH',
  SUBSTR: 'SUBSTRING',
  UCASE: 'UPPER',
  LCASE: 'LOWER',
  // The parser's spellings of TRIM(LEADING|TRAILING|BOTH [c] FROM s).
  TRIM_LEADING: 'LTRIM',
  TRIM_TRAILING: 'RTRIM',
  TRIM_BOTH: 'TRIM',
  BTRIM: 'TRIM',
};
