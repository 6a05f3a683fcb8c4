/**
 * JSON functions over text, as Flink's (Calcite's JsonFunctions over Jayway JsonPath):
 *
 *   JSON_VALUE(json, path)    the scalar at `path` as text ('true', '1', '0.998', 'abc'); NULL when the
 *                             path finds nothing, finds an object or array, or the text is not JSON
 *   JSON_QUERY(json, path)    the object or array at `path` as JSON text; NULL for a scalar or nothing
 *   JSON_EXISTS(json, path)   whether `path` finds a (non-null) value; FALSE on an error
 *   json IS [NOT] JSON [VALUE | SCALAR | ARRAY | OBJECT]   whether the text is JSON (of that kind);
 *                             NULL for NULL, as Flink's current one (registered as IS_JSON)
 *   JSON_STRING(value)        a number, boolean or text as JSON text
 *
 * Paths: an optional mode, `lax` (the default: a missing member is no value) or `strict` (a missing
 * member is an error), then `$` followed by `.name`, `.*`, `['name']` / `["name"]`, `[n]`, `[*]`. A
 * path with a wildcard finds a list: JSON_QUERY gives it as an array, JSON_VALUE gives NULL.
 * The RETURNING, ON EMPTY / ON ERROR and WRAPPER clauses are not supported: every empty or error case
 * gives Flink's default (NULL; FALSE for JSON_EXISTS).
 *
 * Numbers keep their digits, as Flink's Jackson reads them: an integer stays exact ('12345678901234567890'),
 * a number with a fraction or an exponent is a BigDecimal and prints as Java's BigDecimal.toString
 * ('123456789.987654321', '1.0', '1E+3'). Objects keep their key order; output is compact (`{"a":1,"b":[1,2]}`).
 */
import { fail } from './diagnostics.js';
import { callOf, checkArg, checkArity, constOf, fnDef, show, type FnDef } from './functions-core.js';
import { decimalToString, doubleToString } from './functions-cast.js';
import { T } from './types.js';

// ---------------------------------------------------------------------------------------------------
// A JSON reader that keeps key order and how numbers were written

/**
 * A number with a fraction or an exponent as Java's BigDecimal.toString prints it (Flink reads JSON
 * numbers with USE_BIG_DECIMAL_FOR_FLOATS: '123456789.987654321' stays so, '1.0' stays '1.0', '1e3' is
 * '1E+3'): plain when the scale is ≥ 0 and the adjusted exponent ≥ -6, else scientific.
 */
