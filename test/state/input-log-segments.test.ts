/**
 * The input log's segment files (state/input-log.ts, version 4): a torn tail is cut back at open and never
 * misread, damage elsewhere is refused, trimming deletes whole segments only, a dropped source's records
 * become dead, offsets never go back, and a version 3 SQLite log moves over at open.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputLog, ROLL_TRIMMED_BYTES, SEGMENT_BYTES, crc32, inputLogPath, legacyInputLogPath, tableCrc32 } from '../../src/executor/state/input-log.js';
import { StateError } from '../../src/executor/state/errors.js';
import { statePathPerTest } from '../executor/helpers.js';
import { mountTmpfs, unmountTmpfs } from '../security/tmpfs.js';
import { writeLegacyInputLog } from './legacy-input-log.js';
import { tempDir } from './helpers.js';

const statePath = statePathPerTest();

const segments = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.seg')).sort();
const only = (dir: string): string => {
  const s = segments(dir);
  expect(s).toHaveLength(1);
  return join(dir, s[0]!);
};
const entry = (i: number): string => JSON.stringify([{ k: i, pad: 'p'.repeat(i % 50) }]);
const offsets = (log: InputLog, source = 's'): number[] => log.read(source, 0, 1_000_000).map((e) => e.offset);
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (err) {
    return err instanceof StateError ? err.code : String(err);
  }
  return undefined;
};

describe('a torn tail', () => {
  it('is cut back to the last complete record at open: a record cut short, or zeros after it', () => {
    const dir = inputLogPath(statePath());
    const a = new InputLog(dir);
    for (let i = 1; i <= 3; i++) a.append('s', entry(i));
    a.close();
    const file = only(dir);
    const full = statSync(file).size;
    const third = Buffer.byteLength(entry(3)) + 8 + 12 + 1;
    truncateSync(file, full - 5); // the third record's write cut short
    const b = new InputLog(dir);
    expect(b.read('s', 0, 10)).toEqual([
      { offset: 1, entry: entry(1) },
      { offset: 2, entry: entry(2) },
    ]);
    expect(statSync(file).size).toBe(full - third);
    expect(b.append('s', entry(9))).toBe(3); // the torn record was never acknowledged: its offset is given again
    const kept = statSync(file).size;
    b.close();
    // A power loss under NORMAL: the file grew, its last pages never written (zeros).
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.alloc(9000)]));
    const c = new InputLog(dir);
    expect(c.read('s', 0, 10).map((e) => e.entry)).toEqual([entry(1), entry(2), entry(9)]);
    expect(statSync(file).size).toBe(kept);
    c.close();
  });

  it('whose last bytes are damaged (the checksum fails) is cut back too, when nothing complete follows', () => {
    const dir = inputLogPath(statePath());
    const a = new InputLog(dir);
    for (let i = 1; i <= 3; i++) a.append('s', entry(i));
    a.close();
    const file = only(dir);
    const bytes = readFileSync(file);
    bytes[bytes.length - 2]! ^= 0xff; // inside the last record's payload
    writeFileSync(file, bytes);
    const b = new InputLog(dir);
    expect(offsets(b)).toEqual([1, 2]);
    b.close();
  });
});

describe('damage that is not a torn tail', () => {
  it('is refused (STATE_CORRUPT) and left untouched: a record whose checksum fails, followed by complete ones', () => {
    const dir = inputLogPath(statePath());
    const a = new InputLog(dir);
    for (let i = 1; i <= 3; i++) a.append('s', entry(i));
    a.close();
    const file = only(dir);
    const bytes = readFileSync(file);
    bytes[32 + 8 + 12 + 1 + 3]! ^= 0x01; // a payload byte of the first entry (after the segment header)
    writeFileSync(file, bytes);
    expect(codeOf(() => new InputLog(dir))).toBe('STATE_CORRUPT');
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('is refused in a segment that is not the last, even at its end', () => {
    const dir = inputLogPath(statePath());
    const a = new InputLog(dir);
    const big = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 20; i++) a.append('s', big); // 20 MiB: a second segment
    a.close();
    const [first] = segments(dir);
    expect(segments(dir).length).toBeGreaterThan(1);
    const file = join(dir, first!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1]! ^= 0xff;
    writeFileSync(file, bytes);
    expect(codeOf(() => new InputLog(dir))).toBe('STATE_CORRUPT');
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a foreign file in place of a segment is STATE_FOREIGN', () => {
    const dir = inputLogPath(statePath());
    new InputLog(dir).close();
    writeFileSync(join(dir, segments(dir)[0]!), Buffer.alloc(100, 0x41));
    expect(codeOf(() => new InputLog(dir))).toBe('STATE_FOREIGN');
  });
});

describe('trimming', () => {
  it('deletes whole segments only, oldest first, and keeps the entries after the trimmed offset', () => {
    const dir = inputLogPath(statePath());
    const a = new InputLog(dir);
    const big = (i: number) => `${i}:${'y'.repeat(1024 * 1024)}`;
    for (let i = 1; i <= 40; i++) a.append('s', big(i)); // 40 MiB: three segments
    const files = a.segmentFiles();
    expect(files).toHaveLength(3);
    const perSegment = Math.ceil(SEGMENT_BYTES / (1024 * 1024 + 40));
    a.trim('s', perSegment - 1); // not all of the first segment
    expect(a.segmentFiles()).toEqual(files);
    a.trim('s', perSegment + 3); // all of the first, part of the second
    expect(a.segmentFiles()).toEqual(files.slice(1));
    expect(existsSync(files[0]!)).toBe(false);
    expect(offsets(a)[0]).toBe(perSegment + 4);
    a.close();
    // After a restart the trimmed entries of the segment that stays are not read back either.
    const b = new InputLog(dir);
    expect(offsets(b)).toEqual(Array.from({ length: 40 - perSegment - 3 }, (_, k) => perSegment + 4 + k));
    expect(b.read('s', 40, 1)[0]!.entry).toBe(big(40));
    b.close();
  });

  it("keeps a segment while another source's entry in it is not trimmed; a dropped source's entries do not", () => {
    const dir = inputLogPath(statePath());
    const a = new InputLog(dir);
    a.append('t', '[1]');
    a.append('u', '[1]');
    const big = 'z'.repeat(1024 * 1024);
    for (let i = 0; i < 21; i++) a.append('s', big);
    const files = a.segmentFiles();
    expect(files).toHaveLength(2);
    a.trim('s', 20);
    a.trim('u', 1);
    expect(a.segmentFiles()).toEqual(files); // t's entry holds the first segment
    a.drop('t');
    a.trim('s', 20); // the next commit's trim
    expect(a.segmentFiles()).toEqual(files.slice(1));
    a.close();
    const b = new InputLog(dir);
    expect(b.sources().sort()).toEqual(['s', 'u']);
    expect(b.append('t', '[2]')).toBe(1); // its offsets start over
    expect(b.append('u', '[2]')).toBe(2); // u's last offset outlived the segment of its entry
    expect(b.append('s', '[2]')).toBe(22);
    b.close();
  });

  it('rolls the active segment once it is fully trimmed (and large enough), and offsets still continue', () => {
    const dir = inputLogPath(statePath());
    const a = new InputLog(dir);
    const e = 'w'.repeat(64 * 1024);
    const n = Math.ceil(ROLL_TRIMMED_BYTES / e.length) + 1;
    for (let i = 0; i < n; i++) a.append('s', e);
    const [before] = a.segmentFiles();
    a.trim('s', n);
    expect(a.segmentFiles()).toHaveLength(1);
    expect(a.segmentFiles()[0]).not.toBe(before);
    expect(existsSync(before!)).toBe(false);
    expect(statSync(a.segmentFiles()[0]!).size).toBeLessThan(1024);
    a.close();
    const b = new InputLog(dir);
    expect(b.read('s', 0, 10)).toEqual([]);
    expect(b.append('s', '[]')).toBe(n + 1);
    b.close();
  });

  it('a dropped source is not read back after a restart, and a new one of that name starts at 1', () => {
    const dir = inputLogPath(statePath());
    const a = new InputLog(dir);
    a.append('s', '[1]');
    a.append('s', '[2]');
    a.drop('s');
    expect(a.append('s', '[new]')).toBe(1);
    a.close();
    const b = new InputLog(dir);
    expect(b.read('s', 0, 10)).toEqual([{ offset: 1, entry: '[new]' }]);
    b.close();
  });
});

describe('entries', () => {
  it('read back in the form appended (text or binary), also across a restart, and continueAfter moves offsets on', () => {
    const dir = inputLogPath(statePath());
    const a = new InputLog(dir);
    const bin = Buffer.from([0, 1, 2, 255, 7]);
    a.append('s', 'é"\u0000\n');
    a.append('s', bin);
    a.continueAfter('s', 10);
    a.continueAfter('s', 4); // never back
    expect(a.append('s', '[x]')).toBe(11);
    a.close();
    const b = new InputLog(dir);
    const got = b.read('s', 0, 10);
    expect(got.map((e) => e.offset)).toEqual([1, 2, 11]);
    expect(got[0]!.entry).toBe('é"\u0000\n');
    expect(Buffer.isBuffer(got[1]!.entry) && (got[1]!.entry as Buffer).equals(bin)).toBe(true);
    expect(b.read('s', 2, 1).map((e) => e.offset)).toEqual([2]);
    b.close();
  });

  it('are framed with CRC32 (IEEE): the table fallback gives what zlib gives', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog');
    expect(tableCrc32(data)).toBe(0x414fa339);
    expect(crc32(data)).toBe(0x414fa339);
    const big = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 31) & 0xff));
    expect(tableCrc32(big.subarray(100), tableCrc32(big.subarray(0, 100)))).toBe(crc32(big));
  });
});

describe('a version 3 SQLite input log', () => {
  it('moves into segments at open (entries, binary form, last offsets), and the SQLite file is removed', () => {
    const path = statePath();
    const bin = Buffer.from([9, 8, 7]);
    writeLegacyInputLog(legacyInputLogPath(path), {
      version: 3,
      entries: [
        { source: 's', off: 5, entry: '[5]' },
        { source: 's', off: 6, entry: bin },
        { source: 't', off: 2, entry: '[t2]' },
      ],
      lastOffsets: { s: 4, t: 2, u: 30 }, // u: every entry trimmed, only its last offset is left
    });
    const log = new InputLog(inputLogPath(path), { legacy: legacyInputLogPath(path) });
    expect(existsSync(legacyInputLogPath(path))).toBe(false);
    expect(log.read('s', 0, 10)).toEqual([
      { offset: 5, entry: '[5]' },
      { offset: 6, entry: bin },
    ]);
    expect(log.read('t', 0, 10)).toEqual([{ offset: 2, entry: '[t2]' }]);
    expect([log.append('s', '[7]'), log.append('t', '[3]'), log.append('u', '[31]')]).toEqual([7, 3, 31]);
    log.close();
  });

  it('moved again after a crash before the file was removed: the same entries, once', () => {
    const path = statePath();
    const legacy = { version: 3 as const, entries: [1, 2, 3].map((off) => ({ source: 's', off, entry: `[${off}]` })) };
    writeLegacyInputLog(legacyInputLogPath(path), legacy);
    new InputLog(inputLogPath(path), { legacy: legacyInputLogPath(path) }).close();
    writeLegacyInputLog(legacyInputLogPath(path), legacy); // as if the removal never happened
    const log = new InputLog(inputLogPath(path), { legacy: legacyInputLogPath(path) });
    expect(log.read('s', 0, 10).map((e) => e.entry)).toEqual(['[1]', '[2]', '[3]']);
    expect(log.append('s', '[4]')).toBe(4);
    log.close();
  });
});

describe('a full disk', () => {
  it('fails an append with STATE_IO and leaves nothing of it; acknowledged entries stay, appends go on once there is room', (ctx) => {
    const disk = join(tempDir(), 'disk');
    mkdirSync(disk);
    if (!mountTmpfs(disk, '1m')) ctx.skip();
    try {
      const filler = join(disk, 'filler');
      writeFileSync(filler, Buffer.alloc(200_000));
      const dir = join(disk, 'state.db.input.d');
      const a = new InputLog(dir);
      const e = (i: number) => `${i}:${'f'.repeat(30_000)}`;
      let acked = 0;
      let failure: unknown;
      for (let i = 1; i <= 100 && failure === undefined; i++) {
        try {
          expect(a.append('s', e(i))).toBe(i);
          acked = i;
        } catch (err) {
          failure = err;
        }
      }
      expect(acked).toBeGreaterThan(10);
      expect(failure).toBeInstanceOf(StateError);
      expect((failure as StateError).code).toBe('STATE_IO');
      expect((failure as StateError).message).toContain('disk is full');
      const file = a.segmentFiles()[0]!;
      const size = statSync(file).size;
      expect(() => a.append('s', e(acked + 1))).toThrow(/disk is full/);
      expect(statSync(file).size).toBe(size); // the failed record was cut off again
      a.close();
      const b = new InputLog(dir);
      expect(b.read('s', 0, 1000).map((x) => x.entry)).toEqual(Array.from({ length: acked }, (_, k) => e(k + 1)));
      rmSync(filler); // room again
      expect(b.append('s', e(acked + 1))).toBe(acked + 1);
      b.close();
      const c = new InputLog(dir);
      expect(offsets(c)).toEqual(Array.from({ length: acked + 1 }, (_, k) => k + 1));
      c.close();
    } finally {
      unmountTmpfs(disk);
    }
  });
});
