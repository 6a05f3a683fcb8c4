/**
 * The cases in ../shared/conformance (from Flink's and RisingWave's own window tests, with the rows
 * they assert) run through the real `tumbleql replay` command. Rows compare as a multiset; numbers
 * within 1e-6 relative (a DECIMAL "11.10" equals 11.1); timestamps as instants.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED, tumbleql } from '../helpers/cli.js';

const DIR = join(SHARED, 'conformance');

interface Case {
  id: string;
  no_flush: boolean;
  sql: string;
  inputs: Record<string, string>;
  expected: string;
  view: string;
}

interface OutRow {
  view: string;
  op: string;
  row: Record<string, unknown>;
}

const manifest: { cases: Case[] } = existsSync(join(DIR, 'manifest.json'))
  ? JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'))
  : { cases: [] };

function normalize(v: unknown): unknown {
  if (typeof v === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return Date.parse(v);
  }
  return v;
}

function same(a: unknown, b: unknown): boolean {
  const x = normalize(a);
  const y = normalize(b);
  if (typeof x === 'number' && typeof y === 'number') return x === y || Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y));
  return x === y;
}

function rowsEqual(a: OutRow, b: OutRow): boolean {
  if (a.view !== b.view || a.op !== b.op) return false;
  const ka = Object.keys(a.row).sort();
  const kb = Object.keys(b.row).sort();
  return ka.join(',') === kb.join(',') && ka.every((k) => same(a.row[k], b.row[k]));
}

/** Multiset comparison: every expected row matched exactly once; returns what is missing and extra. */
export function diffRows(actual: OutRow[], expected: OutRow[]): { missing: OutRow[]; extra: OutRow[] } {
  const left = [...actual];
  const missing: OutRow[] = [];
  for (const e of expected) {
    const i = left.findIndex((a) => rowsEqual(a, e));
    if (i >= 0) left.splice(i, 1);
    else missing.push(e);
  }
  return { missing, extra: left };
}

describe('conformance cases from Flink and RisingWave window tests', () => {
  it('finds the shared cases', () => {
    expect(manifest.cases.length).toBeGreaterThanOrEqual(6);
  });

  for (const c of manifest.cases) {
    it(`${c.id} gives the rows the original test asserts`, () => {
      const args = ['replay', join(DIR, c.sql), ...Object.entries(c.inputs).flatMap(([s, f]) => ['--input', `${s}=${join(DIR, f)}`])];
      if (c.no_flush) args.push('--no-flush');
      const r = tumbleql(args);
      expect(r.stderr).not.toMatch(/error\[/);
      expect(r.status).toBe(0);
      const actual = r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutRow);
      const expected = JSON.parse(readFileSync(join(DIR, c.expected), 'utf8')) as OutRow[];
      expect(diffRows(actual, expected)).toEqual({ missing: [], extra: [] });
    });
  }
});
