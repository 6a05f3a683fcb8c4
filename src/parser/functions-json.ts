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
 *
 * Clauses, as Flink's (Calcite's JsonFunctions): without them every empty or error case gives the default.
 *   JSON_VALUE(j, p [RETURNING type] [NULL | ERROR | DEFAULT x ON EMPTY] [NULL | ERROR | DEFAULT x ON ERROR])
 *       the scalar converted to `type` (as CAST from its text: '13.37' RETURNING INT is 13); EMPTY: the path
 *       finds nothing, JSON null, or (lax) an object or array; ERROR: text that is not JSON, a strict path
 *       that fails or finds no scalar, a value that does not convert ('9999999999' RETURNING INT)
 *   JSON_QUERY(j, p [WITHOUT [ARRAY] | WITH [CONDITIONAL | UNCONDITIONAL] [ARRAY] WRAPPER]
 *              [NULL | ERROR | EMPTY ARRAY | EMPTY OBJECT ON EMPTY] [... ON ERROR])
 *       WITH UNCONDITIONAL wraps the value in an array, WITH CONDITIONAL unless it is one
 *   JSON_EXISTS(j, p [TRUE | FALSE | UNKNOWN | ERROR ON ERROR])
 * ERROR fails the row as a CAST of bad text does (planner/row-checks.ts: the row is rejected with the
 * reason, where Flink fails the job); the expression itself never throws (NULL in its place).
 *
 * Numbers keep their digits, as Flink's Jackson reads them: an integer stays exact ('12345678901234567890'),
 * a number with a fraction or an exponent is a BigDecimal and prints as Java's BigDecimal.toString
 * ('123456789.987654321', '1.0', '1E+3'). Objects keep their key order; output is compact (`{"a":1,"b":[1,2]}`).
 */
import type { JsonBehavior, JsonClauses, Pos } from './ast.js';
import type { BoundExpr } from './bound-expr.js';
import { fail } from './diagnostics.js';
import { callOf, checkArg, checkArity, commonType, constOf, fnDef, isNull, show, type BoundCall, type Codegen, type FnDef, type Site, type Typed } from './functions-core.js';
import { casterOf, castValue, coerce, CastRejection, checkCast, decimalToString, doubleToString } from './functions-cast.js';
import { isComposite, T, typeToString, withNullable, type SqlType } from './types.js';

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
// The clause forms (Calcite's JsonFunctions.jsonValue / jsonQuery / jsonExists)

/** What a path gives: a value (found, maybe JSON null), nothing, or an error (with why). */
type Located = { readonly found: Json } | { readonly empty: true } | { readonly error: string };

function locate(json: string, spec: string): Located {
  const path = parsePath(spec);
  if (path === null) return { error: `'${spec}' is not a JSON path` };
  const doc = tryParse(json);
  if (doc === undefined) return { error: 'the text is not JSON' };
  try {
    const found = find(doc, path);
    if (path.many) return { found };
    return found.length === 0 ? { empty: true } : { found: found[0]! };
  } catch (e) {
    if (e instanceof PathError) return { error: `strict path '${spec}': ${e.message}` };
    throw e;
  }
}

/** The clauses of one call, held as the constant third argument of the bound call. */
export interface JsonSpec {
  readonly fn: 'JSON_VALUE' | 'JSON_QUERY' | 'JSON_EXISTS';
  /** JSON_VALUE's RETURNING type (VARCHAR when none is written); JSON_QUERY gives VARCHAR. */
  readonly returning: SqlType;
  readonly onEmpty: JsonBehavior;
  readonly onError: JsonBehavior;
  readonly wrapper: 'WITHOUT' | 'CONDITIONAL' | 'UNCONDITIONAL';
  /** The text of the clauses as written back (RETURNING INT DEFAULT 0 ON EMPTY ...), for EXPLAIN. */
  readonly text: string;
}

