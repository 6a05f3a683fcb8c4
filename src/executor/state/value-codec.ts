/**
 * The codec for every value the engine can hold in state, and the injective encoding of key tuples.
 *
 * Values are JSON text with tagged objects for what JSON cannot carry: `{"~":"f","v":"NaN"}` for
 * NaN/±Infinity/-0, `{"~":"b","v":"123"}` for a bigint, `{"~":"m","v":[[k,v],...]}` for a Map, and
 * `{"~":"o","v":[[k,v],...]}` for a plain object (so a stored object can never be mistaken for a tag).
 * A new runtime value kind (e.g. an exact DECIMAL class) is one `registerValueKind` call: a tag, a test
 * and a text form. Everything else (undefined, functions, symbols, unregistered classes) is refused
 * with STATE_INVALID rather than stored as something that reads back differently.
 *
 * Keys are tuples encoded so that different tuples never share a text: each element is type-tagged and
 * strings are length-prefixed, so NULL, the text 'null' and '\u0000' differ, and ('a\u001fb','c') and
 * ('a','b\u001fc') differ. Grouping semantics apply: -0 and 0 are one key (SQL `-0.0 = 0.0`), NaN one key.
 * An ARRAY is its length and its elements; a MAP its entries sorted by their text (equal maps, one key).
 */
import { StateError } from './errors.js';

export interface ValueKind<T> {
  /** Short tag stored in the text; must not be one of the built-in tags (f, b, m, o). */
  readonly tag: string;
  readonly test: (v: unknown) => v is T;
  readonly toText: (v: T) => string;
  readonly fromText: (text: string) => T;
}

const kinds: ValueKind<unknown>[] = [];
const kindByTag = new Map<string, ValueKind<unknown>>();
const BUILT_IN = new Set(['f', 'b', 'm', 'o']);

/** Teaches the codec (values and keys) a new runtime value kind. */
export function registerValueKind<T>(kind: ValueKind<T>): void {
  if (BUILT_IN.has(kind.tag) || kindByTag.has(kind.tag)) throw new Error(`invariant: value kind tag '${kind.tag}' is taken`);
  kinds.push(kind as ValueKind<unknown>);
  kindByTag.set(kind.tag, kind as ValueKind<unknown>);
}

function kindOf(v: object): ValueKind<unknown> | undefined {
  for (const k of kinds) if (k.test(v)) return k;
  return undefined;
}

function replacer(this: unknown, _key: string, v: unknown): unknown {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0) ? v : { '~': 'f', v: Object.is(v, -0) ? '-0' : String(v) };
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return { '~': 'b', v: v.toString() };
    case 'object': {
      if (v === null || Array.isArray(v)) return v;
      if (v instanceof Map) return { '~': 'm', v: [...v] };
      const kind = kindOf(v);
      if (kind) return { '~': kind.tag, v: kind.toText(v) };
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto === Object.prototype || proto === null) return { '~': 'o', v: Object.entries(v) };
      throw new StateError('STATE_INVALID', `state value of class ${(v as { constructor?: { name?: string } }).constructor?.name ?? '?'} has no codec`);
    }
    default:
      throw new StateError('STATE_INVALID', `state value of type ${typeof v} has no codec`);
  }
}

function reviver(_key: string, v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const o = v as { '~'?: unknown; v?: unknown };
  switch (o['~']) {
    case 'f':
      return o.v === '-0' ? -0 : Number(o.v);
    case 'b':
      return BigInt(o.v as string);
    case 'm':
      return new Map(o.v as [unknown, unknown][]);
    case 'o':
      return Object.fromEntries(o.v as [string, unknown][]);
    default: {
      const kind = kindByTag.get(String(o['~']));
      if (kind === undefined) throw new StateError('STATE_INVALID', `stored state has an unknown value tag '${String(o['~'])}'`);
      return kind.fromText(o.v as string);
    }
  }
}

/**
 * Whether JSON.stringify without a replacer writes `v` exactly: finite numbers other than -0, strings,
 * booleans, null and arrays of those. Checking costs a walk in JS; the replacer costs a call from C++
 * into JS per value, which made the encoding of accumulators (arrays of numbers) about 3x slower, and a
 * checkpoint encodes every changed entry on the event loop.
 */
