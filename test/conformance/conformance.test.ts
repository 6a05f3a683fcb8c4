/**
 * The vendored conformance cases (test/conformance/cases: from Flink's and RisingWave's own tests, with the
 * rows they assert; see cases/NOTICE.md) run through `tumbleql replay` (windows/ and next/ spawn the command).
 * - windows/: windowed aggregations, one `--input` file per source; rows compare as a multiset.
 * - next/: sessions, cumulate, joins, Top-N, OVER, one `--events` file in arrival order, run as
 *   event-cases.ts says (as are more/ and joins-ranks/, in their own test files).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE } from '../helpers/cli.js';
import { diffRows, type OutRow } from './compare.js';
import { eventCases, itRunsEventCases, readJson, replay, skipped } from './event-cases.js';

interface WindowCase {
  readonly id: string;
  readonly no_flush: boolean;
  readonly sql: string;
  readonly inputs: Record<string, string>;
  readonly expected: string;
}

const WINDOWS = join(CONFORMANCE, 'windows');
const windowCases = readJson<{ cases: WindowCase[] }>(join(WINDOWS, 'manifest.json')).cases;

describe('conformance cases from Flink and RisingWave window tests', () => {
  it('vendors all six window cases', () => {
    expect(windowCases.map((c) => c.id)).toHaveLength(6);
  });

  for (const c of windowCases) {
    it(`${c.id} gives the rows the original test asserts`, () => {
      const args = [join(WINDOWS, c.sql), ...Object.entries(c.inputs).flatMap(([s, f]) => ['--input', `${s}=${join(WINDOWS, f)}`])];
      if (c.no_flush) args.push('--no-flush');
      const expected = readJson<OutRow[]>(join(WINDOWS, c.expected));
      expect(diffRows(replay(args), expected)).toEqual({ missing: [], extra: [] });
    });
  }
});

describe('conformance cases for the next features (Flink tests)', () => {
  it('vendors all twelve cases, and the skip list names only vendored cases (of any folder)', () => {
    expect(eventCases('next')).toHaveLength(12);
    const folders = readdirSync(CONFORMANCE, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    const ids = new Set(folders.flatMap((f) => eventCases(f).map((c) => c.id)));
    expect(Object.keys(skipped).filter((id) => !ids.has(id))).toEqual([]);
  });
  itRunsEventCases('next', 'command');
});
