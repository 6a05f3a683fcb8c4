/**
 * Encoding of operator state keys and values.
 *
 * Keys are stored as they are given: a string stays TEXT, a number stays a number (the column has no
 * affinity), so `${windowStart}|${groupKey}` costs its own bytes and nothing else, and keys sort in
 * SQLite's order (numbers before text; text by UTF-8 bytes) which keeps one window's keys on adjacent
 * pages when the window start leads the key.
 *
 * Values are JSON text, or a BLOB for a Buffer/Uint8Array (an operator that has its own binary layout,
 * or wants v8.serialize for Map/Set/BigInt, passes bytes and gets a Buffer back). The SQLite storage
 * class tells which it was, so no tag byte is needed.
 *
 * Why JSON and not v8.serialize for everything: on typical accumulator values ([count, sum, max, key]
 * or {count, sum, max}) JSON.stringify + JSON.parse measured ~8x faster than v8.serialize +
 * v8.deserialize (100k values: 50 ms + 51 ms vs 452 ms + 453 ms on Node 20) at the same size.
 *
 * `null` as a value means "delete this key" (the Operator.checkpoint() contract), so it cannot be stored.
 *
 * DECIMAL values are bigints (src/functions/decimal.ts), which JSON cannot carry: a value holding one is
 * written with each bigint as {"$dec": "<unscaled digits>"} (encodeDecimalValue) and read back exactly.
 * Only values that hold a decimal pay for the replacer; no other state value is an object with a
 * "$dec" key (operators store arrays, numbers and strings), so the tag cannot be mistaken.
 */
import { decodeDecimalValue, encodeDecimalValue, isDecimalValue } from '../../functions/decimal.js';
import { StateError } from './errors.js';

const DEC_TAG = '$dec';
const DEC_MARK = `"${DEC_TAG}"`;

const withDecimals = (_key: string, v: unknown): unknown => (isDecimalValue(v) ? { [DEC_TAG]: encodeDecimalValue(v) } : v);
function reviveDecimals(_key: string, v: unknown): unknown {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const text = (v as Record<string, unknown>)[DEC_TAG];
    if (typeof text === 'string' && Object.keys(v).length === 1) return decodeDecimalValue(text);
  }
  return v;
}

export type StateKey = string | number;

/**
 * In a packed delta (types.ts OperatorDelta.packed), the value that says "delete every stored key that
 * starts with this key" (a dropped namespace, state-table.ts). No codec writes it: JSON text never
 * starts with a NUL character.
 */
export const DROP_PREFIX = '\u0000drop-prefix';

/** The least string greater than every string that starts with `prefix` (ends in an ASCII character, e.g. ';'). */
export function prefixEnd(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  if (!(last >= 0x20 && last < 0x7f)) throw new StateError('STATE_INVALID', `a dropped key prefix must end in a printable ASCII character: '${prefix.slice(-20)}'`);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/** A JSON-able value (arrays, objects, strings, finite numbers, booleans) or bytes. */
export type StateValue = unknown;

export function checkKey(key: StateKey): void {
  if (typeof key === 'string') return;
  if (typeof key === 'number' && Number.isFinite(key)) return;
  throw new StateError('STATE_INVALID', `operator state key must be a string or a finite number, got ${String(key)}`);
}

/** JSON text or bytes. Throws STATE_INVALID for values JSON cannot carry (undefined, functions). */
export function encodeValue(value: StateValue): string | Uint8Array {
  if (value instanceof Uint8Array) return value;
  let text: string | undefined;
  try {
    try {
      text = JSON.stringify(value);
    } catch (err) {
      if (!(err instanceof TypeError && /BigInt/i.test(err.message))) throw err;
      text = JSON.stringify(value, withDecimals);
    }
  } catch (err) {
    throw new StateError('STATE_INVALID', `operator state value cannot be encoded as JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (text === undefined) {
    throw new StateError('STATE_INVALID', `operator state value cannot be encoded as JSON (${typeof value})`);
  }
  return text;
}

export function decodeValue(stored: unknown): StateValue {
  if (typeof stored !== 'string') return stored;
  return stored.includes(DEC_MARK) ? JSON.parse(stored, reviveDecimals) : JSON.parse(stored);
}

/** Approximate bytes of a stored key or value (string length stands in for UTF-8 length: cheap, close). */
export function sizeOf(x: unknown): number {
  if (typeof x === 'string') return x.length;
  if (x instanceof Uint8Array) return x.byteLength;
  return 8;
}
