/**
 * Where a row goes: its partition (a JetStream subject `<subject>.<p>`), its key group (the unit of
 * state) and the worker that owns it. Other producers must be able to compute the same partition, so the
 * rule is specified exactly in docs/nats.md and pinned by test vectors:
 *
 *   text      = canonical text of the partition_key value (canonicalKeyText below)
 *   h         = MurmurHash3 x86 32-bit, seed 0, of the UTF-8 bytes of text (an unsigned 32-bit integer)
 *   keyGroup  = h mod 128                                  (NULL: key group 0)
 *   partition = floor(keyGroup × partitions / 128)         (1 ≤ partitions ≤ 128)
 *   worker    = floor(partition × N / partitions)          (for `--worker i/N`, 1 ≤ N ≤ partitions)
 *
 * Key groups are fixed (128, Flink's "max parallelism") so that state keyed by key group stays valid when
 * the partition count or the worker count changes: a partition is a contiguous range of key groups and a
 * worker a contiguous range of partitions, so rescaling moves whole key groups, never splits one.
 */

/** The fixed number of key groups; also the largest partition count. */
export const KEY_GROUPS = 128;

/** MurmurHash3 x86 32-bit (Austin Appleby's reference `MurmurHash3_x86_32`) of bytes, unsigned. */
export function murmur3(bytes: Uint8Array, seed = 0): number {
  return murmur3Prefix(bytes, bytes.length, seed);
}

/** MurmurHash3 of the first `len` bytes (a scratch buffer holds a key's bytes without a new array). */
function murmur3Prefix(bytes: Uint8Array, len: number, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const blocks = len & ~3;
  let h = seed >>> 0;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  // The 1..3 trailing bytes, little-endian (the reference's fall-through switch, unrolled).
  const tail = len & 3;
  if (tail > 0) {
    let k = bytes[blocks]!;
    if (tail > 1) k |= bytes[blocks + 1]! << 8;
    if (tail > 2) k |= bytes[blocks + 2]! << 16;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The canonical text of a key value, as the engine holds it after decoding (so `42` and `"42"` sent for
 * a BIGINT column land in the same partition):
 *   VARCHAR                 the string itself
 *   INT, BIGINT, TIMESTAMP  decimal integer text, no exponent, no '+', -0 as "0" (TIMESTAMP: epoch ms)
 *   DOUBLE, DECIMAL         integral values as integers ("5", not "5.0"); others the shortest text that
 *                           reads back as the same double (ECMAScript Number::toString, e.g. "0.1",
 *                           "1.5e-7"); "NaN", "Infinity", "-Infinity"
 *   BOOLEAN                 "true" / "false"
 * Returns null for SQL NULL, which has no text: NULL keys go to key group 0.
 */
export function canonicalKeyText(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value === 0 ? 0 : value) : BigInt(value).toString();
      return String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return null;
    case 'object':
      if (value === null) return null;
      throw new TypeError(`a partition key must be a scalar value, got ${Array.isArray(value) ? 'an array' : 'an object'}`);
    default:
      throw new TypeError(`a partition key must be a scalar value, got ${typeof value}`);
  }
}

const utf8 = new TextEncoder();
/**
 * The UTF-8 bytes of the key being hashed: every row a source reads and every row a sink writes is
 * hashed, and a new array per key (TextEncoder.encode) cost more than the hash itself.
 */
let scratch = new Uint8Array(256);
const MAX_SCRATCH = 64 * 1024;

/** The key group (0..127) of a partition_key value. */
export function keyGroupOf(value: unknown): number {
  const text = canonicalKeyText(value);
  if (text === null) return 0;
  const n = text.length;
  // ASCII (every number, most strings): one byte per UTF-16 unit, copied without an encoder.
  let ascii = n <= scratch.length;
  for (let i = 0; ascii && i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) scratch[i] = c;
    else ascii = false;
  }
  if (ascii) return murmur3Prefix(scratch, n, 0) % KEY_GROUPS;
  // At most 3 bytes per UTF-16 unit (a surrogate pair is 2 units for 4 bytes); a huge key gets its own array.
  if (n * 3 > MAX_SCRATCH) return murmur3(utf8.encode(text)) % KEY_GROUPS;
  if (scratch.length < n * 3) scratch = new Uint8Array(n * 3);
  const { written } = utf8.encodeInto(text, scratch);
  return murmur3Prefix(scratch, written, 0) % KEY_GROUPS;
}

/** The partition (0..partitions-1) that holds a key group. */
export function partitionOfKeyGroup(keyGroup: number, partitions: number): number {
  checkPartitions(partitions);
  return Math.floor((keyGroup * partitions) / KEY_GROUPS);
}

/** The partition (0..partitions-1) of a partition_key value; see the header for the exact rule. */
export function partitionOf(value: unknown, partitions: number): number {
  return partitionOfKeyGroup(keyGroupOf(value), partitions);
}

/** The key groups of one partition: a contiguous range [first, end). */
export function keyGroupsOfPartition(partition: number, partitions: number): { first: number; end: number } {
  checkPartitions(partitions);
  if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
    throw new RangeError(`partition ${partition} is outside 0..${partitions - 1}`);
  }
  // The smallest g with floor(g × P / 128) ≥ p is ceil(p × 128 / P).
  return { first: Math.ceil((partition * KEY_GROUPS) / partitions), end: Math.ceil(((partition + 1) * KEY_GROUPS) / partitions) };
}

/** A worker's place among N: `--worker i/N`. */
export interface WorkerSlot {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/N` (0 ≤ i < N); the error says what was wrong. */
export function parseWorkerSlot(text: string): WorkerSlot {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`worker must be written i/N (e.g. 0/2), got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new Error(`worker count must be at least 1, got '${text}'`);
  if (index >= count) throw new Error(`worker index must be below the worker count (0..${count - 1}), got '${text}'`);
  return { index, count };
}

/** The worker (0..N-1) that reads a partition. */
export function workerOfPartition(partition: number, partitions: number, workers: number): number {
  checkWorkers(workers, partitions);
  return Math.floor((partition * workers) / partitions);
}

/** The partitions a worker reads: a contiguous range, non-empty since N ≤ partitions. */
export function partitionsOfWorker(slot: WorkerSlot, partitions: number): number[] {
  checkWorkers(slot.count, partitions);
  const out: number[] = [];
  for (let p = 0; p < partitions; p++) if (workerOfPartition(p, partitions, slot.count) === slot.index) out.push(p);
  return out;
}

/** The key groups a worker owns (those of its partitions), ascending. */
export function keyGroupsOfWorker(slot: WorkerSlot, partitions: number): number[] {
  const out: number[] = [];
  for (const p of partitionsOfWorker(slot, partitions)) {
    const { first, end } = keyGroupsOfPartition(p, partitions);
    for (let g = first; g < end; g++) out.push(g);
  }
  return out;
}

function checkPartitions(partitions: number): void {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > KEY_GROUPS) {
    throw new RangeError(`partitions must be a whole number from 1 to ${KEY_GROUPS}, got ${partitions}`);
  }
}

function checkWorkers(workers: number, partitions: number): void {
  checkPartitions(partitions);
  if (!Number.isInteger(workers) || workers < 1 || workers > partitions) {
    throw new RangeError(`workers must be a whole number from 1 to the partition count (${partitions}), got ${workers}`);
  }
}
