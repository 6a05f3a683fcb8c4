// Order-independent digest of a case's result rows, so the engine, the hand-written loops and DuckDB
// can be compared without sorting millions of rows.
//
//   canonical(row) = normalized values (see the kinds in ../cases.mjs) joined by U+001F
//   h1, h2         = two independent 32-bit string hashes of canonical(row), each finalized (fmix32)
//   digest         = { rows: count, hash: hex(Σ h1 mod 2^32) + hex(Σ h2 mod 2^32) }
// A sum (not XOR) so duplicates count: it is a multiset digest. Two different result multisets collide
// with probability ~2^-64 per comparison unless their row counts already differ.
import { getCase } from '../cases.mjs';

const SEP = '\u001f';

function intText(v) {
  if (typeof v === 'bigint') return v.toString();
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new TypeError(`expected an integer, got ${String(v)}`);
  return String(Math.round(n)); // -0 → "0"
}

function tsText(v) {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return String(v.getTime());
  if (typeof v === 'string') {
    const n = /^-?\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (Number.isNaN(n)) throw new TypeError(`expected a timestamp, got '${v}'`);
    return String(n);
  }
  throw new TypeError(`expected a timestamp, got ${String(v)}`);
}

/** One normalizer per kind; null is SQL NULL for every kind. */
const NORMALIZE = {
  int: intText,
  ts: tsText,
  // price * 0.908 has 3 decimals; scaled by 1000 it is an integer, so float noise cannot matter. A bigint
  // is the engine's run-time DECIMAL(p, 3) (src/functions/decimal.ts): already the value × 1000.
  dec3: (v) => (typeof v === 'bigint' ? v.toString() : String(Math.round((typeof v === 'number' ? v : Number(v)) * 1000))),
  str: (v) => String(v),
};

function normalizers(caseName) {
  return getCase(caseName).columns.map(([name, kind]) => {
    const f = NORMALIZE[kind];
    if (f === undefined) throw new Error(`case ${caseName}: column ${name} has unknown kind ${kind}`);
    return f;
  });
}

function fmix32(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The canonical text of one result row (arrays in the case's column order). */
export function canonicalRow(norm, row) {
  let s = '';
  for (let i = 0; i < norm.length; i++) {
    const v = row[i];
    if (i > 0) s += SEP;
    s += v === null || v === undefined ? '\u0000NULL' : norm[i](v);
  }
  return s;
}

/**
 * Incremental digest: `add(row)` for each result row (an array in the case's column order),
 * `result()` at the end. Rows may come in any order and batches.
 */
export function createDigest(caseName) {
  const norm = normalizers(caseName);
  let rows = 0;
  let s1 = 0;
  let s2 = 0;
  // sign −1 takes a row back out (a changelog's -U / -D): the digest of a folded changelog is the digest
  // of its final table, as long as every retraction names a row that was added (sums, not XOR).
  const hashText = (text, sign) => {
    let h1 = 0x811c9dc5; // FNV-1a
    let h2 = 0x9747b28c; // multiply-xorshift with a different constant
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 + c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    s1 = (s1 + sign * fmix32(h1 ^ text.length)) >>> 0;
    s2 = (s2 + sign * fmix32(h2 ^ 0x27d4eb2f)) >>> 0; // per-row value only: order cannot matter
    rows += sign;
  };
  const addText = (text) => hashText(text, 1);
  return {
    add(row) {
      addText(canonicalRow(norm, row));
    },
    /** Takes a row back out: the retraction (-U, -D) of a row added before. */
    remove(row) {
      hashText(canonicalRow(norm, row), -1);
    },
    /** A changelog row: +I / +U add it, -U / -D take it back out (null or undefined op: +I). */
    apply(row, op) {
      hashText(canonicalRow(norm, row), op === '-U' || op === '-D' ? -1 : 1);
    },
    /** A row already in canonical text (e.g. built by DuckDB SQL, see duckdb.mjs canonicalSql). */
    addText,
    result() {
      return { rows, hash: s1.toString(16).padStart(8, '0') + s2.toString(16).padStart(8, '0') };
    },
  };
}

/** Digest of a whole result. */
export function digestRows(caseName, rows) {
  const d = createDigest(caseName);
  for (const r of rows) d.add(r);
  return d.result();
}

/** True when both digests describe the same multiset of rows. */
export function digestEquals(a, b) {
  return a.rows === b.rows && a.hash === b.hash;
}

/** Sorted canonical rows: for small results and for diagnosing a digest mismatch. */
export function canonicalRows(caseName, rows) {
  const norm = normalizers(caseName);
  return rows.map((r) => canonicalRow(norm, r)).sort();
}