/** An ERROR behavior met: the row fails when the caller rejects rows, else NULL. */
function failed(reject: boolean, where: string, why: string): null {
  if (reject) throw new CastRejection(`${where}: ${why}`);
  return null;
}

const textOf = (v: Json): string => (v instanceof JsonNumber ? v.text : typeof v === 'boolean' ? String(v) : (v as string));

function jsonValueAs(json: string, path: string, spec: JsonSpec, convert: (text: string) => unknown, reject: boolean, onEmpty: unknown, onError: unknown): unknown {
  const at = `JSON_VALUE(..., '${path}')`;
  const r = locate(json, path);
  let why: string;
  if ('found' in r && r.found !== null && isScalar(r.found)) {
    const text = textOf(r.found);
    const v = convert(text);
    if (v !== null && v !== undefined) return v;
    why = `cannot convert '${text.length > 60 ? `${text.slice(0, 60)}…` : text}' to ${typeToString(spec.returning)}`;
  } else if ('error' in r) {
    why = r.error;
  } else if ('found' in r && r.found !== null && parsePath(path)?.strict === true) {
    why = `strict path '${path}' finds an object or array, not a scalar`;
  } else {
    // Nothing, JSON null, or (lax) an object or array: empty.
    if (spec.onEmpty === 'ERROR') return failed(reject, at, `no value (ERROR ON EMPTY)`);
    return spec.onEmpty === 'DEFAULT' ? onEmpty : null;
  }
  if (spec.onError === 'ERROR') return failed(reject, at, `${why} (ERROR ON ERROR)`);
  return spec.onError === 'DEFAULT' ? onError : null;
}

function jsonQueryAs(json: string, path: string, spec: JsonSpec, reject: boolean): string | null {
  const at = `JSON_QUERY(..., '${path}')`;
  const r = locate(json, path);
  const behave = (b: JsonBehavior, why: string): string | null =>
    b === 'EMPTY ARRAY' ? '[]' : b === 'EMPTY OBJECT' ? '{}' : b === 'ERROR' ? failed(reject, at, why) : null;
  if ('error' in r) return behave(spec.onError, `${r.error} (ERROR ON ERROR)`);
  const obj = 'found' in r ? r.found : undefined;
  // Calcite wraps first (a missing value wrapped is [null]), then asks whether the result is empty.
  const value: Json | undefined =
    spec.wrapper === 'UNCONDITIONAL' ? [obj ?? null] : spec.wrapper === 'CONDITIONAL' ? (Array.isArray(obj) ? obj : [obj ?? null]) : obj;
  const strict = parsePath(path)?.strict === true;
  if (value === undefined || value === null || (!strict && isScalar(value))) return behave(spec.onEmpty, 'no object or array (ERROR ON EMPTY)');
  if (isScalar(value)) return behave(spec.onError, `strict path '${path}' finds a scalar, not an object or array (ERROR ON ERROR)`);
  return write(value);
}

function jsonExistsAs(json: string, path: string, spec: JsonSpec, reject: boolean): boolean | null {
  const r = locate(json, path);
  if ('error' in r) {
    switch (spec.onError) {
      case 'TRUE':
        return true;
      case 'UNKNOWN':
        return null;
      case 'ERROR':
        return failed(reject, `JSON_EXISTS(..., '${path}')`, `${r.error} (ERROR ON ERROR)`);
      default:
        return false;
    }
  }
  return 'found' in r && r.found !== null && !(Array.isArray(r.found) && parsePath(path)?.many === true && r.found.length === 0);
}

/** The types RETURNING takes: scalar types (JSON_QUERY: text only). */
function checkReturning(fn: string, t: SqlType, at: Pos): void {
  if (fn === 'JSON_QUERY' ? t.name !== 'VARCHAR' : isComposite(t) || t.name === 'INTERVAL') {
    fail('TYPE_MISMATCH', `${fn} cannot return ${typeToString(t)}; ${fn === 'JSON_QUERY' ? 'it returns JSON text (STRING)' : 'RETURNING takes a scalar type'}`, at);
  }
}