export function bigDecimalText(raw: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (m === null) return raw;
  const sign = m[1]!;
  const frac = m[3] ?? '';
  const digits = (m[2]! + frac).replace(/^0+(?=\d)/, '');
  const scale = frac.length - Number(m[4] ?? 0);
  const adjusted = digits.length - 1 - scale;
  if (digits === '0' && scale >= 0) return scale === 0 ? '0' : `0.${'0'.repeat(scale)}`; // zero has no sign
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) return sign + digits;
    const padded = digits.padStart(scale + 1, '0');
    return `${sign}${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

/** A JSON number: its text as Jackson would print it back. */
class JsonNumber {
  constructor(readonly text: string) {}
}
type Json = null | boolean | string | JsonNumber | Json[] | Map<string, Json>;

class BadJson extends Error {}

function parseJson(text: string): Json {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const value = (depth: number): Json => {
    if (depth > 512) throw new BadJson('too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const m = new Map<string, Json>();
      ws();
      if (text[i] === '}') return i++, m;
      for (;;) {
        ws();
        if (text[i] !== '"') throw new BadJson('key');
        const k = string();
        ws();
        if (text[i++] !== ':') throw new BadJson(':');
        m.set(k, value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return i++, m;
        else throw new BadJson('object');
      }
    }
    if (c === '[') {
      i++;
      const a: Json[] = [];
      ws();
      if (text[i] === ']') return i++, a;
      for (;;) {
        a.push(value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return i++, a;
        else throw new BadJson('array');
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) return (i += word.length), v;
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null) throw new BadJson('value');
    i += m[0].length;
    const decimal = m[1] !== undefined || m[2] !== undefined;
    return new JsonNumber(decimal ? bigDecimalText(m[0]) : BigInt(m[0]).toString());
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) throw new BadJson('control character');
      i++;
    }
    if (i >= text.length) throw new BadJson('string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const v = value(0);
  ws();
  if (i !== text.length) throw new BadJson('trailing text');
  return v;
}

function tryParse(text: string): Json | undefined {
  try {
    return parseJson(text);
  } catch (e) {
    if (e instanceof BadJson || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

function write(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
  return `{${[...v].map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`).join(',')}}`;
}

const isScalar = (v: Json): boolean => v === null || typeof v !== 'object' || v instanceof JsonNumber;

// ---------------------------------------------------------------------------------------------------
// Paths

type Step = { kind: 'member'; name: string } | { kind: 'index'; at: number } | { kind: 'all' };
interface JsonPath {
  readonly strict: boolean;
  readonly steps: readonly Step[];
  /** Has a wildcard: finds a list. */
  readonly many: boolean;
}

const pathCache = new Map<string, JsonPath | null>();

/** A path, or null when it is not one (an error, as in Flink). */
export function parsePath(spec: string): JsonPath | null {
  let p = pathCache.get(spec);
  if (p !== undefined) return p;
  p = readPath(spec);
  if (pathCache.size >= 256) pathCache.clear();
  pathCache.set(spec, p);
  return p;
}

function readPath(spec: string): JsonPath | null {
  const mode = /^\s*(lax|strict)\s+/i.exec(spec);
  const strict = mode !== null && mode[1]!.toLowerCase() === 'strict';
  let s = (mode ? spec.slice(mode[0].length) : spec).trim();
  if (!s.startsWith('$')) return null;
  s = s.slice(1);
  const steps: Step[] = [];
  while (s.length > 0) {
    let m: RegExpExecArray | null;
    if ((m = /^\.\*/.exec(s)) || (m = /^\[\*\]/.exec(s))) steps.push({ kind: 'all' });
    else if ((m = /^\.?\[\s*'((?:[^'\\]|\\.)*)'\s*\]/.exec(s)) || (m = /^\.?\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(s))) steps.push({ kind: 'member', name: m[1]!.replace(/\\(.)/g, '$1') });
    else if ((m = /^\[\s*(\d+)\s*\]/.exec(s))) steps.push({ kind: 'index', at: Number(m[1]) });
    else if ((m = /^\.([A-Za-z_$][\w$-]*)/.exec(s))) steps.push({ kind: 'member', name: m[1]! });
    else return null;
    s = s.slice(m[0].length);
  }
  return { strict, steps, many: steps.some((t) => t.kind === 'all') };
}

class PathError extends Error {}

/** What `path` finds in `doc`: the values found (none: nothing), or a PathError in strict mode. */
function find(doc: Json, path: JsonPath): Json[] {
  let at: Json[] = [doc];
  for (const step of path.steps) {
    const next: Json[] = [];
    for (const v of at) {
      if (step.kind === 'all') {
        if (Array.isArray(v)) next.push(...v);
        else if (v instanceof Map) next.push(...v.values());
        else if (path.strict) throw new PathError('wildcard on a scalar');
      } else if (step.kind === 'member') {
        if (v instanceof Map && v.has(step.name)) next.push(v.get(step.name)!);
        else if (path.strict && !path.many) throw new PathError(`no member ${step.name}`);
      } else {
        if (Array.isArray(v) && step.at < v.length) next.push(v[step.at]!);
        else if (path.strict && !path.many) throw new PathError(`no element ${step.at}`);
      }
    }
    at = next;
  }
  return at;
}

/** The result of a path as one value: the value, a list for a wildcard path, undefined for nothing or an error. */
function lookup(json: string, spec: string): Json | undefined {
  const path = parsePath(spec);
  if (path === null) return undefined;
  const doc = tryParse(json);
  if (doc === undefined) return undefined;
  try {
    const found = find(doc, path);
    if (path.many) return found;
    return found.length === 0 ? undefined : found[0];
  } catch (e) {
    if (e instanceof PathError) return undefined;
    throw e;
  }
}

function jsonValue(json: string, path: string): string | null {
  const v = lookup(json, path);
  if (v === undefined || v === null || !isScalar(v)) return null;
  return v instanceof JsonNumber ? v.text : typeof v === 'boolean' ? String(v) : (v as string);
}

function jsonQuery(json: string, path: string): string | null {
  const v = lookup(json, path);
  return v === undefined || isScalar(v) ? null : write(v);
}

function jsonExists(json: string, path: string): boolean {
  const v = lookup(json, path);
  return v !== undefined && v !== null && !(Array.isArray(v) && parsePath(path)?.many === true && v.length === 0);
}

const JSON_KINDS = ['VALUE', 'SCALAR', 'ARRAY', 'OBJECT'] as const;

function isJson(text: string, kind: string): boolean {
  const v = tryParse(text);
  if (v === undefined) return false;
  switch (kind) {
    case 'SCALAR':
      return isScalar(v);
    case 'ARRAY':
      return Array.isArray(v);
    case 'OBJECT':
      return v instanceof Map;
    default:
      return true;
  }
}

// ---------------------------------------------------------------------------------------------------
// Definitions

const str = T.varchar(false);

/** A constant path that is not one is refused when the query is written, not met on every row. */
function withPathCheck(def: FnDef): FnDef {
  return {
    ...def,
    check(args, site) {
      const p = constOf(args[1]);
      if (typeof p === 'string' && parsePath(p) === null) {
        fail('INVALID_LITERAL', `'${p}' is not a JSON path: expected [lax | strict] $ followed by .name, ['name'], [n] or [*]`, site.argPos[1] ?? site.pos);
      }
      return def.check(args, site);
    },
  };
}

/** x IS [NOT] JSON kind, as IS_JSON(x, 'KIND'): NULL for NULL, as Flink's (three-valued since FLINK-39943). */
const isJsonFn: FnDef = fnDef('IS_JSON', ['string', 'string'], T.boolean(false), callOf(isJson));

/** JSON_STRING(x): a number, boolean or text as JSON text. */
const jsonStringFn: FnDef = {
  name: 'JSON_STRING',
  check(args, site) {
    checkArity(args, 1, 1, site);
    const t = args[0]!.type;
    const ok = ['NULL', 'BOOLEAN', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'DECIMAL', 'VARCHAR'].includes(t.name);
    if (!ok) fail('TYPE_MISMATCH', `JSON_STRING expects a number, BOOLEAN or VARCHAR, got ${show(t)}`, site.argPos[0] ?? site.pos);
    return { args, type: T.varchar(t.nullable) };
  },
  impl: (call) => {
    const t = call.args[0]!.type;
    return (a, cg) => {
      switch (t.name) {
        case 'VARCHAR':
          return `JSON.stringify(${a[0]})`;
        case 'BOOLEAN':
        case 'INT':
        case 'BIGINT':
          return `String(${a[0]})`;
        case 'DECIMAL':
          return `${cg.fn(decimalToString)}(${a[0]}, ${t.scale ?? 0})`;
        default:
          return `${cg.fn(doubleToString)}(${a[0]})`;
      }
    };
  },
};

export const JSON_FUNCTIONS: readonly FnDef[] = [
  withPathCheck(fnDef('JSON_VALUE', ['string', 'string'], str, callOf(jsonValue), { mayBeNull: true })),
  withPathCheck(fnDef('JSON_QUERY', ['string', 'string'], str, callOf(jsonQuery), { mayBeNull: true })),
  withPathCheck(fnDef('JSON_EXISTS', ['string', 'string'], T.boolean(false), callOf(jsonExists))),
  isJsonFn,
  jsonStringFn,
];

/** The kinds `x IS JSON kind` takes (VALUE when none is written). */
export const IS_JSON_KINDS: readonly string[] = JSON_KINDS;
