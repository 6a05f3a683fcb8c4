/**
 * More text functions of Flink's: INSTR, TRANSLATE, OVERLAY, STARTSWITH, ENDSWITH, REGEXP_COUNT, REGEXP_INSTR,
 * REGEXP_SUBSTR, PARSE_URL, and the tests IS_ALPHA, IS_DIGIT, IS_DECIMAL. Positions count characters,
 * 1-based, as in functions-string.ts (whose helpers these share). Regular expressions use JavaScript
 * syntax; an invalid one gives NULL, as Flink's REGEXP_* functions do.
 */
import type { BoundExpr } from './bound-expr.js';
import { callOf, checkArg, checkArity, fnDef, type FnDef } from './functions-core.js';
import { charLength, position, regex } from './functions-string.js';
import { T } from './types.js';

const str = T.varchar(false);

/** INSTR(s, sub): where `sub` first occurs in `s`, 0 when it does not. */
const instr = (s: string, sub: string): number => position(sub, s);

/** TRANSLATE(s, from, to): each character of `from` becomes the one at its place in `to`, or goes when `to` is shorter. */
function translate(s: string, from: string, to: string): string {
  if (from === '') return s;
  const f = Array.from(from);
  const t = Array.from(to);
  const map = new Map<string, string>();
  f.forEach((c, i) => {
    if (!map.has(c)) map.set(c, t[i] ?? '');
  });
  let out = '';
  for (const c of s) out += map.get(c) ?? c;
  return out;
}

/**
 * TRANSLATE is NULL only for a NULL text, as Flink's: a NULL `from` changes nothing, a NULL `to` removes
 * every character of `from` (both read as '').
 */
const translateFn: FnDef = (() => {
  const base = fnDef('TRANSLATE', ['string', 'string', 'string'], str, callOf(translate));
  return {
    ...base,
    check(args, site) {
      const typed = base.check(args, site);
      const [text, from, to] = typed.args as [BoundExpr, BoundExpr, BoundExpr];
      return { args: [text, orEmpty(from), orEmpty(to)], type: { ...str, nullable: text.type.nullable } };
    },
  };
})();

/** `e`, or '' where it is NULL. */
function orEmpty(e: BoundExpr): BoundExpr {
  if (!e.type.nullable) return e;
  return { kind: 'call', fn: 'COALESCE', args: [e, { kind: 'const', value: '', type: str }], type: str };
}

/**
 * OVERLAY(s PLACING r FROM pos [FOR len]), as Flink's (Calcite's SqlFunctions.overlay): the `len`
 * characters of `s` from `pos` (1-based; `len` defaults to the length of `r`) replaced by `r`. A position
 * or length outside the string (where Java throws) gives NULL.
 */
function overlay(s: string, r: string, pos: number, len?: number): string | null {
  const cs = Array.from(s);
  const n = len ?? Array.from(r).length;
  if (pos < 1 || n < 0 || pos - 1 > cs.length || pos - 1 + n > cs.length) return null;
  return cs.slice(0, pos - 1).join('') + r + cs.slice(pos - 1 + n).join('');
}

const startsWith = (s: string, prefix: string): boolean => s.startsWith(prefix);
const endsWith = (s: string, suffix: string): boolean => s.endsWith(suffix);

function regexpCount(s: string, p: string): number | null {
  const r = regex(p, 'g');
  if (r === null) return null;
  let n = 0;
  for (const _ of s.matchAll(r)) n++;
  return n;
}
function regexpInstr(s: string, p: string): number | null {
  const r = regex(p);
  if (r === null) return null;
  const m = r.exec(s);
  return m === null ? 0 : charLength(s.slice(0, m.index)) + 1;
}
function regexpSubstr(s: string, p: string): string | null {
  const r = regex(p);
  if (r === null) return null;
  const m = r.exec(s);
  return m === null ? null : m[0];
}

// ---------------------------------------------------------------------------------------------------
// PARSE_URL, as Flink (java.net.URL's parts)

