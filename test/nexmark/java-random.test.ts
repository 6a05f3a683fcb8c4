import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JavaRandom } from '../../src/executor/sources/java-random.js';
import { absReverse32 } from '../../src/executor/sources/nexmark-strings.js';

// Expected values printed by java.util.Random on OpenJDK 17.
describe('JavaRandom', () => {
  it('reproduces java.util.Random for seed 42', () => {
    const r = new JavaRandom(42);
    expect(r.nextInt()).toBe(-1170105035);
    expect(r.nextIntBounded(10)).toBe(3);
    expect(r.nextIntBounded(1000)).toBe(248);
    expect(r.nextDouble()).toBe(0.047939305137387644);
    expect(r.nextLong()).toBe(-1068554554583376509n);
    expect(r.nextIntBounded(16)).toBe(11);
  });

  it('reproduces java.util.Random for seed 0', () => {
    expect(new JavaRandom(0).nextInt()).toBe(-1155484576);
    expect(new JavaRandom(0).nextDouble()).toBe(0.730967787376657);
  });

  it('uses only the low 48 bits of a seed, as Java does', () => {
    const a = new JavaRandom(12345);
    const b = new JavaRandom(12345 + 2 ** 48);
    for (let i = 0; i < 5; i++) expect(b.nextInt()).toBe(a.nextInt());
  });

  it('keeps nextIntBounded within [0, bound) and nextDouble within [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed, bound) => {
        const r = new JavaRandom(seed);
        const v = r.nextIntBounded(bound);
        const d = r.nextDouble();
        return Number.isInteger(v) && v >= 0 && v < bound && d >= 0 && d < 1;
      }),
    );
  });

  it('computes Math.abs(Integer.reverse(i)) with Java int semantics', () => {
    expect(absReverse32(0)).toBe(0);
    expect(absReverse32(1)).toBe(-2147483648); // abs(MIN_VALUE) stays MIN_VALUE in Java
    expect(absReverse32(2)).toBe(1073741824);
    expect(absReverse32(3)).toBe(1073741824); // reverse(3) = 0xC0000000 → -1073741824 → abs
    const reversedBits = (9999).toString(2).padStart(32, '0').split('').reverse().join('');
    expect(absReverse32(9999)).toBe(Math.abs(parseInt(reversedBits, 2) | 0));
  });
});
