/**
 * The JSON codec: input objects → rows (arrays in schema order) and rows → JSON-ready output objects.
 * Called once per event and once per result row, so both are built once per schema.
 *
 * In (makeRowDecoder), per column type:
 *   BOOLEAN      true / false
 *   INT, BIGINT  an integer, as a JSON number or numeric text ("42"); INT must fit 32 bits, BIGINT must be
 *                exact in a double (|x| ≤ 2^53, 2^53 itself included) — larger ids would silently change,
 *                so they are refused (as text, exactly; a JSON number past 2^53 has already been
 *                rounded by JSON.parse, so send big ids as text)
 *   FLOAT/DOUBLE a number or numeric text; also "NaN", "Infinity", "-Infinity" (what the encoder writes)
 *   DECIMAL(p,s) a number or numeric text, rounded half away from zero to s digits; refused when the
 *                integer part has more than p − s digits. Text is read exactly ("0.1", "1234567890.123456789");
 *                a JSON number is read as its shortest text (0.1 → 0.1), as Flink's BigDecimal.valueOf
 *   VARCHAR      text; numbers and booleans are taken as their text (42 → '42'), objects and arrays as
 *                their JSON text, as Flink's JSON format does, so a producer that sends an id as a number
 *                does not lose the row
 *   TIMESTAMP    epoch milliseconds (an integer) or ISO-8601 text ('2020-10-10T00:00:05Z', with an offset,
 *                or 'YYYY-MM-DD HH:MM:SS[.fff]' read as UTC); years 0000–9999
 *   DATE         text 'YYYY-MM-DD' (Flink's JSON format); years 0000–9999
 *   TIME         text 'HH:MM[:SS[.fff]]'
 *   ARRAY<T>     a JSON array, each element read as T (null elements unless T is NOT NULL)
 *   ROW<a T, …>  a JSON object, each field by its name as columns are (other keys ignored)
 *   MAP<K, V>    a JSON object, its keys (text) read as K ({"42.0": 1.5} for MAP<DOUBLE, DOUBLE>), or an
 *                array of [key, value] pairs; a repeated key keeps the later value
 * Keys match column names case-insensitively; an exact-case key wins; extra keys are ignored. A missing
 * key or JSON null is SQL NULL, refused for NOT NULL columns and for the event-time column.
 *
 * Out (makeRowEncoder): TIMESTAMP → '2020-10-10T00:00:05.000Z'; DATE → '2024-01-02'; TIME → '12:34:56', or
 * '12:34:56.789' with milliseconds; DECIMAL (a scaled bigint) → a JSON
 * number when a double holds it (its shortest text reads back as the same decimal: every value of up
 * to 15 significant digits), else its exact text as a JSON string ("12345678901234567890.12"), never a
 * silently changed number; DOUBLE/FLOAT NaN and ±Infinity → the strings "NaN", "Infinity",
 * "-Infinity" (JSON has no such numbers; this is what Flink's JSON format writes); ARRAY → a JSON array of
 * its elements so encoded; ROW → a JSON object of its fields by name, so encoded; MAP → a JSON object
 * whose keys are the keys' JSON values as text ("null" for a NULL key); NULL → null.
 */
import { decimalFromNumber, decimalToJson, fit, parseDecimal } from '../functions/decimal.js';
import { formatTimestamp, parseTimestamp } from '../parser/functions.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from '../parser/functions-datetime.js';
import { formatDate, formatTime, MAX_DATE, MIN_DATE, parseDate, parseTime } from '../parser/functions-date-values.js';
import { elementOf, entryOf, fieldsOf, typeToString, type RowField, type SqlType } from '../parser/types.js';
import { mapOf } from '../functions/collections.js';
import { assertNever } from '../util/assert.js';

export { formatTimestamp, parseTimestamp };

export interface DecoderColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
}

export interface EncoderColumn {
  readonly name: string;
  readonly type: SqlType;
}

export type DecodeResult = { row: unknown[] } | { error: string };

/** Returned by a converter for a value it refuses; the message is built only then. */
const BAD: unique symbol = Symbol('bad value');
type Converter = (v: unknown) => unknown;

const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INT_TEXT = /^[+-]?\d+$/;

