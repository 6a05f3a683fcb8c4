/**
 * Bad messages from other producers, read from a real stream: each becomes a reject record located by
 * stream, subject, sequence and array element, and the good rows of the same message still count.
 */
import { describe, expect, it } from 'vitest';
import { ensureStream, partitionOf } from '../../src/executor/connectors/nats/index.js';
import { useNatsServer } from './server-fixture.js';
import { readSplit, tableOptions } from './fixture.js';

const nats = useNatsServer();

/** A key that the partitioning rule puts in partition `p` of 12. */
function keyIn(p: number, not: number[] = []): number {
  for (let k = 0; ; k++) if (partitionOf(k, 12) === p && !not.includes(k)) return k;
}

describe('nats rejects', () => {
  it('reports each bad message of a json table with stream, subject and sequence, and keeps the good rows', async () => {
    const options = tableOptions([nats.server.url], { stream: 'BAD', subject: 'bad' });
    await ensureStream(nats.clients.jsm, options);
    const p = 3;
    const k = keyIn(p);
    const other = keyIn(4);
    const payloads: (string | Uint8Array)[] = [
      JSON.stringify({ k, v: 1.5, ts: 1000 }), // seq 1: good
      '{"k": 1, "v": ', // 2: not JSON
      '42', // 3: not an object
      JSON.stringify([{ k, v: 2, ts: 2000 }, 'oops', { k, v: 'x', ts: 3000 }, { k, v: 3, ts: 4000 }]), // 4: elements 1, 2 bad
      JSON.stringify({ k: other, v: 1, ts: 5000 }), // 5: belongs to partition 4
      JSON.stringify({ k, v: 1 }), // 6: no event time
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), // 7: not UTF-8
      JSON.stringify({ k: String(k), v: '6.5', ts: '1970-01-01T00:00:06Z' }), // 8: good, values as text
    ];
    for (const payload of payloads) await nats.clients.js.publish(`bad.${p}`, payload);

    const { rows, rejects } = await readSplit(nats.clients, options, p);
    expect(rows.map((r) => r.row)).toEqual([[k, 1.5, 1000], [k, 2, 2000], [k, 3, 4000], [k, 6.5, 6000]]);
    const where = rejects.map((r) => [r.stream, r.subject, r.seq, r.index, r.reason]);
    expect(where).toEqual([
      ['BAD', 'bad.3', 2, null, 'bad_json'],
      ['BAD', 'bad.3', 3, null, 'bad_shape'],
      ['BAD', 'bad.3', 4, 1, 'bad_shape'],
      ['BAD', 'bad.3', 4, 2, 'bad_row'],
      ['BAD', 'bad.3', 5, null, 'misrouted'],
      ['BAD', 'bad.3', 6, null, 'bad_row'],
      ['BAD', 'bad.3', 7, null, 'bad_utf8'],
    ]);
    expect(rejects[0]!.message).toMatch(/^payload is not JSON: /);
    expect(rejects[0]!.payload).toBe('{"k": 1, "v": ');
    expect(rejects[1]!.message).toBe('expected a row object or an array of row objects, got number 42');
    expect(rejects[2]!.message).toBe('expected a row object, got string "oops"');
    expect(rejects[3]!.message).toBe(`column 'v': expected DOUBLE, got string "x"`);
    expect(rejects[4]!.message).toBe(`k = ${other} belongs to partition 4, not 3`);
    expect(rejects[5]!.message).toBe(`missing event-time column 'ts'`);
  });

  it('reports a changelog message without a valid op or row', async () => {
    const options = tableOptions([nats.server.url], { stream: 'BADCL', subject: 'badcl', partitions: null, partition_key: null, format: 'changelog-json' });
    await ensureStream(nats.clients.jsm, options);
    const payloads = [
      JSON.stringify({ op: '+U', row: { k: 1, v: 1, ts: 1 } }),
      JSON.stringify({ op: 'UPSERT', row: { k: 1, v: 1, ts: 1 } }),
      JSON.stringify({ row: { k: 1, v: 1, ts: 1 } }),
      JSON.stringify({ op: '-D', row: [1, 2, 3] }),
      JSON.stringify([{ op: '-U', row: { k: 2, v: 1, ts: 2 } }, { k: 2, v: 2, ts: 2 }]),
    ];
    for (const payload of payloads) await nats.clients.js.publish('badcl', payload);
    const { rows, rejects } = await readSplit(nats.clients, options, 0);
    expect(rows.map((r) => [r.op, r.row])).toEqual([['+U', [1, 1, 1]], ['-U', [2, 1, 2]]]);
    expect(rejects.map((r) => [r.seq, r.index, r.reason, r.message])).toEqual([
      [2, null, 'bad_op', '"op" must be one of "+I", "-U", "+U", "-D", got "UPSERT"'],
      [3, null, 'bad_op', '"op" must be one of "+I", "-U", "+U", "-D", got nothing'],
      [4, null, 'bad_shape', '"row" must be an object, got an array'],
      [5, 1, 'bad_op', '"op" must be one of "+I", "-U", "+U", "-D", got nothing'],
    ]);
  });
});
