/**
 * The source's hot path without a server: which split is read next (watermark alignment) and the key
 * hash that every row read or written goes through.
 */
import { describe, expect, it } from 'vitest';
import { nextSplit } from '../../src/executor/connectors/nats/connector.js';
import { KEY_GROUPS, keyGroupOf, murmur3 } from '../../src/executor/connectors/nats/index.js';

const splits = (...wms: number[]) => wms.map((wm) => ({ wm }));
const has = (...counts: number[]) => (i: number) => counts[i]!;

describe('nextSplit', () => {
  it('reads the split furthest behind in event time among those with messages', () => {
    expect(nextSplit(splits(500, 100, 300), has(5, 5, 5), [0, 0, 0])).toBe(1);
    // The one furthest behind has nothing received: the next one behind is read meanwhile.
    expect(nextSplit(splits(500, 100, 300), has(5, 0, 5), [0, 0, 0])).toBe(2);
  });

  it('reads splits at the same watermark (or without one) round-robin', () => {
    const wms = splits(-Infinity, -Infinity, -Infinity);
    const last = [0, 0, 0];
    const order: number[] = [];
    for (let turn = 1; turn <= 6; turn++) {
      const i = nextSplit(wms, has(1, 1, 1), last);
      order.push(i);
      last[i] = turn;
    }
    expect(order).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('returns -1 when no split has a message', () => {
    expect(nextSplit(splits(1, 2), has(0, 0), [0, 0])).toBe(-1);
    expect(nextSplit([], has(), [])).toBe(-1);
  });
});

describe('keyGroupOf', () => {
  it('hashes the UTF-8 bytes of the canonical text, for ASCII, non-ASCII and long keys alike', () => {
    const reference = (text: string) => murmur3(new TextEncoder().encode(text)) % KEY_GROUPS;
    const keys = ['', 'a', 'abcd', 'abcde', 'zürich', '東京', '😀 smile', 'é'.repeat(300), 'x'.repeat(100_000), 'y'.repeat(257)];
    for (const k of keys) expect([k.slice(0, 20), keyGroupOf(k)]).toEqual([k.slice(0, 20), reference(k)]);
    // Interleaved: the scratch buffer of one key never leaks into the next.
    expect(keyGroupOf('ab')).toBe(reference('ab'));
    expect(keyGroupOf(42)).toBe(reference('42'));
    expect(keyGroupOf(-7)).toBe(reference('-7'));
  });
});