function numberOf(v: unknown): number | typeof BAD {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMERIC_TEXT.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : BAD;
  }
  return BAD;
}

const TWO_53 = 9007199254740992;

function integerOf(v: unknown): number | typeof BAD {
  if (typeof v === 'number') return Number.isInteger(v) ? v : BAD;
  if (typeof v !== 'string' || !INT_TEXT.test(v)) return BAD;
  const n = Number(v);
  // Text past 2^53 may name an integer no double holds ("9007199254740993"): refuse it, not round it.
  return Math.abs(n) < TWO_53 || BigInt(v) === BigInt(n) ? n : BAD;
}

function converter(t: SqlType): Converter {
  switch (t.name) {
    case 'BOOLEAN':
      return (v) => (v === true || v === false ? v : BAD);
    case 'INT':
      return (v) => {
        const n = integerOf(v);
        return n !== BAD && n >= -2147483648 && n <= 2147483647 ? n : BAD;
      };
    case 'BIGINT':
      return (v) => {
        const n = integerOf(v);
        return n !== BAD && n >= -TWO_53 && n <= TWO_53 ? n : BAD;
      };
    case 'FLOAT':
    case 'DOUBLE':
      return (v) => {
        if (typeof v === 'number') return v;
        if (v === 'NaN') return NaN;
        if (v === 'Infinity' || v === '+Infinity') return Infinity;
        if (v === '-Infinity') return -Infinity;
        return numberOf(v);
      };
    case 'DECIMAL': {
      const scale = t.scale ?? 0;
      const precision = t.precision ?? 38;
      return (v) => {
        const u = typeof v === 'number' ? decimalFromNumber(v, scale) : typeof v === 'string' && NUMERIC_TEXT.test(v) ? parseDecimal(v, scale) : null;
        const r = u === null ? null : fit(u, precision);
        return r === null ? BAD : r;
      };
    }
    case 'VARCHAR':
      return (v) => {
        if (typeof v === 'string') return v;
        if (typeof v === 'number' || typeof v === 'boolean') return String(v);
        return typeof v === 'object' && v !== null ? JSON.stringify(v) : BAD;
      };
    case 'TIMESTAMP':
      return (v) => {
        const ms = typeof v === 'number' ? (Number.isInteger(v) ? v : BAD) : typeof v === 'string' ? parseTimestamp(v) : BAD;
        return typeof ms === 'number' && ms >= MIN_TIMESTAMP && ms <= MAX_TIMESTAMP ? ms : BAD;
      };
    case 'DATE':
      return (v) => {
        const d = typeof v === 'string' ? parseDate(v) : null;
        return d !== null && d >= MIN_DATE && d <= MAX_DATE ? d : BAD;
      };
    case 'TIME':
      return (v) => {
        const t = typeof v === 'string' ? parseTime(v) : null;
        return t === null ? BAD : t;
      };
    case 'INTERVAL':
      return (v) => numberOf(v);
    case 'NULL':
      return () => null;
    case 'ARRAY':
      return arrayConverter(elementOf(t));
    case 'MAP':
      return mapConverter(...entryOf(t));
    case 'ROW':
      return rowConverter(fieldsOf(t));
    default:
      return assertNever(t.name);
  }
}

/**
 * ROW<a T, ...> from a JSON object, each field read by its name as a column is (the exact-case key, else a
 * key equal ignoring case; a missing key or null is a NULL field, refused for a NOT NULL one); other keys
 * are ignored, as Flink's JSON format does.
 */
function rowConverter(fields: readonly RowField[]): Converter {
  const convs = fields.map((f) => memberConverter(f.type));
  const names = fields.map((f) => f.name);
  const n = fields.length;
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Map) return BAD;
    const obj = v as Record<string, unknown>;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const name = names[i]!;
      let x = Object.hasOwn(obj, name) ? obj[name] : undefined;
      if (x === undefined) {
        const lower = name.toLowerCase();
        for (const key of Object.keys(obj)) {
          if (key.toLowerCase() === lower) {
            x = obj[key];
            break;
          }
        }
      }
      const c = convs[i]!(x);
      if (c === BAD) return BAD;
      out[i] = c;
    }
    return out;
  };
}

