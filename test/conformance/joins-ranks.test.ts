/**
 * More vendored conformance cases (test/conformance/cases/joins-ranks: Apache Flink's own tests for
 * window, interval, regular, temporal and semi/anti joins, OVER aggregates, Top-N and deduplication, with
 * the rows they assert; see cases/NOTICE.md and the folder's README.md) run through the real
 * `tumbleql replay --events` command and compared as the case says: `append` (every record +I, a multiset)
 * or `final_table` (the changelog folded, by the sink's upsert key where the test has one). Only the views
 * the case names are compared (a script may define helper views). Cases needing a feature not built yet
 * are listed in skip.json and reported as skipped with the reason; such a case must still be refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../src/executor/api.js';
import { TumbleEngine } from '../../src/executor/engine.js';
import { CONFORMANCE, tumbleql } from '../helpers/cli.js';
import { diffRows, foldChangelog, type OutRow } from './compare.js';

interface Case {
  readonly id: string;
  readonly feature: string;
  readonly sql: string;
  readonly events: string;
  readonly expected: string;
}

interface Expected {
  readonly compare: 'append' | 'final_table';
  readonly upsert_key?: readonly string[] | null;
  readonly no_flush: boolean;
  readonly views: readonly string[];
  readonly rows: readonly OutRow[];
}

const DIR = join(CONFORMANCE, 'joins-ranks');
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const cases = readJson<{ cases: Case[] }>(join(DIR, 'manifest.json')).cases;
const skip = readJson<{ cases: Record<string, string> }>(join(import.meta.dirname, 'skip.json')).cases;

function replay(args: string[]): OutRow[] {
  const r = tumbleql(['replay', ...args]);
  expect(r.stderr).not.toMatch(/error\[/);
  expect(r.status).toBe(0);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutRow);
}

describe('conformance cases for joins, OVER, Top-N and deduplication (more Flink tests)', () => {
  it('vendors every case with its three files, ids unique', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) for (const f of [c.sql, c.events, c.expected]) expect(() => readFileSync(join(DIR, f))).not.toThrow();
  });

  it('skips only cases whose script the engine still refuses (remove an entry once its feature lands)', () => {
    const nowPlanning: string[] = [];
    for (const c of cases.filter((x) => skip[x.id] !== undefined)) {
      const engine = new TumbleEngine({ statePath: ':memory:' });
      try {
        engine.execute(readFileSync(join(DIR, c.sql), 'utf8'));
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
      const exp = readJson<Expected>(join(DIR, c.expected));
      const args = [join(DIR, c.sql), '--events', join(DIR, c.events)];
      if (exp.no_flush) args.push('--no-flush');
      const views = new Set(exp.views.map((v) => v.toLowerCase()));
      const out = replay(args).filter((r) => views.has(r.view.toLowerCase()));
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