const BEHAVIOR_TEXT = (b: JsonBehavior, x: string | undefined): string => (b === 'DEFAULT' ? `DEFAULT ${x ?? '?'}` : b);

/**
 * Binds a JSON function written with clauses: the bound call is `fn(json, path, spec, defaults...)`, spec a
 * constant JsonSpec. DEFAULT values are converted to the RETURNING type (TYPE_MISMATCH when they cannot be).
 */
export function bindJsonClauses(fn: string, clauses: JsonClauses, returning: SqlType | undefined, args: readonly BoundExpr[], site: Site, defaultsText: readonly string[]): BoundExpr {
  const name = fn as JsonSpec['fn'];
  checkArity(args.slice(0, 2), 2, 2, site);
  checkArg(args, 0, 'string', site);
  checkArg(args, 1, 'string', site);
  const p = constOf(args[1]);
  if (typeof p === 'string' && parsePath(p) === null) {
    fail('INVALID_LITERAL', `'${p}' is not a JSON path: expected [lax | strict] $ followed by .name, ['name'], [n] or [*]`, site.argPos[1] ?? site.pos);
  }
  const to = returning ?? T.varchar();
  if (returning !== undefined) checkReturning(name, returning, site.pos);
  const defaults = args.slice(2).map((d, i) => {
    const at = site.argPos[2 + i] ?? site.pos;
    if (isNull(d.type)) return { kind: 'const', value: null, type: withNullable(to, true) } as BoundExpr;
    const c = commonType(to, d.type);
    if (c !== null && c.name === to.name) return coerce(d, withNullable(to, d.type.nullable));
    // Text for another type ('0.00' for a DECIMAL, as Flink takes it): a constant converted now (and refused
    // when it does not convert), another expression converted per row (NULL when it does not).
    if (d.type.name !== 'VARCHAR') fail('TYPE_MISMATCH', `the DEFAULT of ${name} ... RETURNING ${typeToString(to)} must be of type ${typeToString(to)}, got ${show(d.type)}`, at);
    checkCast(d.type, to, at);
    if (d.kind === 'const') {
      const v = castValue(d.value, d.type, to);
      if (v === null) fail('TYPE_MISMATCH', `the DEFAULT '${String(d.value)}' of ${name} ... RETURNING ${typeToString(to)} is not a ${typeToString(to)}`, at);
      return { kind: 'const', value: v, type: withNullable(to, false) } as BoundExpr;
    }
    return { kind: 'cast', operand: d, try: true, type: withNullable(to, true) } as BoundExpr;
  });
  const onEmpty = clauses.onEmpty ?? 'NULL';
  const onError = clauses.onError ?? (name === 'JSON_EXISTS' ? 'FALSE' : 'NULL');
  let k = 0;
  const parts: string[] = [];
  if (clauses.returning) parts.push(`RETURNING ${typeToString(to)}`);
  if (clauses.wrapper) parts.push(clauses.wrapper === 'WITHOUT' ? 'WITHOUT ARRAY WRAPPER' : `WITH ${clauses.wrapper} ARRAY WRAPPER`);
  if (clauses.onEmpty) parts.push(`${BEHAVIOR_TEXT(onEmpty, onEmpty === 'DEFAULT' ? defaultsText[k++] : undefined)} ON EMPTY`);
  if (clauses.onError) parts.push(`${BEHAVIOR_TEXT(onError, onError === 'DEFAULT' ? defaultsText[k++] : undefined)} ON ERROR`);
  const spec: JsonSpec = { fn: name, returning: to, onEmpty, onError, wrapper: clauses.wrapper ?? 'WITHOUT', text: parts.join(' ') };
  const specArg: BoundExpr = { kind: 'const', value: spec, type: T.varchar(false) };
  const typed = clauseDef(name).check([args[0]!, args[1]!, specArg, ...defaults], site);
  return { kind: 'call', fn: name, args: typed.args, type: typed.type };
}

