/**
 * The input log of pushed events (websocket, HTTP, INSERT, `engine.push`): append-only segment files in
 * a directory next to the state file (`<state>.input.d/`), written on the engine's thread.
 *
 * Why not the state file: an event is acknowledged to its producer only once it is durable, and a
 * checkpoint of 100k changed keys is a transaction of several hundred milliseconds, committed on a
 * worker thread (state/store-client.ts); SQLite has one writer per file. Why not SQLite at all (versions
 * 1–3 were a SQLite file of their own, `<state>.input`): an append of a 16 KB batch cost 43–67 µs of CPU
 * there (B-tree pages, WAL frames, and folding the WAL back after each commit) against 12 µs for one
 * write(2) of the same bytes. Here an append is one positional write(2) of one record.
 *
 * What the checkpoint needs from it is unchanged: the state file commits each source's input offset
 * with the state and the output in one transaction; on restart the engine re-reads this log after that
 * offset. After the commit, `trim` marks entries at or below the committed offset gone; a crash between
 * the two only leaves entries that the next restart skips. Offsets never go back: at open they continue
 * after the larger of this log's last offset and the state file's committed one.
 *
 * Stored form (version 4, INPUT_LOG_VERSION). Segment files `<first seq, 16 digits>.seg`, where a
 * record's seq counts every record ever written to the log; a segment is rolled (a new file started)
 * once it holds SEGMENT_BYTES. A segment starts with a 32-byte header: magic `TQINPUT\n`, u32 version,
 * u32 application id (the state file's), f64 first seq, u32 CRC32 of the 24 bytes before it, 4 zero
 * bytes. Then records, each: u32 body length, u32 CRC32 of the body, and the body: u8 kind, u8 0,
 * u16 source name bytes, f64 offset, the source name (UTF-8), the payload. Kinds:
 *   1 TEXT    a pushed batch's JSON text (or a watermark move, source-runtime.ts), payload UTF-8
 *   2 BINARY  a pushed batch's decoded rows in binary form (input-batch.ts), payload as is
 *   3 MARK    the source's offsets continue after `offset` (`continueAfter`; and at the start of each
 *             new segment, one per source, so that deleting older segments never takes a last offset away)
 *   4 TRIM    the source's entries at or below `offset` are gone (written after a committed checkpoint)
 *   5 DROP    the source's earlier records are dead and its offsets start over (DROP SOURCE)
 * A later entry with an offset at or below the source's newest one replaces the entries from that offset
 * on (`adopt`, and an interrupted migration done again).
 *
 * Durability: an append is one write(2) into the page cache, so it survives kill -9 once it returned.
 * With `synchronous: 'FULL'` (the state file's option, docs/state.md) it is also fdatasync-ed before it
 * returns, and so survives power loss. A segment is fdatasync-ed before the next one is created, so only
 * the last segment can end in a torn record (a write cut by kill -9, a short write on a full disk, a power
 * loss under NORMAL). At open, the last segment is cut back to its last complete record when nothing
 * complete follows the first bad one; a bad record anywhere else, or one followed by a complete record,
 * is damage, not a torn write, and the open refuses it (STATE_CORRUPT), leaving the files untouched.
 *
 * Disk full: an append that cannot be written fails with STATE_IO and writes nothing (the partial record
 * is cut off again, and the next write goes where it began); nothing acknowledged is touched. A trim that
 * fails (its TRIM record, or a segment deletion) is retried at the next commit (durability.ts).
 *
 * Trimming deletes whole segments only, oldest first, while every entry in them is at or below its
 * source's trimmed offset or belongs to a dropped source (a dropped source's records in a shared segment
 * are simply dead); the active segment is rolled when it is fully trimmed and at least ROLL_TRIMMED_BYTES.
 *
 * Locking: the log is opened only by the engine that holds the state file, whose lock is EXCLUSIVE
 * (state/open.ts) — a second engine stops there, before it reaches this directory.
 *
 * Migration: a SQLite input log of versions 1–3 (`<state>.input`, input-log-legacy.ts) found at open has
 * its entries and last offsets appended here as records (same offsets), made durable, and then the file
 * is removed. Done again after a crash in between, the same entries replace themselves.
 */
