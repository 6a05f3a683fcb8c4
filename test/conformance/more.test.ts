/**
 * More vendored conformance cases (test/conformance/cases/more: windowed aggregation from Flink's and
 * RisingWave's own tests, with the rows they assert; see cases/NOTICE.md and more/README.md), in the format
 * of next/: one `--events` file in arrival order, compared `append` or `final_table` as the case says.
 * Cases needing a feature not built yet are in skip.json and reported as skipped with the reason; the
 * suite fails once such a case's script plans.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../src/executor/api.js';
import { TumbleEngine } from '../../src/executor/engine.js';
import { CONFORMANCE, tumbleql } from '../helpers/cli.js';
import { diffRows, foldChangelog, type OutRow } from './compare.js';

interface MoreCase {
  readonly id: string;
  readonly feature: string;
  readonly sql: string;
  readonly events: string;
  readonly expected: string;
}

interface MoreExpected {
  readonly compare: 'append' | 'final_table';
  readonly upsert_key?: readonly string[] | null;
  readonly no_flush: boolean;
  readonly rows: readonly OutRow[];
}

const MORE = join(CONFORMANCE, 'more');
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const cases = readJson<{ cases: MoreCase[] }>(join(MORE, 'manifest.json')).cases;
const skip = readJson<{ cases: Record<string, string> }>(join(import.meta.dirname, 'skip.json')).cases;

function replay(args: string[]): OutRow[] {
  const r = tumbleql(['replay', ...args]);
  expect(r.stderr).not.toMatch(/error\[/);
  expect(r.status).toBe(0);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutRow);
}

describe('more conformance cases from Flink and RisingWave window tests', () => {
  it('vendors every case the folder holds, each with its three files named by its id', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect([c.sql, c.events, c.expected]).toEqual([`${c.id}.sql`, `${c.id}.events.jsonl`, `${c.id}.expected.json`]);
  });

  it('skips only cases whose script the engine still refuses (remove an entry once its feature lands)', () => {
    const nowPlanning: string[] = [];
    for (const c of cases.filter((x) => skip[x.id] !== undefined)) {
      const engine = new TumbleEngine({ statePath: ':memory:' });
      try {
        engine.execute(readFileSync(join(MORE, c.sql), 'utf8'));
        nowPlanning.push(c.id);
      } catch (e) {
        if (!(e instanceof SqlError)) throw e;
      } finally {
        void engine.close();
      }
    }
    expect(nowPlanning).toEqual([]);
  });

  for (const c of cases) {
    const reason = skip[c.id];
    if (reason !== undefined) {
      it.skip(`${c.id} (${c.feature}) — skipped: needs ${reason}`, () => {});
      continue;
    }
    it(`${c.id} (${c.feature}) gives the rows the original test asserts`, () => {
      const exp = readJson<MoreExpected>(join(MORE, c.expected));
      const args = [join(MORE, c.sql), '--events', join(MORE, c.events)];
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
