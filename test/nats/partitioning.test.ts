/**
 * The partitioning rule of docs/nats.md, pinned: other producers compute partitions with it, so any
 * change to these vectors breaks their data.
 */
import { describe, expect, it } from 'vitest';
import {
  KEY_GROUPS, canonicalKeyText, keyGroupOf, keyGroupsOfPartition, keyGroupsOfWorker, murmur3, parseWorkerSlot,
  partitionOf, partitionOfKeyGroup, partitionsOfWorker, workerOfPartition,
} from '../../src/executor/connectors/nats/index.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('murmur3', () => {
  it('matches the reference MurmurHash3_x86_32 vectors', () => {
    const vectors: [string, number, number][] = [
      ['', 0, 0x00000000],
      ['', 1, 0x514e28b7],
      ['', 0xffffffff, 0x81f16f39],
      ['test', 0, 0xba6bd213],
      ['abc', 0, 0xb3dd93fa],
      ['hello', 0, 0x248bfa47],
      ['aaaa', 0x9747b28c, 0x5a97808a],
      ['Hello, world!', 0x9747b28c, 0x24884cba],
      ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
    ];
    for (const [text, seed, hash] of vectors) expect([text, murmur3(utf8(text), seed)]).toEqual([text, hash]);
  });
});

describe('partitionOf', () => {
  // [value, canonical text, murmur3 of it, key group, partition of 12, partition of 4]; docs/nats.md lists these.
  const vectors: [unknown, string | null, number | null, number, number, number][] = [
    [0, '0', 0xd271c07f, 127, 11, 3],
    [1, '1', 0x9416ac93, 19, 1, 0],
    [42, '42', 0xbc58a436, 54, 5, 1],
    [-7, '-7', 0x725e4494, 20, 1, 0],
    [9007199254740991, '9007199254740991', 0x64fc5365, 101, 9, 3],
    [1700000000000, '1700000000000', 0x38dc0e32, 50, 4, 1],
    [5.0, '5', 0x531a35e4, 100, 9, 3],
    [0.1, '0.1', 0xffd753fc, 124, 11, 3],
    [-0, '0', 0xd271c07f, 127, 11, 3],
    ['alice', 'alice', 0x4c518edd, 93, 8, 2],
    ['', '', 0x00000000, 0, 0, 0],
    ['ünïcode', 'ünïcode', 0xafae8a5c, 92, 8, 2],
    ['42', '42', 0xbc58a436, 54, 5, 1],
    [true, 'true', 0x34edcf72, 114, 10, 3],
    [false, 'false', 0xd5619e17, 23, 2, 0],
    [null, null, null, 0, 0, 0],
    [NaN, 'NaN', 0xf66c65ec, 108, 10, 3],
    [Infinity, 'Infinity', 0xe46be187, 7, 0, 0],
  ];

  it('hashes the canonical text of a key with murmur3 into 128 key groups and maps them onto partitions', () => {
    for (const [value, text, hash, group, p12, p4] of vectors) {
      const h = text === null ? null : murmur3(utf8(text));
      expect([value, canonicalKeyText(value), h, keyGroupOf(value), partitionOf(value, 12), partitionOf(value, 4)]).toEqual([
        value, text, hash, group, p12, p4,
      ]);
      if (h !== null) expect(group).toBe(h % KEY_GROUPS);
    }
  });

  it('puts a BIGINT, a TIMESTAMP in epoch ms and an integral DOUBLE of the same number in one partition', () => {
    expect(partitionOf(1700000000000, 12)).toBe(partitionOf('1700000000000', 12));
    expect(partitionOf(5, 7)).toBe(partitionOf(5.0, 7));
    expect(canonicalKeyText(1e21)).toBe('1000000000000000000000');
    expect(canonicalKeyText(1.5e-7)).toBe('1.5e-7');
  });

  it('refuses keys that are not scalars and partition counts outside 1..128', () => {
    expect(() => keyGroupOf({ a: 1 })).toThrow(/must be a scalar value, got an object/);
    expect(() => partitionOf(1, 0)).toThrow(/partitions must be a whole number from 1 to 128, got 0/);
    expect(() => partitionOf(1, 129)).toThrow(/got 129/);
  });

  it('spreads keys evenly enough over partitions', () => {
    const counts = new Array<number>(12).fill(0);
    for (let k = 0; k < 12_000; k++) counts[partitionOf(k, 12)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});

describe('key groups, partitions and workers', () => {
  it('makes each partition a contiguous range of key groups that together cover all 128 once', () => {
    for (const partitions of [1, 2, 3, 5, 12, 64, 100, 128]) {
      let next = 0;
      for (let p = 0; p < partitions; p++) {
        const { first, end } = keyGroupsOfPartition(p, partitions);
        expect(first).toBe(next);
        expect(end).toBeGreaterThan(first);
        for (let g = first; g < end; g++) expect(partitionOfKeyGroup(g, partitions)).toBe(p);
        next = end;
      }
      expect(next).toBe(KEY_GROUPS);
    }
  });

  it('splits partitions into contiguous ranges per worker, every partition owned once', () => {
    expect(partitionsOfWorker({ index: 0, count: 2 }, 12)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(partitionsOfWorker({ index: 1, count: 2 }, 12)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(partitionsOfWorker({ index: 2, count: 3 }, 12)).toEqual([8, 9, 10, 11]);
    expect(partitionsOfWorker({ index: 1, count: 5 }, 12)).toEqual([3, 4]);
    for (const count of [1, 2, 3, 5, 12]) {
      const owned = Array.from({ length: count }, (_, index) => keyGroupsOfWorker({ index, count }, 12)).flat();
      expect(owned).toEqual(Array.from({ length: KEY_GROUPS }, (_, g) => g));
    }
    expect(workerOfPartition(7, 12, 3)).toBe(1);
    expect(() => partitionsOfWorker({ index: 0, count: 13 }, 12)).toThrow(/workers must be a whole number from 1 to the partition count \(12\), got 13/);
  });

  it('reads --worker i/N and says what is wrong with a bad one', () => {
    expect(parseWorkerSlot('1/3')).toEqual({ index: 1, count: 3 });
    expect(parseWorkerSlot(' 0 / 2 ')).toEqual({ index: 0, count: 2 });
    expect(() => parseWorkerSlot('2/2')).toThrow("worker index must be below the worker count (0..1), got '2/2'");
    expect(() => parseWorkerSlot('0/0')).toThrow("worker count must be at least 1, got '0/0'");
    expect(() => parseWorkerSlot('first')).toThrow("worker must be written i/N (e.g. 0/2), got 'first'");
  });
});
