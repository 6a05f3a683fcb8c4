import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DROP_PREFIX } from '../../../src/executor/state/codec.js';
import { packEntries, unpackEntries } from '../../../src/executor/state/packed-entries.js';

describe('packed entries (a checkpoint crossing to the commit thread)', () => {
  it('unpack to the entries packed: any key and value text, deletes and dropped prefixes', () => {
    const value = fc.oneof(fc.string({ unit: 'binary' }), fc.constant(null), fc.constant(DROP_PREFIX));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ unit: 'binary' }), value)), fc.nat(), (entries, cut) => {
        const keys = entries.map((e) => e[0]);
        const values = entries.map((e) => e[1]);
        const from = entries.length === 0 ? 0 : cut % entries.length;
        const outKeys: string[] = ['kept'];
        const outValues: (string | null)[] = ['kept'];
        unpackEntries(packEntries('op', keys, values, from, entries.length), outKeys, outValues);
        expect(outKeys).toEqual(['kept', ...keys.slice(from)]);
        expect(outValues).toEqual(['kept', ...values.slice(from)]);
      }),
    );
  });
});