/** A member of a collection: NULL allowed unless the member type is NOT NULL. */
function memberConverter(t: SqlType): Converter {
  const conv = converter(t);
  return t.nullable ? (v) => (v === null || v === undefined ? null : conv(v)) : (v) => (v === null || v === undefined ? BAD : conv(v));
}

function arrayConverter(elem: SqlType): Converter {
  const conv = memberConverter(elem);
  return (v) => {
    if (!Array.isArray(v)) return BAD;
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = conv(v[i]);
      if (x === BAD) return BAD;
      out[i] = x;
    }
    return out;
  };
}

/**
 * MAP<K, V> from a JSON object (keys are text: read as K, so {"42.0": 1} is the DOUBLE key 42 and
 * {"2024-01-02": 1} a DATE key) or from an array of [key, value] pairs (keys as JSON values, for any K).
 * A key that appears twice keeps the later value, as Flink's JSON format does.
 */
function mapConverter(key: SqlType, value: SqlType): Converter {
  const convKey = memberConverter(key);
  const convText = key.name === 'BOOLEAN' ? (k: string) => (k === 'true' ? true : k === 'false' ? false : BAD) : convKey;
  const convValue = memberConverter(value);
  return (v) => {
    if (typeof v !== 'object' || v === null) return BAD;
    const entries: [unknown, unknown][] = [];
    if (Array.isArray(v)) {
      for (const pair of v) {
        if (!Array.isArray(pair) || pair.length !== 2) return BAD;
        const k = convKey(pair[0]);
        const x = convValue(pair[1]);
        if (k === BAD || x === BAD) return BAD;
        entries.push([k, x]);
      }
    } else {
      for (const name of Object.keys(v)) {
        const k = convText(name);
        const x = convValue((v as Record<string, unknown>)[name]);
        if (k === BAD || x === BAD) return BAD;
        entries.push([k, x]);
      }
    }
    return mapOf(entries);
  };
}

/** How a JSON value looks in a message: string "abc", number 1.5, boolean true, object, array. */
export function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string': {
      const s = v.length > 40 ? v.slice(0, 40) + '…' : v;
      return `string ${JSON.stringify(s)}`;
    }
    case 'number':
    case 'boolean':
      return `${typeof v} ${String(v)}`;
    case 'object':
      return 'object';
    default:
      return typeof v;
  }
}

function expected(t: SqlType): string {
  switch (t.name) {
    case 'TIMESTAMP':
      return 'TIMESTAMP (epoch milliseconds or ISO-8601 text)';
    case 'DATE':
      return "DATE (text 'YYYY-MM-DD')";
    case 'TIME':
      return "TIME (text 'HH:MM:SS[.fff]')";
    case 'INT':
      return 'INT (a whole number from -2147483648 to 2147483647)';
    case 'BIGINT':
      return 'BIGINT (a whole number of at most 2^53 in magnitude)';
    case 'DECIMAL':
      return `${typeToString(t)} (at most ${(t.precision ?? 38) - (t.scale ?? 0)} digits before the point)`;
    default:
      return typeToString(t);
  }
}

/**
 * A decoder for one source schema. `rowtimeIndex` is the event-time column (WATERMARK FOR), which
 * must be present in every event.
 */
