/**
 * The codec of keyed-state entries stored as a tuple with a creation order `ord`: decoding (a restore)
 * reports each `ord` it reads, so the operator continues numbering after the largest one and entries
 * created after a restore still sort after those restored.
 */
import { anyCodec, type Codec } from '../state/value-codec.js';

export function ordCodec<T extends { readonly ord: number }>(
  toTuple: (v: T) => unknown[],
  fromTuple: (t: unknown[]) => T,
  seen: (ord: number) => void,
): Codec<T> {
  return {
    encode: (v) => anyCodec.encode(toTuple(v)),
    decode: (text) => {
      const v = fromTuple(anyCodec.decode(text) as unknown[]);
      seen(v.ord);
      return v;
    },
  };
}