import { closeSync, existsSync, fdatasyncSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { StateError } from './errors.js';
import { LegacyInputLog } from './input-log-legacy.js';
import { APPLICATION_ID } from './schema.js';
import type { CatalogEntry, StoredInput } from './types.js';

/** One entry of the log: a pushed batch as JSON text or in binary form (input-batch.ts), or a watermark move (text). */
export interface InputEntry {
  readonly offset: number;
  readonly entry: string | Buffer;
}

/** What `adoptInput` reads from the state file (StateStore, or StoreClient on the commit thread). */
export interface InputLogOwner {
  listCatalog(): CatalogEntry[];
  inputSources(): string[];
  lastInputOffset(source: string): number;
  readInput(source: string, fromOffset: number, limit: number): StoredInput[];
  trimInput(source: string, throughOffset: number): number;
  offset(source: string): number | string | undefined;
}

/** The stored form this build writes: segment files (versions 1–3 were a SQLite file, input-log-legacy.ts). */
export const INPUT_LOG_VERSION = 4;
/** A segment is rolled once it holds this many bytes. */
export const SEGMENT_BYTES = 16 * 1024 * 1024;
/** A fully trimmed active segment is rolled (and so deleted) once it holds this many bytes. */
export const ROLL_TRIMMED_BYTES = 1024 * 1024;

const MAGIC = Buffer.from('TQINPUT\n', 'latin1');
const SEGMENT_HEADER = 32;
const RECORD_HEADER = 8;
const BODY_FIXED = 12;
/** Larger than any batch `limits.input_log_bytes` lets through; a length above it is damage. */
const MAX_BODY = 0x7fff_fff0;
const MAX_SOURCE_BYTES = 0xffff;
/** The largest record buffer kept between appends. */
const SCRATCH_KEPT = 4 * 1024 * 1024;

const Kind = { Text: 1, Binary: 2, Mark: 3, Trim: 4, Drop: 5 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const SEGMENT_NAME = /^(\d{16})\.seg$/;

/** CRC32 (IEEE): node's zlib.crc32 (Node ≥ 20.15), else a table. */
export const crc32: (data: Uint8Array, value?: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (zlib as unknown as { crc32: (data: Uint8Array, value?: number) => number }).crc32
    : tableCrc32;

let TABLE: Int32Array | undefined;
export function tableCrc32(data: Uint8Array, value = 0): number {
  if (TABLE === undefined) {
    TABLE = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      TABLE[n] = c;
    }
  }
  let c = ~value;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

export interface InputLogOptions {
  /** 'FULL': every append (and segment roll, trim deletion) is fdatasync-ed before it returns. */
  readonly synchronous?: 'NORMAL' | 'FULL';
  /** A SQLite input log of versions 1–3 whose entries move here at open (then it is removed). */
  readonly legacy?: string;
}

/** The input log's directory for a state file. */
export function inputLogPath(statePath: string): string {
  return `${statePath}.input.d`;
}

/** Where versions 1–3 kept the input log (a SQLite file), moved into the directory at open. */
export function legacyInputLogPath(statePath: string): string {
  return `${statePath}.input`;
}

interface Segment {
  readonly first: number;
  readonly file: string;
  /** Per source: the newest entry it holds (dead sources removed). */
  readonly members: Map<string, number>;
  size: number;
  records: number;
}

/** A source's live entries, in offset order: where each payload is. */
interface SourceIndex {
  off: number[];
  seg: Segment[];
  pos: number[];
  len: number[];
  kind: Kind[];
  head: number;
}

function ioError(path: string, err: unknown): StateError {
  if (err instanceof StateError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOSPC' || e?.code === 'EDQUOT') {
    return new StateError('STATE_IO', `input log ${path}: the disk is full; nothing was written (${e.message})`, { cause: err });
  }
  return new StateError('STATE_IO', `input log ${path}: I/O error (${String(e?.code ?? '')}: ${String(e?.message ?? err)})`, { cause: err });
}

function corrupt(file: string, detail: string): StateError {
  return new StateError(
    'STATE_CORRUPT',
    `input log segment ${file} is damaged (${detail}). It was left untouched: move the state file and its input log ` +
      'away to start with empty state, or restore them from a backup.',
  );
}

function writeAll(fd: number, buf: Buffer, length: number, position: number): void {
  for (let done = 0; done < length; ) {
    const n = writeSync(fd, buf, done, length - done, position + done);
    if (n <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
    done += n;
  }
}

export class InputLog {
  private readonly full: boolean;
  private readonly segments: Segment[] = [];
  private fd = -1;
  private nextSeq = 1;
  private readonly last = new Map<string, number>();
  private readonly trimmed = new Map<string, number>();
  private readonly index = new Map<string, SourceIndex>();
  private readonly names = new Map<string, Buffer>();
  private scratch = Buffer.allocUnsafeSlow(64 * 1024);
  private closed = false;

  constructor(readonly path: string, opts: InputLogOptions = {}) {
    this.full = opts.synchronous === 'FULL';
    // The old form is checked first: a newer or foreign file stops the open before anything is written.
    const legacy = opts.legacy === undefined ? null : LegacyInputLog.open(opts.legacy);
    try {
      if (existsSync(path) && !statSync(path).isDirectory()) {
        throw new StateError('STATE_FOREIGN', `${path} is not a tumbleql input log (not a directory); move it away`);
      }
      try {
        mkdirSync(path, { recursive: true });
      } catch (err) {
        throw ioError(path, err);
      }
      const names = readdirSync(path).filter((n) => SEGMENT_NAME.test(n)).sort();
      for (let i = 0; i < names.length; i++) this.load(names[i]!, i === names.length - 1);
      const active = this.segments[this.segments.length - 1];
      if (active === undefined || active.size >= SEGMENT_BYTES) this.roll();
      else {
        try {
          this.fd = openSync(active.file, 'r+');
        } catch (err) {
          throw ioError(path, err);
        }
      }
      if (legacy !== null) this.migrate(legacy);
    } catch (err) {
      legacy?.close();
      if (this.fd >= 0) closeSync(this.fd);
      this.closed = true;
      throw err;
    }
  }

  /** Appends one pushed batch (JSON text or binary form); durable against process death when it returns. */
  append(source: string, entry: string | Buffer): number {
    this.live();
    const off = (this.last.get(source) ?? 0) + 1;
    this.write(typeof entry === 'string' ? Kind.Text : Kind.Binary, source, off, entry);
    return off;
  }

  /** Takes over an entry under its existing offset (entries an older version kept elsewhere). */
  adopt(source: string, off: number, entry: string | Buffer): void {
    this.live();
    this.write(typeof entry === 'string' ? Kind.Text : Kind.Binary, source, off, entry);
  }

  /** Entries with offset ≥ from, in offset order. */
  read(source: string, from: number, limit: number): InputEntry[] {
    this.live();
    const idx = this.index.get(source);
    if (idx === undefined) return [];
    let lo = idx.head;
    let hi = idx.off.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (idx.off[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    const out: InputEntry[] = [];
    const fds = new Map<Segment, number>();
    const active = this.segments[this.segments.length - 1];
    try {
      for (let i = lo; i < idx.off.length && out.length < limit; i++) {
        const seg = idx.seg[i]!;
        let fd = seg === active ? this.fd : fds.get(seg);
        if (fd === undefined) fds.set(seg, (fd = openSync(seg.file, 'r')));
        const buf = Buffer.allocUnsafeSlow(idx.len[i]!);
        if (readSync(fd, buf, 0, buf.length, idx.pos[i]!) !== buf.length) throw corrupt(seg.file, `entry at byte ${idx.pos[i]} is cut short`);
        out.push({ offset: idx.off[i]!, entry: idx.kind[i] === Kind.Text ? buf.toString('utf8') : buf });
      }
    } catch (err) {
      throw err instanceof StateError ? err : ioError(this.path, err);
    } finally {
      for (const fd of fds.values()) closeSync(fd);
    }
    return out;
  }

  lastOffset(source: string): number {
    return this.last.get(source) ?? 0;
  }

  /** Offsets of `source` continue after `offset` (the state file's committed one, when it is ahead). */
  continueAfter(source: string, offset: number): void {
    if (offset <= this.lastOffset(source)) return;
    this.write(Kind.Mark, source, offset, null);
  }

  /** Entries at or below a committed offset are gone; whole segments that hold nothing else are deleted. */
  trim(source: string, throughOffset: number): void {
    if (this.closed) return;
    // Never past the newest offset: an entry appended later must not be taken for a trimmed one.
    const through = Math.min(throughOffset, this.lastOffset(source));
    if (through > (this.trimmed.get(source) ?? 0)) this.write(Kind.Trim, source, through, null);
    this.collect();
  }

  /** Forgets a source (DROP SOURCE, or entries no catalog source owns); its offsets start over. */
  drop(source: string): void {
    this.live();
    this.write(Kind.Drop, source, 0, null);
  }

  /** Sources that have entries or an offset counter here. */
  sources(): string[] {
    return [...this.last.keys()];
  }

  /** Segment files, oldest first (for tests and inspection). */
  segmentFiles(): string[] {
    return this.segments.map((s) => s.file);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    this.fd = -1;
  }

  private live(): void {
    if (this.closed) throw new StateError('STATE_CLOSED', `input log ${this.path} is closed`);
  }

  // ---- writing ------------------------------------------------------------------------------------

  private nameBytes(source: string): Buffer {
    let b = this.names.get(source);
    if (b === undefined) {
      b = Buffer.from(source, 'utf8');
      if (b.length > MAX_SOURCE_BYTES) throw new StateError('STATE_INVALID', `input log: source name of ${b.length} bytes is too long`);
      this.names.set(source, b);
    }
    return b;
  }

  /** Encodes one record into `into` at `at`; returns its length. */
  private encode(into: Buffer, at: number, kind: Kind, source: Buffer, off: number, payload: string | Buffer | null): number {
    const body = at + RECORD_HEADER;
    into[body] = kind;
    into[body + 1] = 0;
    into.writeUInt16LE(source.length, body + 2);
    into.writeDoubleLE(off, body + 4);
    source.copy(into, body + BODY_FIXED);
    let end = body + BODY_FIXED + source.length;
    if (typeof payload === 'string') end += into.write(payload, end, 'utf8');
    else if (payload !== null) end += payload.copy(into, end);
    into.writeUInt32LE(end - body, at);
    into.writeUInt32LE(crc32(into.subarray(body, end)), at + 4);
    return end - at;
  }

  private maxLength(source: Buffer, payload: string | Buffer | null): number {
    // A long text is measured: its worst case (3 bytes a UTF-16 unit) would make the buffer 3× too large.
    const p = payload === null ? 0 : typeof payload === 'string' ? (payload.length > SCRATCH_KEPT >>> 2 ? Buffer.byteLength(payload) : payload.length * 3) : payload.length;
    return RECORD_HEADER + BODY_FIXED + source.length + p;
  }

  /** Writes one record at the end of the active segment and applies it; nothing of it stays on a failure. */
  private write(kind: Kind, source: string, off: number, payload: string | Buffer | null): void {
    const name = this.nameBytes(source);
    if (this.segments[this.segments.length - 1]!.size >= SEGMENT_BYTES) this.roll();
    const seg = this.segments[this.segments.length - 1]!;
    const need = this.maxLength(name, payload);
    if (need - RECORD_HEADER > MAX_BODY) throw new StateError('STATE_INVALID', `input log: a record of ${need} bytes is too large`);
    // One buffer, reused; a record larger than SCRATCH_KEPT gets one of its own (not kept).
    if (need > this.scratch.length && need <= SCRATCH_KEPT) this.scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_KEPT, Math.max(need, 2 * this.scratch.length)));
    const buf = need <= this.scratch.length ? this.scratch : Buffer.allocUnsafeSlow(need);
    const length = this.encode(buf, 0, kind, name, off, payload);
    const at = seg.size;
    try {
      writeAll(this.fd, buf, length, at);
      if (this.full) fdatasyncSync(this.fd);
    } catch (err) {
      try {
        ftruncateSync(this.fd, at);
      } catch {
        // The next write starts at `at` all the same; what is past a later end is a torn tail the open cuts off.
      }
      throw ioError(this.path, err);
    }
    seg.size = at + length;
    seg.records++;
    this.nextSeq++;
    const payloadAt = at + RECORD_HEADER + BODY_FIXED + name.length;
    this.apply(seg, kind, source, off, payloadAt, length - (payloadAt - at));
  }

  /**
   * Starts a new segment: the current one is made durable first (so that only the last segment can be
   * torn), then the new one is written with its header and a MARK per source. On a failure the new file
   * is removed and the current one stays active.
   */
  private roll(): void {
    const first = this.nextSeq;
    const file = join(this.path, `${String(first).padStart(16, '0')}.seg`);
    const marks = [...this.last];
    let size = SEGMENT_HEADER;
    for (const [s] of marks) size += this.maxLength(this.nameBytes(s), null);
    const buf = Buffer.alloc(size);
    MAGIC.copy(buf, 0);
    buf.writeUInt32LE(INPUT_LOG_VERSION, 8);
    buf.writeUInt32LE(APPLICATION_ID, 12);
    buf.writeDoubleLE(first, 16);
    buf.writeUInt32LE(crc32(buf.subarray(0, 24)), 24);
    let at = SEGMENT_HEADER;
    for (const [s, off] of marks) at += this.encode(buf, at, Kind.Mark, this.nameBytes(s), off, null);
    let fd = -1;
    try {
      if (this.fd >= 0) fdatasyncSync(this.fd);
      fd = openSync(file, 'w+');
      writeAll(fd, buf, at, 0);
      if (this.full) {
        fdatasyncSync(fd);
        this.syncDir();
      }
    } catch (err) {
      if (fd >= 0) {
        closeSync(fd);
        try {
          unlinkSync(file);
        } catch {
          // A file shorter than its header, or with a torn MARK, is cut back at the next open.
        }
      }
      throw ioError(this.path, err);
    }
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = fd;
    this.segments.push({ first, file, members: new Map(), size: at, records: marks.length });
    this.nextSeq = first + marks.length;
  }

  private syncDir(): void {
    const dfd = openSync(this.path, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }

  /** Deletes the oldest segments while they hold only trimmed or dead entries (the active one rolled first). */
  private collect(): void {
    const segs = this.segments;
    let n = 0;
    while (n < segs.length - 1 && this.dead(segs[n]!)) n++;
    if (n === segs.length - 1 && segs[n]!.size >= ROLL_TRIMMED_BYTES && this.dead(segs[n]!)) {
      this.roll();
      n++;
    }
    if (n === 0) return;
    let deleted = 0;
    try {
      for (; deleted < n; deleted++) unlinkSync(segs[deleted]!.file);
      if (this.full) this.syncDir();
    } catch (err) {
      throw ioError(this.path, err);
    } finally {
      segs.splice(0, deleted);
    }
  }

  private dead(seg: Segment): boolean {
    for (const [s, newest] of seg.members) if (newest > (this.trimmed.get(s) ?? 0)) return false;
    return true;
  }

  /** What a record means, whether just written or read at open. */
  private apply(seg: Segment, kind: Kind, source: string, off: number, pos: number, len: number): void {
    switch (kind) {
      case Kind.Text:
      case Kind.Binary: {
        if (off > (this.last.get(source) ?? 0)) this.last.set(source, off);
        if (off <= (this.trimmed.get(source) ?? 0)) return;
        if ((seg.members.get(source) ?? 0) < off) seg.members.set(source, off);
        let idx = this.index.get(source);
        if (idx === undefined) this.index.set(source, (idx = { off: [], seg: [], pos: [], len: [], kind: [], head: 0 }));
        // An offset at or below the newest entry replaces the entries from it on.
        while (idx.off.length > idx.head && idx.off[idx.off.length - 1]! >= off) {
          idx.off.pop();
          idx.seg.pop();
          idx.pos.pop();
          idx.len.pop();
          idx.kind.pop();
        }
        idx.off.push(off);
        idx.seg.push(seg);
        idx.pos.push(pos);
        idx.len.push(len);
        idx.kind.push(kind);
        return;
      }
      case Kind.Mark:
        if (off > (this.last.get(source) ?? 0)) this.last.set(source, off);
        return;
      case Kind.Trim: {
        if (off <= (this.trimmed.get(source) ?? 0)) return;
        this.trimmed.set(source, off);
        const idx = this.index.get(source);
        if (idx === undefined) return;
        while (idx.head < idx.off.length && idx.off[idx.head]! <= off) idx.head++;
        if (idx.head === idx.off.length) this.index.delete(source);
        else if (idx.head > 1024 && idx.head * 2 > idx.off.length) {
          for (const k of ['off', 'seg', 'pos', 'len', 'kind'] as const) (idx[k] as unknown[]).splice(0, idx.head);
          idx.head = 0;
        }
        return;
      }
      case Kind.Drop:
        this.last.delete(source);
        this.trimmed.delete(source);
        this.index.delete(source);
        for (const s of this.segments) s.members.delete(source);
        return;
    }
  }

  // ---- opening --------------------------------------------------------------------------------------

  /** Length of the valid record at `p` (its body), or -1. */
  private static recordAt(buf: Buffer, p: number): number {
    if (p + RECORD_HEADER + BODY_FIXED > buf.length) return -1;
    const len = buf.readUInt32LE(p);
    if (len < BODY_FIXED || len > MAX_BODY || p + RECORD_HEADER + len > buf.length) return -1;
    const body = p + RECORD_HEADER;
    const kind = buf[body]!;
    if (kind < Kind.Text || kind > Kind.Drop || buf[body + 1] !== 0) return -1;
    if (BODY_FIXED + buf.readUInt16LE(body + 2) > len) return -1;
    if (crc32(buf.subarray(body, body + len)) !== buf.readUInt32LE(p + 4)) return -1;
    return len;
  }

  private load(name: string, isLast: boolean): void {
    const file = join(this.path, name);
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch (err) {
      throw ioError(this.path, err);
    }
    if (buf.length < SEGMENT_HEADER && isLast) {
      // Its creation was cut short (the header and MARKs are one write): the segment before it is the last.
      try {
        unlinkSync(file);
      } catch (err) {
        throw ioError(this.path, err);
      }
      return;
    }
    if (buf.length < SEGMENT_HEADER) throw corrupt(file, `${buf.length} bytes, shorter than its header`);
    if (!buf.subarray(0, 8).equals(MAGIC)) {
      throw new StateError('STATE_FOREIGN', `${file} is not a tumbleql input log segment; move it away`);
    }
    const version = buf.readUInt32LE(8);
    if (version > INPUT_LOG_VERSION) {
      throw new StateError(
        'STATE_NEWER_VERSION',
        `input log ${file} has version ${version}, but this tumbleql understands versions up to ${INPUT_LOG_VERSION}. ` +
          'It was left untouched: run a newer tumbleql, or move it away (with its state file) to start fresh.',
      );
    }
    if (crc32(buf.subarray(0, 24)) !== buf.readUInt32LE(24)) throw corrupt(file, 'its header fails its checksum');
    if (buf.readUInt32LE(12) !== APPLICATION_ID) {
      throw new StateError('STATE_FOREIGN', `${file} is not a tumbleql input log segment (application id ${buf.readUInt32LE(12)}); move it away`);
    }
    const first = buf.readDoubleLE(16);
    if (`${String(first).padStart(16, '0')}.seg` !== name) throw corrupt(file, `its header says its first record is ${first}`);
    if (first < this.nextSeq) throw corrupt(file, `it starts at record ${first}, before the end of the segment before it (${this.nextSeq})`);
    const seg: Segment = { first, file, members: new Map(), size: SEGMENT_HEADER, records: 0 };
    this.segments.push(seg);
    let p = SEGMENT_HEADER;
    while (p < buf.length) {
      const len = InputLog.recordAt(buf, p);
      if (len < 0) {
        if (!isLast) throw corrupt(file, `the record at byte ${p} fails its check`);
        const next = InputLog.nextRecord(buf, p + 1);
        if (next >= 0) throw corrupt(file, `the record at byte ${p} fails its check, and a complete record follows at byte ${next}`);
        // A torn tail: what a write cut short left. Cut back to the last complete record.
        try {
          const fd = openSync(file, 'r+');
          try {
            ftruncateSync(fd, p);
            fdatasyncSync(fd);
          } finally {
            closeSync(fd);
          }
        } catch (err) {
          throw ioError(this.path, err);
        }
        break;
      }
      const body = p + RECORD_HEADER;
      const kind = buf[body]! as Kind;
      const srcLen = buf.readUInt16LE(body + 2);
      const off = buf.readDoubleLE(body + 4);
      const source = buf.toString('utf8', body + BODY_FIXED, body + BODY_FIXED + srcLen);
      const payloadAt = body + BODY_FIXED + srcLen;
      this.apply(seg, kind, source, off, payloadAt, body + len - payloadAt);
      seg.records++;
      p = body + len;
    }
    seg.size = p;
    this.nextSeq = first + seg.records;
  }

  /** The first position at or after `from` where a complete, valid record starts; -1 if none. */
  private static nextRecord(buf: Buffer, from: number): number {
    for (let q = from; q + RECORD_HEADER + BODY_FIXED <= buf.length; q++) {
      const k = buf[q + RECORD_HEADER]!;
      if (k < Kind.Text || k > Kind.Drop || buf[q + RECORD_HEADER + 1] !== 0) continue;
      if (InputLog.recordAt(buf, q) >= 0) return q;
    }
    return -1;
  }

  /** Moves a SQLite input log's entries and offsets here, makes them durable, then removes the file. */
  private migrate(legacy: LegacyInputLog): void {
    for (const [source, off] of legacy.lastOffsets()) this.continueAfter(source, off);
    for (const e of legacy.entries()) this.adopt(e.source, e.off, e.entry);
    try {
      fdatasyncSync(this.fd);
      this.syncDir();
    } catch (err) {
      throw ioError(this.path, err);
    }
    legacy.remove();
  }
}

/**
 * Lines the input log up with the state file at open: entries an older version kept in the state file
 * move here (same offsets); entries of sources the catalog no longer has, or that never got a committed
 * offset, are dropped (they belong to no live source); offsets continue after the committed ones.
 */
export function adoptInput(store: InputLogOwner, input: InputLog): void {
  const sources = new Set(store.listCatalog().filter((e) => e.kind === 'source').map((e) => e.name));
  for (const name of store.inputSources()) {
    const last = store.lastInputOffset(name);
    if (sources.has(name)) {
      for (let from = 1; ; ) {
        const page = store.readInput(name, from, 10_000);
        for (const r of page) input.adopt(name, r.offset, r.rowJson);
        if (page.length < 10_000) break;
        from = page[page.length - 1]!.offset + 1;
      }
      input.continueAfter(name, last);
    }
    if (last > 0) store.trimInput(name, last);
  }
  for (const name of input.sources()) {
    const off = store.offset(name);
    if (!sources.has(name) || off === undefined) input.drop(name);
    else if (typeof off === 'number') input.continueAfter(name, off);
  }
}
