/**
 * The vendored conformance cases (test/conformance/cases: from Flink's and RisingWave's own tests, with the
 * rows they assert; see cases/NOTICE.md) run through the real `tumbleql replay` command.
 * - windows/: windowed aggregations, one `--input` file per source; rows compare as a multiset.
 * - next/: sessions, cumulate, joins, Top-N, OVER, one `--events` file in arrival order; compared
 *   `append` or `final_table` as the case says. Cases needing a feature not built yet are in skip.json and
 *   reported as skipped with the reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../src/executor/api.js';
import { TumbleEngine } from '../../src/executor/engine.js';
import { CONFORMANCE, tumbleql } from '../helpers/cli.js';
import { diffRows, foldChangelog, type OutRow } from './compare.js';

interface WindowCase {
  readonly id: string;
  readonly no_flush: boolean;
  readonly sql: string;
  readonly inputs: Record<string, string>;
  readonly expected: string;
}

interface NextCase {
  readonly id: string;
  readonly feature: string;
  readonly sql: string;
  readonly events: string;
  readonly expected: string;
}

interface NextExpected {
  readonly compare: 'append' | 'final_table';
  readonly upsert_key?: readonly string[] | null;
  readonly no_flush: boolean;
  readonly rows: readonly OutRow[];
}

const WINDOWS = join(CONFORMANCE, 'windows');
const NEXT = join(CONFORMANCE, 'next');
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const windowCases = readJson<{ cases: WindowCase[] }>(join(WINDOWS, 'manifest.json')).cases;
const nextCases = readJson<{ cases: NextCase[] }>(join(NEXT, 'manifest.json')).cases;
const skip = readJson<{ cases: Record<string, string> }>(join(import.meta.dirname, 'skip.json')).cases;

function replay(args: string[]): OutRow[] {
  const r = tumbleql(['replay', ...args]);
  expect(r.stderr).not.toMatch(/error\[/);
  expect(r.status).toBe(0);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutRow);
}

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
  it('vendors all twelve cases, and the skip list names only vendored cases (next/ and more/)', () => {
    expect(nextCases).toHaveLength(12);
    // more.test.ts and joins-ranks.test.ts run the cases of cases/more and cases/joins-ranks, which share this skip list.
    const caseIds = (dir: string) => readJson<{ cases: { id: string }[] }>(join(CONFORMANCE, dir, 'manifest.json')).cases.map((c) => c.id);
    const ids = new Set([...nextCases.map((c) => c.id), ...caseIds('more'), ...caseIds('joins-ranks')]);
    expect(Object.keys(skip).filter((id) => !ids.has(id))).toEqual([]);
  });

  it('skips only cases whose script the engine still refuses (remove an entry once its feature lands)', () => {
    const nowPlanning: string[] = [];
    for (const c of nextCases.filter((x) => skip[x.id] !== undefined)) {
      const engine = new TumbleEngine({ statePath: ':memory:' });
      try {
        engine.execute(readFileSync(join(NEXT, c.sql), 'utf8'));
        nowPlanning.push(c.id);
      } catch (e) {
        if (!(e instanceof SqlError)) throw e;
      } finally {
        void engine.close();
      }
    }
    expect(nowPlanning).toEqual([]);
  });

  for (const c of nextCases) {
    const reason = skip[c.id];
    if (reason !== undefined) {
      it.skip(`${c.id} (${c.feature}) — skipped: needs ${reason}`, () => {});
      continue;
    }
    it(`${c.id} (${c.feature}) gives the rows the original test asserts`, () => {
      const exp = readJson<NextExpected>(join(NEXT, c.expected));
      const args = [join(NEXT, c.sql), '--events', join(NEXT, c.events)];
      if (exp.no_flush) args.push('--no-flush');
      const out = replay(args);
      let actual: OutRow[];
      if (exp.compare === 'append') {
        expect(out.filter((r) => r.op !== '+I')).toEqual([]);
        actual = out;
      } else {
        actual = foldChangelog(out, exp.upsert_key ?? null);
      }
      expect(diffRows(actual, exp.rows)).toEqual({ missing: [], extra: [] });
    });
  }
});