/** Protocols java.net.URL knows; others are malformed there, and give NULL. */
const PROTOCOLS = new Set(['http', 'https', 'ftp', 'file', 'jar', 'mailto']);
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

interface UrlParts {
  protocol: string;
  authority: string | null;
  path: string;
  query: string | null;
  ref: string | null;
}

function splitUrl(url: string): UrlParts | null {
  const m = URL_PARTS.exec(url);
  if (m === null) return null;
  const protocol = m[1]!.toLowerCase();
  if (!PROTOCOLS.has(protocol)) return null;
  return { protocol, authority: m[2] ?? null, path: m[3] ?? '', query: m[4] ?? null, ref: m[5] ?? null };
}

function hostOf(authority: string): string {
  const at = authority.lastIndexOf('@');
  const hostPort = at < 0 ? authority : authority.slice(at + 1);
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    return end < 0 ? hostPort : hostPort.slice(0, end + 1);
  }
  const colon = hostPort.lastIndexOf(':');
  return colon < 0 ? hostPort : hostPort.slice(0, colon);
}

function parseUrl(url: string, part: string, key?: string): string | null {
  const u = splitUrl(url);
  if (u === null) return null;
  switch (part) {
    case 'HOST':
      return u.authority === null ? '' : hostOf(u.authority);
    case 'PATH':
      return u.path;
    case 'QUERY': {
      if (key === undefined) return u.query;
      if (u.query === null) return null;
      for (const pair of u.query.split('&')) {
        const eq = pair.indexOf('=');
        if (eq >= 0 && pair.slice(0, eq) === key) return pair.slice(eq + 1);
      }
      return null;
    }
    case 'REF':
      return u.ref;
    case 'PROTOCOL':
      return u.protocol;
    case 'AUTHORITY':
      return u.authority;
    case 'FILE':
      return u.query === null ? u.path : `${u.path}?${u.query}`;
    case 'USERINFO': {
      const at = u.authority?.lastIndexOf('@') ?? -1;
      return at < 0 ? null : u.authority!.slice(0, at);
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------------
// IS_ALPHA, IS_DIGIT, IS_DECIMAL: never NULL (FALSE for NULL, as Flink's)

const isAlpha = (s: string): boolean => /^\p{L}+$/u.test(s);
const isDigit = (s: string): boolean => /^\p{Nd}+$/u.test(s);
const isDecimal = (s: string): boolean => /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s);

/** A test of text that is FALSE for NULL: its argument is read as COALESCE(s, ''), and '' passes none of them. */
function textTest(name: string, f: (s: string) => boolean): FnDef {
  return {
    name,
    check(args, site) {
      checkArity(args, 1, 1, site);
      checkArg(args, 0, 'string', site);
      const arg = args[0]!;
      return { args: [orEmpty(arg)], type: T.boolean(false) };
    },
    impl: callOf(f),
  };
}

export const TEXT_FUNCTIONS: readonly FnDef[] = [
  fnDef('INSTR', ['string', 'string'], T.int(false), callOf(instr)),
  translateFn,
  fnDef('OVERLAY', ['string', 'string', 'integer', 'integer'], str, callOf(overlay), { min: 3, mayBeNull: true }),
  fnDef('STARTSWITH', ['string', 'string'], T.boolean(false), callOf(startsWith)),
  fnDef('ENDSWITH', ['string', 'string'], T.boolean(false), callOf(endsWith)),
  fnDef('REGEXP_COUNT', ['string', 'string'], T.int(false), callOf(regexpCount), { mayBeNull: true }),
  fnDef('REGEXP_INSTR', ['string', 'string'], T.int(false), callOf(regexpInstr), { mayBeNull: true }),
  fnDef('REGEXP_SUBSTR', ['string', 'string'], str, callOf(regexpSubstr), { mayBeNull: true }),
  fnDef('PARSE_URL', ['string', 'string', 'string'], str, callOf(parseUrl), { min: 2, mayBeNull: true }),
  textTest('IS_ALPHA', isAlpha),
  textTest('IS_DIGIT', isDigit),
  textTest('IS_DECIMAL', isDecimal),
];
