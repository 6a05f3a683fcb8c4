/**
 * ARRAY and MAP values at run time (the type rules are in src/parser/functions-collections.ts).
 *
 *   ARRAY<T>   a JS array of T's values, NULL elements null
 *   MAP<K, V>  a JS Map in insertion order; a key that is itself an ARRAY or MAP is matched by value
 *
 * Values are immutable once built: operators keep rows (and so these values) in state and in several
 * places at once, so nothing here changes an array or Map it was given.
 *
 * Equality is by contents, as Flink compares its binary arrays and maps: element by element (a NULL
 * element equals a NULL element), maps by their entries whatever their order, -0 equal to 0 and NaN to
 * NaN (a key's semantics: value-codec.ts groups them so too).
 */

/** Deep equality of two engine values (arrays and Maps by contents, NULL equal to NULL). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number') return typeof b === 'number' && a !== a && b !== b;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!mapHas(b, k)) return false;
      if (!sameValue(v, mapGet(b, k))) return false;
    }
    return true;
  }
  return false;
}

/** SQL `=` of two non-NULL collections. */
export const collectionsEqual = (a: unknown, b: unknown): boolean => sameValue(a, b);

const isComposite = (k: unknown): boolean => typeof k === 'object' && k !== null;

/** The key of `m` equal to `k` (by value for ARRAY/MAP keys; JS Maps already match NaN and ±0), or undefined. */
function findKey(m: ReadonlyMap<unknown, unknown>, k: unknown): unknown {
  if (!isComposite(k)) return m.has(k) ? k : undefined;
  for (const key of m.keys()) if (sameValue(key, k)) return key;
  return undefined;
}

export function mapHas(m: ReadonlyMap<unknown, unknown>, k: unknown): boolean {
  return isComposite(k) ? findKey(m, k) !== undefined : m.has(k);
}

/** m[k]: the value, or NULL when no key equals k. */
export function mapGet(m: ReadonlyMap<unknown, unknown>, k: unknown): unknown {
  if (!isComposite(k)) return m.get(k) ?? null;
  const key = findKey(m, k);
  return key === undefined ? null : (m.get(key) ?? null);
}

/**
 * A Map from entries, a later equal key replacing an earlier one's value (as Flink's MAP[...] and its
 * JSON format do) but keeping its place.
 */
export function mapOf(entries: readonly (readonly [unknown, unknown])[]): Map<unknown, unknown> {
  const m = new Map<unknown, unknown>();
  for (const [k, v] of entries) {
    const key = isComposite(k) ? (findKey(m, k) ?? k) : k;
    m.set(key, v);
  }
  return m;
}

/** MAP[k1, v1, k2, v2, ...] over evaluated arguments. */
export function mapFromList(...kv: unknown[]): Map<unknown, unknown> {
  const entries: [unknown, unknown][] = [];
  for (let i = 0; i + 1 < kv.length; i += 2) entries.push([kv[i], kv[i + 1]]);
  return mapOf(entries);
}

/** a[i], 1-based: NULL when i is out of range (Flink's ITEM on arrays). */
export function arrayItem(a: readonly unknown[], i: number): unknown {
  return i >= 1 && i <= a.length ? (a[i - 1] ?? null) : null;
}

/** CARDINALITY of an array or map. */
export function cardinality(c: readonly unknown[] | ReadonlyMap<unknown, unknown>): number {
  return Array.isArray(c) ? c.length : (c as ReadonlyMap<unknown, unknown>).size;
}

/**
 * ELEMENT(a): the only element, NULL for an empty array. Flink fails the job for more than one element;
 * an expression here never throws, so that is NULL too (README "Decisions").
 */
export function element(a: readonly unknown[]): unknown {
  return a.length === 1 ? (a[0] ?? null) : null;
}

/** ARRAY_CONTAINS(a, x): x may be NULL (then: does a hold a NULL element). */
export function arrayContains(a: readonly unknown[], x: unknown): boolean {
  if (x === null || !isComposite(x)) {
    for (let i = 0; i < a.length; i++) {
      const e = a[i];
      if (e === x || (x !== x && e !== e)) return true;
    }
    return false;
  }
  for (let i = 0; i < a.length; i++) if (sameValue(a[i], x)) return true;
  return false;
}

export const mapKeys = (m: ReadonlyMap<unknown, unknown>): unknown[] => [...m.keys()];
export const mapValues = (m: ReadonlyMap<unknown, unknown>): unknown[] => [...m.values()];

/** An array with each non-NULL element converted (CAST between ARRAY types); NULL stays NULL. */
export function mapElements(a: readonly unknown[], f: (x: unknown) => unknown): unknown[] {
  const out = new Array<unknown>(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    out[i] = x === null || x === undefined ? null : (f(x) ?? null);
  }
  return out;
}

/** A map with each non-NULL key and value converted (CAST between MAP types). */
export function mapEntries(m: ReadonlyMap<unknown, unknown>, fk: (x: unknown) => unknown, fv: (x: unknown) => unknown): Map<unknown, unknown> {
  const entries: [unknown, unknown][] = [];
  for (const [k, v] of m) entries.push([k === null ? null : (fk(k) ?? null), v === null ? null : (fv(v) ?? null)]);
  return mapOf(entries);
}
