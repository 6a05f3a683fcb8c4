/**
 * Checks of a state file's write-ahead log made before SQLite opens the file, because SQLite's own
 * recovery is silent: it takes a 0-byte main file for a new database and deletes the WAL beside it (all
 * committed checkpoints lost), and it reads WAL frames only up to the first one whose checksum fails,
 * dropping every commit after a flipped byte without a word. These checks only read; a refused file is
 * left byte-for-byte as it was.
 *
 * WAL layout (https://www.sqlite.org/fileformat2.html#walformat), all header integers big-endian:
 *   header (32 bytes): magic 0x377f0682|3, version 3007000, page size, checkpoint seq, salt-1, salt-2,
 *                      checksum-1, checksum-2 (over the first 24 bytes)
 *   frame  (24 + page size): page number, db size after commit (0 for non-commit frames), salt-1,
 *                      salt-2 (equal to the header's), checksum-1, checksum-2 (cumulative: over the
 *                      frame header's first 8 bytes and the page, seeded with the previous checksum)
 * The magic's low bit gives the byte order of the checksum words (1: big-endian).
 *
 * What is normal and accepted: frames after the last commit (a transaction cut short by kill -9), a
 * partial frame at the end, and stale frames of an earlier log generation (their salts differ: SQLite
 * rewrites the log from the start after a checkpoint). What is damage and refused: a bad header on a
 * WAL that holds frames, or a frame with the current salts whose checksum fails while the log goes on
 * past it (a later commit frame with the current salts): SQLite would silently roll those commits back.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

const WAL_HEADER = 32;
const FRAME_HEADER = 24;

/** What is wrong with the state file at `path` and its WAL, or null when SQLite may open it. */
export function walProblem(path: string): string | null {
  const wal = `${path}-wal`;
  if (!existsSync(wal)) return null;
  const walSize = statSync(wal).size;
  if (walSize === 0) return null;
  const mainSize = existsSync(path) ? statSync(path).size : -1;
  if (mainSize <= 0) {
    return (
      `${mainSize < 0 ? 'the state file is missing' : 'the state file is empty (0 bytes)'} but its write-ahead log ${wal} holds ` +
      `${walSize} bytes of committed state. Opening it would take it for a new database and delete the log. Both were left untouched: ` +
      `restore the main file from where it was moved or copied (a copy of a running engine's file must include ${wal}), ` +
      `or move ${wal} away to start fresh.`
    );
  }
  return scanWal(wal, walSize);
}

function scanWal(wal: string, size: number): string | null {
  if (size < WAL_HEADER) return null; // SQLite ignores a log shorter than its header: nothing was committed to it
  const fd = openSync(wal, 'r');
  try {
    const header = Buffer.alloc(WAL_HEADER);
    readSync(fd, header, 0, WAL_HEADER, 0);
    const magic = header.readUInt32BE(0);
    const pageSize = header.readUInt32BE(8);
    const validPage = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0;
    const hasFrames = validPage && size >= WAL_HEADER + FRAME_HEADER + pageSize;
    if ((magic & 0xfffffffe) !== 0x377f0682 || header.readUInt32BE(4) !== 3007000 || !validPage) {
      return damaged(wal, 'its header is not a SQLite WAL header', size > WAL_HEADER);
    }
    const bigEndian = (magic & 1) === 1;
    let [s0, s1] = checksum(header, 0, 24, bigEndian, 0, 0);
    if (s0 !== header.readUInt32BE(24) || s1 !== header.readUInt32BE(28)) return damaged(wal, 'its header checksum does not match', hasFrames);
    const salt1 = header.readUInt32BE(16);
    const salt2 = header.readUInt32BE(20);
    const frameSize = FRAME_HEADER + pageSize;
    const frame = Buffer.alloc(frameSize);
    const frames = Math.floor((size - WAL_HEADER) / frameSize);
    let commits = 0;
    for (let i = 0; i < frames; i++) {
      readSync(fd, frame, 0, frameSize, WAL_HEADER + i * frameSize);
      if (frame.readUInt32BE(8) !== salt1 || frame.readUInt32BE(12) !== salt2) return null; // stale frames of an earlier generation
      [s0, s1] = checksum(frame, 0, 8, bigEndian, s0, s1);
      [s0, s1] = checksum(frame, FRAME_HEADER, frameSize, bigEndian, s0, s1);
      if (s0 !== frame.readUInt32BE(16) || s1 !== frame.readUInt32BE(20)) {
        const lost = commitsAfter(fd, frame, i + 1, frames, frameSize, salt1, salt2);
        if (lost === 0) return null; // the tail of a transaction cut short: SQLite drops it, nothing committed is lost
        return damaged(
          wal,
          `frame ${i + 1} of ${frames} (page ${frame.readUInt32BE(0)}) fails its checksum after ${commits} good commits, ` +
            `and ${lost} committed transaction${lost === 1 ? '' : 's'} follow it that SQLite would silently roll back`,
          true,
        );
      }
      if (frame.readUInt32BE(4) !== 0) commits++;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Commit frames with the current salts from frame `from` on (the log continued past a bad frame). */
function commitsAfter(fd: number, frame: Buffer, from: number, frames: number, frameSize: number, salt1: number, salt2: number): number {
  let n = 0;
  for (let i = from; i < frames; i++) {
    readSync(fd, frame, 0, FRAME_HEADER, WAL_HEADER + i * frameSize);
    if (frame.readUInt32BE(8) !== salt1 || frame.readUInt32BE(12) !== salt2) break;
    if (frame.readUInt32BE(4) !== 0) n++;
  }
  return n;
}

function damaged(wal: string, what: string, matters: boolean): string | null {
  if (!matters) return null;
  return (
    `the write-ahead log ${wal} is damaged: ${what}. Opening it would discard those commits without a word, so the file and its log ` +
    `were left untouched. Restore both from a backup; or, to keep what comes before the damage and lose the rest, ` +
    `copy them aside and run \`sqlite3 <state file> "PRAGMA wal_checkpoint(TRUNCATE)"\` once, then start tumbleql again.`
  );
}

/** SQLite's WAL checksum over `buf[from, to)` (a multiple of 8 bytes), continuing from (s0, s1). */
function checksum(buf: Buffer, from: number, to: number, bigEndian: boolean, s0: number, s1: number): [number, number] {
  let a = s0 >>> 0;
  let b = s1 >>> 0;
  for (let i = from; i < to; i += 8) {
    const x0 = bigEndian ? buf.readUInt32BE(i) : buf.readUInt32LE(i);
    const x1 = bigEndian ? buf.readUInt32BE(i + 4) : buf.readUInt32LE(i + 4);
    a = (a + x0 + b) >>> 0;
    b = (b + x1 + a) >>> 0;
  }
  return [a, b];
}