export function makeRowDecoder(columns: readonly DecoderColumn[], rowtimeIndex: number | null): (input: unknown) => DecodeResult {
  const n = columns.length;
  const names = columns.map((c) => c.name);
  const convs = columns.map((c) => converter(c.type));
  const required = columns.map((c, i) => c.notNull || i === rowtimeIndex);
  // Names that objects inherit (constructor, toString, …) must be read as own properties only.
  const inherited = names.map((name) => name in Object.prototype);
  const exact = new Map<string, number>();
  const lower = new Map<string, number>();
  names.forEach((name, i) => {
    exact.set(name, i);
    if (!lower.has(name.toLowerCase())) lower.set(name.toLowerCase(), i);
  });

  const error = (i: number, v: unknown): { error: string } => {
    const c = columns[i]!;
    if (v === undefined) {
      return { error: i === rowtimeIndex ? `missing event-time column '${c.name}'` : `missing NOT NULL column '${c.name}'` };
    }
    if (v === null) {
      return { error: i === rowtimeIndex ? `event-time column '${c.name}' is null` : `column '${c.name}' is NOT NULL, got null` };
    }
    return { error: `column '${c.name}': expected ${expected(c.type)}, got ${describeJson(v)}` };
  };

  return (input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { error: `expected a JSON object, got ${describeJson(input)}` };
    }
    const obj = input as Record<string, unknown>;
    const row = new Array<unknown>(n);
    let missing = false;
    for (let i = 0; i < n; i++) {
      const v = inherited[i] && !Object.hasOwn(obj, names[i]!) ? undefined : obj[names[i]!];
      row[i] = v;
      if (v === undefined) missing = true;
    }
    if (missing) {
      // Slow path, only when some column had no exact-case key: look for a key in another case.
      for (const key in obj) {
        if (exact.has(key)) continue;
        const i = lower.get(key.toLowerCase());
        if (i !== undefined && row[i] === undefined) row[i] = obj[key];
      }
    }
    for (let i = 0; i < n; i++) {
      const v = row[i];
      if (v === undefined || v === null) {
        if (required[i]) return error(i, v);
        row[i] = null;
        continue;
      }
      const c = convs[i]!(v);
      if (c === BAD) return error(i, v);
      row[i] = c;
    }
    return { row };
  };
}

// ---------------------------------------------------------------------------------------------------
// Output

const encodeDate = (v: unknown): unknown => (v === null || v === undefined ? null : formatDate(v as number));
const encodeTime = (v: unknown): unknown => (v === null || v === undefined ? null : formatTime(v as number));
const encodeDouble = (v: unknown): unknown =>
  typeof v !== 'number' ? (v ?? null) : Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
function encodeDecimal(scale: number): (v: unknown) => unknown {
  return (v) => (typeof v === 'bigint' ? decimalToJson(v, scale) : (v ?? null));
}

/**
 * A TIMESTAMP column's encoder that remembers its last value's text: the rows of one fired window share
 * window_start and window_end, so a window of 100k keys formats them once instead of 100k times each.
 * One per column of one encoder (never shared), so the memo is only as hot as that column.
 */
function memoTimestamp(): (v: unknown) => unknown {
  let last = NaN;
  let text = '';
  return (v) => {
    if (v === null || v === undefined) return null;
    if (v !== last) {
      text = formatTimestamp(v as number);
      last = v as number;
    }
    return text;
  };
}

function encoder(t: SqlType): ((v: unknown) => unknown) | null {
  switch (t.name) {
    case 'TIMESTAMP':
      return memoTimestamp();
    case 'DATE':
      return encodeDate;
    case 'TIME':
      return encodeTime;
    case 'DECIMAL':
      return encodeDecimal(t.scale ?? 0);
    case 'DOUBLE':
    case 'FLOAT':
      return encodeDouble;
    case 'BOOLEAN':
    case 'INT':
    case 'BIGINT':
    case 'VARCHAR':
    case 'INTERVAL':
    case 'NULL':
      return null;
    case 'ARRAY': {
      const f = encoder(elementOf(t));
      if (f === null) return null; // INT, VARCHAR, ...: the array is its own JSON
      return (v) => (Array.isArray(v) ? v.map((x) => (x === null ? null : f(x))) : (v ?? null));
    }
    case 'MAP':
      return mapEncoder(...entryOf(t));
    case 'ROW':
      return rowEncoder(fieldsOf(t));
    default:
      return assertNever(t.name);
  }
}

/** ROW<a T, ...> → a JSON object of its fields by name, in field order, each encoded by its type. */
function rowEncoder(fields: readonly RowField[]): (v: unknown) => unknown {
  const fns = fields.map((f) => encoder(f.type));
  return (v) => {
    if (!Array.isArray(v)) return v ?? null;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const x = v[i] ?? null;
      const f = fns[i];
      const val = x === null || f === null || f === undefined ? x : f(x);
      const name = fields[i]!.name;
      if (name === '__proto__') Object.defineProperty(out, name, { value: val, enumerable: true, writable: true, configurable: true });
      else out[name] = val;
    }
    return out;
  };
}

/**
 * MAP<K, V> → a JSON object; a key is its JSON value as text (a DOUBLE 1.5 → "1.5", a TIMESTAMP its ISO
 * text), a NULL key the text "null" (Flink's 'json.map-null-key.literal').
 */
