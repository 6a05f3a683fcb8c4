/**
 * The output log in blocks of rows (state/output-block.ts, schema version 2): every seq stays
 * addressable, ops survive, retention trims to the exact row inside a block, a v1 file's per-row log
 * is migrated, and a block whose parts disagree is refused, never misread.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/executor/state/schema.js';
import { StateError, StateStore, type OutputBlock } from '../../src/executor/state/index.js';
import { BLOCK_ROWS, blocksOf, splitBlock } from '../../src/executor/state/output-block.js';
import { removeDir, tempDir } from './helpers.js';

let dir: string;
let clock: number;
const HOUR = 3_600_000;
beforeEach(() => {
  dir = tempDir();
  clock = 1_700_000_000_000;
});
afterEach(() => removeDir(dir));

const OPS = ['+I', '-U', '+U', '-D'];
const opOf = (seq: number): string => OPS[seq % 4]!;

function block(view: string, firstSeq: number, n: number, withOps: boolean): OutputBlock {
  const rows = Array.from({ length: n }, (_, i) => JSON.stringify({ seq: firstSeq + i, s: `é${firstSeq + i}` }));
  const ops = withOps ? Array.from({ length: n }, (_, i) => opOf(firstSeq + i)) : null;
  return blocksOf(view, firstSeq, rows, ops, 0, n, true)[0]!;
}

describe('the output log in blocks', () => {
  it('reads from any seq, inside or across blocks, with each row and op as written', () => {
    const store = StateStore.open(join(dir, 's.db'), { now: () => clock });
    store.commit({ outputBlocks: [block('v', 1, 10, true), block('v', 11, 5, false)] });
    store.commit({ outputRuns: [{ view: 'v', firstSeq: 16, ops: ['+I', '-D'], rowsJson: ['{"seq":16}', '{\n"seq": 17\n}'] }] });
    expect(store.readOutputJson('v', 7, 6).map((r) => [r.seq, r.op])).toEqual([[7, opOf(7)], [8, opOf(8)], [9, opOf(9)], [10, opOf(10)], [11, '+I'], [12, '+I']]);
    expect(store.readOutput('v', 4, 1)).toEqual([{ seq: 4, op: opOf(4), row: { seq: 4, s: 'é4' } }]);
    // A newline between tokens is whitespace: stored as a space, the same JSON value.
    expect(store.readOutput('v', 16, 100)).toEqual([{ seq: 16, op: '+I', row: { seq: 16 } }, { seq: 17, op: '-D', row: { seq: 17 } }]);
    expect(store.readOutput('v', 18, 100)).toEqual([]);
    expect(store.firstSeq('v')).toBe(1);
    store.close();
  });

  it('trims to the exact row inside a block, keeping the rest of its rows and ops', () => {
    const store = StateStore.open(join(dir, 's.db'), { retention: { maxRows: 5, maxAgeMs: HOUR }, now: () => clock });
    store.commit({ outputBlocks: [block('v', 1, 12, true)] });
    clock += 2 * HOUR;
    store.commit({ outputBlocks: [block('v', 13, 3, true)] }); // last seq 15: rows ≤ 10 go, 11 and 12 stay
    expect(store.firstSeq('v')).toBe(11);
    expect(store.readOutputJson('v', 0, 100).map((r) => [r.seq, r.op, JSON.parse(r.rowJson).seq])).toEqual(
      [11, 12, 13, 14, 15].map((s) => [s, opOf(s), s]),
    );
    store.close();
  });

  it('splits a run into blocks of BLOCK_ROWS rows, seqs contiguous', () => {
    const rows = Array.from({ length: BLOCK_ROWS * 2 + 3 }, (_, i) => `{"i":${i}}`);
    const blocks = blocksOf('v', 100, rows, null, 0, rows.length, true);
    expect(blocks.map((b) => [b.firstSeq, b.n, b.ops])).toEqual([[100, BLOCK_ROWS, null], [100 + BLOCK_ROWS, BLOCK_ROWS, null], [100 + 2 * BLOCK_ROWS, 3, null]]);
    expect(splitBlock('v', 100, BLOCK_ROWS, null, blocks[0]!.rows).rows).toEqual(rows.slice(0, BLOCK_ROWS));
  });

  it('refuses a commit whose block does not continue the view seqs', () => {
    const store = StateStore.open(join(dir, 's.db'));
    store.commit({ outputBlocks: [block('v', 1, 3, false)] });
    expect(() => store.commit({ outputBlocks: [block('v', 5, 1, false)] })).toThrow(/must be 4/);
    expect(store.nextSeq('v')).toBe(4);
    store.close();
  });

  it('migrates a version 1 file: each logged row becomes a block, ops and seqs kept', () => {
    const file = join(dir, 'v1.db');
    const db = new Database(file);
    db.exec(MIGRATIONS[0]!.sql);
    db.pragma('application_id = 0x54514C31');
    db.pragma('user_version = 1');
    db.prepare(`INSERT INTO tq_view (id, name, fingerprint, last_seq) VALUES (1, 'v', NULL, 3)`).run();
    const ins = db.prepare('INSERT INTO tq_output (view, seq, op, row, at) VALUES (1, ?, ?, ?, ?)');
    ins.run(1, '+I', '{"a":1}', clock);
    ins.run(2, '-U', '{"a":"é"}', clock);
    ins.run(3, '+U', '{"a":\n2}', clock);
    db.close();
    const store = StateStore.open(file);
    expect(store.readOutput('v', 0, 10)).toEqual([
      { seq: 1, op: '+I', row: { a: 1 } },
      { seq: 2, op: '-U', row: { a: 'é' } },
      { seq: 3, op: '+U', row: { a: 2 } },
    ]);
    expect(store.nextSeq('v')).toBe(4);
    store.commit({ outputRuns: [{ view: 'v', firstSeq: 4, ops: null, rowsJson: ['{"a":4}'] }] });
    expect(store.readOutput('v', 3, 10).map((r) => r.seq)).toEqual([3, 4]);
    store.close();
  });

  it('refuses at open a file whose block text changed behind its checksum (STATE_CORRUPT)', () => {
    const file = join(dir, 's.db');
    const store = StateStore.open(file);
    store.commit({ outputBlocks: [block('v', 1, 3, true)] });
    store.close();
    const db = new Database(file);
    db.prepare(`UPDATE tq_output_block SET rows = replace(rows, '"seq":2', '"seq":7')`).run();
    db.close();
    expect(() => StateStore.open(file)).toThrow(/fails its checksum/);
    // Without the open-time check, the read refuses the block instead of returning the altered row.
    const unchecked = StateStore.open(file, { verify: false });
    expect(() => unchecked.readOutput('v', 1, 10)).toThrow(/fails its checksum/);
    unchecked.close();
  });

  it('refuses a block whose rows disagree with its count (STATE_CORRUPT), never misreads it', () => {
    const file = join(dir, 's.db');
    const store = StateStore.open(file);
    store.commit({ outputBlocks: [block('v', 1, 3, false)] });
    store.close();
    const db = new Database(file);
    db.prepare('UPDATE tq_output_block SET n = 4, crc = NULL').run();
    db.close();
    const again = StateStore.open(file);
    let err: unknown;
    try {
      again.readOutput('v', 1, 10);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).code).toBe('STATE_CORRUPT');
    again.close();
  });
});
