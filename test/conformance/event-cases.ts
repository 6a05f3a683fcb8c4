/**
 * The runner shared by the vendored conformance folders in the `--events` format (next/, more/,
 * joins-ranks/; see cases/NOTICE.md and each folder's README.md): every case runs through `tumbleql replay
 * --events` — the spawned command for next/ (with windows/ in conformance.test.ts, they pin the command
 * itself), the same command function called in this process for the other folders (hundreds of cases: a
 * spawn costs ~0.6 s of start-up each) — and is compared as its expected file says, `append` (every record
 * +I, a multiset) or `final_table` (the changelog folded, by the sink's upsert key where the test has
 * one). Only the views the case names are compared (a script may define helper views). Cases needing a
 * feature not built yet are listed in skip.json and reported as skipped with the reason; such a case's
 * script must still be refused, so a stale entry cannot hide a case that now runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { replayCommand } from '../../src/cli/replay.js';
import { SqlError } from '../../src/executor/api.js';
import { TumbleEngine } from '../../src/executor/engine.js';
import { CONFORMANCE, tumbleql } from '../helpers/cli.js';
import { diffRows, foldChangelog, type OutRow } from './compare.js';

export interface EventCase {
  readonly id: string;
  readonly feature: string;
  readonly sql: string;
  readonly events: string;
  readonly expected: string;
}

interface EventExpected {
  readonly compare: 'append' | 'final_table';
  readonly upsert_key?: readonly string[] | null;
  readonly no_flush: boolean;
  readonly views?: readonly string[];
  readonly rows: readonly OutRow[];
}

export const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** The skip list every folder shares: case id → the feature it waits for. */
export const skipped = readJson<{ cases: Record<string, string> }>(join(import.meta.dirname, 'skip.json')).cases;

/** The cases a folder's manifest lists. */
export const eventCases = (folder: string): EventCase[] => readJson<{ cases: EventCase[] }>(join(CONFORMANCE, folder, 'manifest.json')).cases;

export function replay(args: string[]): OutRow[] {
  const r = tumbleql(['replay', ...args]);
  expect(r.stderr).not.toMatch(/error\[/);
  expect(r.status).toBe(0);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutRow);
}

/** `tumbleql replay` in this process: the command's own function, its stdout and stderr collected. */
export async function replayInProcess(args: string[]): Promise<OutRow[]> {
  let stdout = '';
  let stderr = '';
  const status = await replayCommand(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  expect(stderr).not.toMatch(/error\[/);
  expect(status).toBe(0);
  return stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutRow);
}

/**
 * Inside a `describe`: the skip-list check, then one test per case of the folder, run through the spawned
 * command (`via: 'command'`) or its function in this process (the default).
 */
export function itRunsEventCases(folder: string, via: 'command' | 'in-process' = 'in-process'): void {
  const dir = join(CONFORMANCE, folder);
  const cases = eventCases(folder);

  it('vendors every case with its three files named by its id, ids unique', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect([c.sql, c.events, c.expected]).toEqual([`${c.id}.sql`, `${c.id}.events.jsonl`, `${c.id}.expected.json`]);
      for (const f of [c.sql, c.events, c.expected]) expect(() => readFileSync(join(dir, f))).not.toThrow();
    }
  });

  it('skips only cases whose script the engine still refuses (remove an entry once its feature lands)', () => {
    const nowPlanning: string[] = [];
    for (const c of cases.filter((x) => skipped[x.id] !== undefined)) {
      const engine = new TumbleEngine({ statePath: ':memory:' });
      try {
        engine.execute(readFileSync(join(dir, c.sql), 'utf8'));
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
    const reason = skipped[c.id];
    if (reason !== undefined) {
      it.skip(`${c.id} (${c.feature}) — skipped: needs ${reason}`, () => {});
      continue;
    }
    it(`${c.id} (${c.feature}) gives the rows the original test asserts`, async () => {
      const exp = readJson<EventExpected>(join(dir, c.expected));
      const args = [join(dir, c.sql), '--events', join(dir, c.events)];
      if (exp.no_flush) args.push('--no-flush');
      const views = exp.views === undefined ? null : new Set(exp.views.map((v) => v.toLowerCase()));
      const rows = via === 'command' ? replay(args) : await replayInProcess(args);
      const out = rows.filter((r) => views === null || views.has(r.view.toLowerCase()));
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
}