function plainJson(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'number':
      return v - v === 0 && (v !== 0 || 1 / v > 0);
    case 'string':
    case 'boolean':
      return true;
    case 'object': {
      if (v === null) return true;
      if (!Array.isArray(v) || depth > 8) return false;
      for (let i = 0; i < v.length; i++) if (!plainJson(v[i], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

export function encodeStateValue(v: unknown): string {
  if (plainJson(v, 0)) return JSON.stringify(v);
  const text = JSON.stringify(v, replacer);
  if (text === undefined) throw new StateError('STATE_INVALID', `state value of type ${typeof v} has no codec`);
  return text;
}

export function decodeStateValue(text: string): unknown {
  return JSON.parse(text, reviver);
}

/** Typed codec of one state table's values. */
export interface Codec<V> {
  encode(v: V): string;
  decode(text: string): V;
}

/** The codec for any engine value (rows, accumulators, numbers). */
export const anyCodec: Codec<unknown> = { encode: encodeStateValue, decode: decodeStateValue };

export function valueCodec<V>(): Codec<V> {
  return anyCodec as Codec<V>;
}

// ---- keys ------------------------------------------------------------------------------------------

/** One key element, prefix-free: a tuple's text is the concatenation of its elements' texts. */
export function encodeKeyPart(v: unknown): string {
  switch (typeof v) {
    case 'number':
      return v === 0 ? 'd0;' : `d${String(v)};`;
    case 'string':
      return `s${v.length}:${v}`;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'bigint':
      return `b${v.toString()};`;
    case 'object': {
      if (v === null) return 'N';
      if (Array.isArray(v)) {
        // ARRAY: its length, then its elements (each prefix-free, so the whole is).
        let t = `A${v.length}:`;
        for (let i = 0; i < v.length; i++) t += encodeKeyPart(v[i]);
        return t;
      }
      if (v instanceof Map) {
        // MAP: its entries ordered by their text, so equal maps built in another order share a key.
        const entries: string[] = [];
        for (const [k, x] of v as Map<unknown, unknown>) entries.push(encodeKeyPart(k) + encodeKeyPart(x));
        entries.sort();
        return `M${entries.length}:${entries.join('')}`;
      }
      const kind = kindOf(v);
      if (kind) {
        const text = kind.toText(v);
        return `x${kind.tag.length}:${kind.tag}${text.length}:${text}`;
      }
      throw new StateError('STATE_INVALID', `a key element of class ${(v as { constructor?: { name?: string } }).constructor?.name ?? '?'} has no codec`);
    }
    default:
      throw new StateError('STATE_INVALID', `a key element of type ${typeof v} has no codec`);
  }
}

export function encodeKey(values: readonly unknown[]): string {
  let s = '';
  for (let i = 0; i < values.length; i++) s += encodeKeyPart(values[i]);
  return s;
}

/** The tuple back from `encodeKey` text. */
export function decodeKey(text: string): unknown[] {
  const out: unknown[] = [];
  const at = { i: 0 };
  while (at.i < text.length) out.push(decodeKeyPart(text, at));
  return out;
}

function decodeKeyPart(text: string, at: { i: number }): unknown {
  const upTo = (ch: string): string => {
    const j = text.indexOf(ch, at.i);
    if (j < 0) throw new StateError('STATE_INVALID', `malformed state key '${text}'`);
    const s = text.slice(at.i, j);
    at.i = j + 1;
    return s;
  };
  const tag = text[at.i++];
  switch (tag) {
    case 'N':
      return null;
    case 'T':
    case 'F':
      return tag === 'T';
    case 'd':
      return Number(upTo(';'));
    case 'b':
      return BigInt(upTo(';'));
    case 's': {
      const n = Number(upTo(':'));
      const s = text.slice(at.i, at.i + n);
      at.i += n;
      return s;
    }
    case 'A': {
      const n = Number(upTo(':'));
      const a = new Array<unknown>(n);
      for (let k = 0; k < n; k++) a[k] = decodeKeyPart(text, at);
      return a;
    }
    case 'M': {
      const n = Number(upTo(':'));
      const m = new Map<unknown, unknown>();
      for (let k = 0; k < n; k++) {
        const key = decodeKeyPart(text, at);
        m.set(key, decodeKeyPart(text, at));
      }
      return m;
    }
    case 'x': {
      const tn = Number(upTo(':'));
      const kind = kindByTag.get(text.slice(at.i, at.i + tn));
      at.i += tn;
      const n = Number(upTo(':'));
      const body = text.slice(at.i, at.i + n);
      at.i += n;
      if (!kind) throw new StateError('STATE_INVALID', `state key has an unknown value kind`);
      return kind.fromText(body);
    }
    default:
      throw new StateError('STATE_INVALID', `malformed state key '${text}'`);
  }
}