/** The JsonSpec of a bound JSON call written with clauses, or null for the plain form. */
export function jsonSpecOf(call: BoundCall): JsonSpec | null {
  const a = call.args[2];
  return a?.kind === 'const' && typeof a.value === 'object' && a.value !== null && 'fn' in a.value ? (a.value as JsonSpec) : null;
}

/**
 * The type rule of both forms: JSON_VALUE is NULL when the text or path is, or when its behaviors can give
 * NULL; JSON_EXISTS is NULL only for UNKNOWN ON ERROR or a NULL argument.
 */
function clauseDef(name: JsonSpec['fn']): { check: (args: readonly BoundExpr[], site: Site) => Typed } {
  return {
    check(args) {
      const spec = jsonSpecOf({ kind: 'call', fn: name, args, type: T.null() })!;
      const inputs = args[0]!.type.nullable || args[1]!.type.nullable;
      if (name === 'JSON_EXISTS') return { args, type: T.boolean(inputs || spec.onError === 'UNKNOWN') };
      return { args, type: withNullable(spec.returning, true) };
    },
  };
}

/** JSON_VALUE / JSON_QUERY / JSON_EXISTS: the plain form is `plain`; the clause form handles NULLs itself. */
function jsonFn(name: JsonSpec['fn'], plain: FnDef): FnDef {
  return {
    name,
    check(args, site) {
      if (jsonSpecOf({ kind: 'call', fn: name, args, type: T.null() }) !== null) return clauseDef(name).check(args, site);
      return plain.check(args, site);
    },
    impl: {
      nullSafe: (call) => {
        const spec = jsonSpecOf(call);
        if (spec === null) {
          const strict = (plain.impl as (c: BoundCall) => (a: readonly string[], cg: Codegen) => string)(call);
          return (a, cg) => `(${a[0]} == null || ${a[1]} == null ? null : ${strict(a, cg)})`;
        }
        return (a, cg) => {
          const reject = cg.rejectRows === true;
          const head = `${a[0]} == null || ${a[1]} == null ? null : `;
          if (name === 'JSON_EXISTS') return `(${head}${cg.fn(jsonExistsAs)}(${a[0]}, ${a[1]}, ${a[2]}, ${reject}))`;
          if (name === 'JSON_QUERY') return `(${head}${cg.fn(jsonQueryAs)}(${a[0]}, ${a[1]}, ${a[2]}, ${reject}))`;
          const convert = spec.returning.name === 'VARCHAR' && spec.returning.precision === undefined ? (x: string) => x : casterOf(T.varchar(false), spec.returning);
          let k = 3;
          const onEmpty = spec.onEmpty === 'DEFAULT' ? a[k++] : 'null';
          const onError = spec.onError === 'DEFAULT' ? a[k++] : 'null';
          return `(${head}${cg.fn(jsonValueAs)}(${a[0]}, ${a[1]}, ${a[2]}, ${cg.fn(convert)}, ${reject}, ${onEmpty}, ${onError}))`;
        };
      },
    },
    rejects: (call) => {
      const spec = jsonSpecOf(call);
      return spec !== null && (spec.onEmpty === 'ERROR' || spec.onError === 'ERROR');
    },
  };
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
  jsonFn('JSON_VALUE', withPathCheck(fnDef('JSON_VALUE', ['string', 'string'], str, callOf(jsonValue), { mayBeNull: true }))),
  jsonFn('JSON_QUERY', withPathCheck(fnDef('JSON_QUERY', ['string', 'string'], str, callOf(jsonQuery), { mayBeNull: true }))),
  jsonFn('JSON_EXISTS', withPathCheck(fnDef('JSON_EXISTS', ['string', 'string'], T.boolean(false), callOf(jsonExists)))),
  isJsonFn,
  jsonStringFn,
];

/** The kinds `x IS JSON kind` takes (VALUE when none is written). */
export const IS_JSON_KINDS: readonly string[] = JSON_KINDS;
