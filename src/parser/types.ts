/**
 * The engine's SQL types and how values of each type are held at run time.
 *
 *   SQL type       JS value                       notes
 *   BOOLEAN        boolean
 *   INT            number (integer)               wraps at 32 bits as Java's int (Flink)
 *   BIGINT         number (integer)               exact up to 2^53 (documented limit); wraps at 64 bits
 *   FLOAT, DOUBLE  number
 *   DECIMAL(p,s)   bigint: value × 10^s           exact, p ≤ 38; the scale is the type's, not the
 *                                                 value's (src/functions/decimal.ts)
 *   VARCHAR        string
 *   TIMESTAMP(3)   number                         epoch milliseconds, UTC
 *   DATE           number (integer)               days since 1970-01-01 (Flink's internal int)
 *   TIME           number (integer)               milliseconds since midnight, 0..86399999
 *   INTERVAL       number                         milliseconds (only in expressions, never a column)
 *   ARRAY<T>       unknown[]                      elements as T's values, NULL elements null; never shared
 *                                                 and never changed once built (src/functions/collections.ts)
 *   MAP<K, V>      Map<unknown, unknown>          entries in insertion order; keys of ARRAY/MAP type are
 *                                                 found by value, not identity (collections.ts mapGet)
 *   ROW<a T, ...>  unknown[]                      the fields' values by position (Flink's RowData), NULL
 *                                                 fields null; the names are the type's, never the value's;
 *                                                 never changed once built (src/functions/rows.ts)
 *   NULL           null                           SQL NULL of every type is JS null
 */
import type { SqlTypeName } from './ast.js';

export type TypeName = SqlTypeName | 'INTERVAL' | 'NULL';

export interface SqlType {
  readonly name: TypeName;
  /** ARRAY's element type (its `nullable` says whether elements may be NULL). */
  readonly element?: SqlType;
  /** MAP's key and value types. */
  readonly key?: SqlType;
  readonly value?: SqlType;
  /** ROW's fields, in order (each type's `nullable` says whether the field may be NULL). */
  readonly fields?: readonly RowField[];
  /** DECIMAL precision / VARCHAR length / TIMESTAMP precision, when declared. */
  readonly precision?: number;
  readonly scale?: number;
  readonly nullable: boolean;
}

/** One field of a ROW type: its name as declared (or EXPR$n, f0 ...) and its type. */
export interface RowField {
  readonly name: string;
  readonly type: SqlType;
}

export const T = {
  boolean: (nullable = true): SqlType => ({ name: 'BOOLEAN', nullable }),
  int: (nullable = true): SqlType => ({ name: 'INT', nullable }),
  bigint: (nullable = true): SqlType => ({ name: 'BIGINT', nullable }),
  float: (nullable = true): SqlType => ({ name: 'FLOAT', nullable }),
  double: (nullable = true): SqlType => ({ name: 'DOUBLE', nullable }),
  decimal: (precision: number, scale: number, nullable = true): SqlType => ({ name: 'DECIMAL', precision, scale, nullable }),
  varchar: (nullable = true): SqlType => ({ name: 'VARCHAR', nullable }),
  timestamp: (nullable = true): SqlType => ({ name: 'TIMESTAMP', precision: 3, nullable }),
  date: (nullable = true): SqlType => ({ name: 'DATE', nullable }),
  time: (nullable = true): SqlType => ({ name: 'TIME', nullable }),
  interval: (): SqlType => ({ name: 'INTERVAL', nullable: false }),
  null: (): SqlType => ({ name: 'NULL', nullable: true }),
  array: (element: SqlType, nullable = true): SqlType => ({ name: 'ARRAY', element, nullable }),
  map: (key: SqlType, value: SqlType, nullable = true): SqlType => ({ name: 'MAP', key, value, nullable }),
  row: (fields: readonly RowField[], nullable = true): SqlType => ({ name: 'ROW', fields, nullable }),
} as const;

/**
 * ARRAY, MAP or ROW: a structured value, held as a JS array or Map and compared and hashed by its
 * contents (never by identity), without an order (only = and <> compare them).
 */
export function isComposite(t: SqlType): boolean {
  return t.name === 'ARRAY' || t.name === 'MAP' || t.name === 'ROW';
}

/** A ROW's fields (a broken invariant when `t` is no ROW). */
export function fieldsOf(t: SqlType): readonly RowField[] {
  if (t.fields === undefined) throw new Error(`invariant: ${t.name} has no fields`);
  return t.fields;
}

/**
 * The position of field `name` in a ROW's fields: the exact name, else the one field equal ignoring case
 * (as a column is found); -1 when none or several.
 */
export function fieldIndex(fields: readonly RowField[], name: string): number {
  const exact = fields.findIndex((f) => f.name === name);
  if (exact >= 0) return exact;
  const lower = name.toLowerCase();
  const loose = fields.flatMap((f, i) => (f.name.toLowerCase() === lower ? [i] : []));
  return loose.length === 1 ? loose[0]! : -1;
}

/** An ARRAY's element type (a broken invariant when `t` is no ARRAY). */
export function elementOf(t: SqlType): SqlType {
  if (t.element === undefined) throw new Error(`invariant: ${t.name} has no element type`);
  return t.element;
}

/** A MAP's key and value types. */
export function entryOf(t: SqlType): [SqlType, SqlType] {
  if (t.key === undefined || t.value === undefined) throw new Error(`invariant: ${t.name} has no key and value types`);
  return [t.key, t.value];
}

export function isNumeric(t: SqlType): boolean {
  return t.name === 'INT' || t.name === 'BIGINT' || t.name === 'FLOAT' || t.name === 'DOUBLE' || t.name === 'DECIMAL';
}

export function isIntegral(t: SqlType): boolean {
  return t.name === 'INT' || t.name === 'BIGINT';
}

/** TIMESTAMP, DATE or TIME. */
export function isTemporal(t: SqlType): boolean {
  return t.name === 'TIMESTAMP' || t.name === 'DATE' || t.name === 'TIME';
}

export function withNullable(t: SqlType, nullable: boolean): SqlType {
  return t.nullable === nullable ? t : { ...t, nullable };
}

/** DECIMAL(10, 2), TIMESTAMP(3), VARCHAR, BIGINT NOT NULL when `showNull`. */
export function typeToString(t: SqlType, showNull = false): string {
  let s: string = t.name;
  if (t.name === 'DECIMAL') s = `DECIMAL(${t.precision ?? 38}, ${t.scale ?? 0})`;
  else if (t.name === 'TIMESTAMP') s = `TIMESTAMP(${t.precision ?? 3})`;
  else if (t.name === 'ARRAY') s = `ARRAY<${typeToString(elementOf(t), true)}>`;
  else if (t.name === 'MAP') s = `MAP<${typeToString(entryOf(t)[0], true)}, ${typeToString(entryOf(t)[1], true)}>`;
  else if (t.name === 'ROW') s = `ROW<${fieldsOf(t).map((f) => `${fieldName(f.name)} ${typeToString(f.type, true)}`).join(', ')}>`;
  return showNull && !t.nullable ? `${s} NOT NULL` : s;
}

/** A field name as written in a type: plain when it is a lower-case identifier, else in backquotes. */
function fieldName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}