function mapEncoder(key: SqlType, value: SqlType): (v: unknown) => unknown {
  const fk = encoder(key);
  const fv = encoder(value);
  return (v) => {
    if (!(v instanceof Map)) return v ?? null;
    const out: Record<string, unknown> = {};
    for (const [k, x] of v as Map<unknown, unknown>) {
      const kv = k === null ? null : fk === null ? k : fk(k);
      const text = typeof kv === 'string' ? kv : kv !== null && typeof kv === 'object' ? JSON.stringify(kv) : String(kv);
      const val = x === null ? null : fv === null ? x : fv(x);
      if (text === '__proto__') Object.defineProperty(out, text, { value: val, enumerable: true, writable: true, configurable: true });
      else out[text] = val;
    }
    return out;
  };
}

/**
 * An encoder for one output schema. The object is built by a generated function with a literal of
 * fixed keys, so every output object shares one hidden class (fast to build and to JSON.stringify).
 */
export function makeRowEncoder(columns: readonly EncoderColumn[]): (row: readonly unknown[]) => Record<string, unknown> {
  const fns = columns.map((c) => encoder(c.type));
  const props = columns.map((c, i) => {
    const value = fns[i] ? `f[${i}](row[${i}])` : `row[${i}] ?? null`;
    // "__proto__" as a plain key would set the prototype; a computed key defines an own property.
    const key = c.name === '__proto__' ? `["__proto__"]` : JSON.stringify(c.name);
    return `${key}: ${value}`;
  });
  const body = `'use strict';\nreturn function encode(row) {\n  return { ${props.join(', ')} };\n};`;
  return new Function('f', body)(fns) as (row: readonly unknown[]) => Record<string, unknown>;
}

/**
 * An output schema's rows straight to JSON text: `encodeJson(row)` is exactly
 * `JSON.stringify(makeRowEncoder(columns)(row))`, without the object in between. Per output row that
 * object and the generic stringify of it were most of a fired window's cost: this writes the fixed
 * keys as one literal and each value by its type (a finite number is its own text; a TIMESTAMP's quoted
 * text is remembered, as the object encoder remembers the text).
 *
 * The text has the keys in column order, which is the object's order unless a name is an array index
 * ("0", "12": objects list those first) or appears twice (the object keeps one): such schemas are
 * encoded through the object.
 */
export function makeRowJsonEncoder(columns: readonly EncoderColumn[]): (row: readonly unknown[]) => string {
  if (!plainJsonKeys(columns)) {
    const encode = makeRowEncoder(columns);
    return (row) => JSON.stringify(encode(row));
  }
  const fns = columns.map((c) => jsonEncoder(c.type));
  const parts = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
  const body = columns.map((_, i) => `${JSON.stringify(parts[i])} + f[${i}](row[${i}])`).join(' + ');
  const src = `'use strict';\nreturn function encodeJson(row) {\n  return ${columns.length === 0 ? "'{'" : body} + '}';\n};`;
  return new Function('f', src)(fns) as (row: readonly unknown[]) => string;
}

/** The output object of these columns has its keys in column order, each once (see makeRowJsonEncoder). */
export function plainJsonKeys(columns: readonly EncoderColumn[]): boolean {
  const names = columns.map((c) => c.name);
  const indexLike = names.some((n) => /^(0|[1-9]\d*)$/.test(n) && Number(n) < 2 ** 32 - 1);
  return !indexLike && new Set(names).size === names.length;
}

/** Any JSON-ready value as `JSON.stringify` writes it as a property value (numbers first: the common case). */
function jsonValue(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return '' + v;
  return JSON.stringify(v ?? null);
}

/** One column's value → its JSON text, through the object encoder's conversion of that type. */
export function jsonEncoder(t: SqlType): (v: unknown) => string {
  if (t.name === 'TIMESTAMP') {
    let last = NaN;
    let text = 'null';
    return (v) => {
      if (v === null || v === undefined) return 'null';
      if (v !== last) {
        text = JSON.stringify(formatTimestamp(v as number));
        last = v as number;
      }
      return text;
    };
  }
  const f = encoder(t);
  return f === null ? jsonValue : (v) => jsonValue(f(v));
}
