/**
 * DESIGN §4's promise, end to end through the CLI: after kill -9 at any moment, `tumbleql run` restarted
 * on the same state file finishes the job, and the durable output log is exactly that of an
 * uninterrupted run (no row missing, none twice, seqs contiguous); `--output jsonl` on stdout is
 * at-least-once: across all runs, deduplicated by (view, seq), it holds every row of the log, and a row
 * printed twice is the same row both times. The killed runs fire windows in slices (--slice-rows 3), the
 * reference at once. The windows' groups (TUMBLE, HOP, CUMULATE) are stored as runs of their window or
 * pane (state/state-runs.ts), rewritten at the first change after each restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, lcg, parseLines, readLog as readLogFile, removeDir, start, tempDir, type LogLine } from './helpers.js';

const EVENTS = 480_000; // ~60 file-connector batches of 8192 lines: enough work for 20+ kills to land mid-run
const KILLS = 24;
const VIEWS = ['per_10s', 'hop_60s', 'cum_30s', 'big_spenders'];

const SQL = `
CREATE SOURCE events (user_id VARCHAR, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH (connector = 'file', path = 'events.jsonl');
CREATE VIEW per_10s AS SELECT user_id, window_start, window_end, COUNT(*) AS n, SUM(amount) AS total
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, user_id;
CREATE VIEW hop_60s AS SELECT user_id, window_start, window_end, COUNT(*) AS n, MAX(amount) AS top
FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '60' SECOND)) GROUP BY window_start, window_end, user_id;
CREATE VIEW cum_30s AS SELECT user_id, window_start, window_end, COUNT(*) AS n, MIN(amount) AS low
FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '30' SECOND)) GROUP BY window_start, window_end, user_id;
CREATE VIEW big_spenders AS SELECT user_id, COUNT(*) AS n, SUM(amount) AS total FROM events WHERE amount >= 95 GROUP BY user_id;
`;

/** Out-of-order events (up to 300 ms behind, watermark lag 1 s), 20 users, ~53 minutes of event time. */
function writeEvents(path: string): void {
  const rnd = lcg(7);
  let t = Date.UTC(2020, 0, 1);
  const lines: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    t += Math.floor(rnd() * 40);
    const ts = new Date(t - Math.floor(rnd() * 300)).toISOString();
    lines.push(JSON.stringify({ user_id: `u${Math.floor(rnd() * 20)}`, amount: Math.floor(rnd() * 1000) / 10, ts }));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

let dir: string;
let bin: string;
beforeAll(() => {
  dir = tempDir();
  bin = buildCli(dir);
  writeEvents(join(dir, 'events.jsonl'));
  writeFileSync(join(dir, 'job.sql'), SQL);
});
afterAll(() => removeDir(dir));

function readLog(state: string, view: string): string[] {
  return readLogFile(join(dir, state), view);
}

describe('tumbleql run killed with SIGKILL at random moments', () => {
  it('ends with exactly the output log of an uninterrupted run, and prints every row at least once', async () => {
    // The reference: one uninterrupted run; its timing calibrates where kills land.
    const t0 = Date.now();
    // (Default checkpoint interval: where checkpoints fall must not change the output.)
    const ref = start(bin, ['run', 'job.sql', '--state', 'ref.db', '--slice-rows', '0'], dir);
    await ref.waitForStderr(' running ');
    const startupMs = Date.now() - t0;
    expect(await ref.exit, ref.err()).toBe(0);
    // How long the reference spent reading: kills "while reading" spread over it, so they land however
    // fast the engine (or slow the machine) is.
    const readMs = Math.max(100, Date.now() - t0 - startupMs);
    const reference = new Map(VIEWS.map((v) => [v, readLog('ref.db', v)]));
    for (const v of VIEWS) expect(reference.get(v)!.length, v).toBeGreaterThan(1000);

    // Kill moments, in turn: (a) anywhere in start-up (open, restore, catalog, catching up stdout),
    // (b) just after this attempt's first committed rows reached stdout (mid-stream, between or inside
    // checkpoints and prints), (c) anywhere in the first 300 ms after the engine started reading.
    const rnd = lcg(42);
    const stdout: string[] = [];
    const landed: string[] = [];
    let attempts = 0;
    for (;;) {
      const i = attempts++;
      expect(attempts, `no clean exit after ${attempts} attempts`).toBeLessThan(KILLS + 10);
      // Windows fire in chunks of 3 rows (20 users: 7 chunks per window), so kills land mid-firing too,
      // and the reference fired each window at once: slicing must not change the log either.
      const run = start(bin, ['run', 'job.sql', '--state', 'crash.db', '--output', 'jsonl', '--checkpoint-interval', '50ms', '--slice-rows', '3'], dir);
      let timer: NodeJS.Timeout | undefined;
      const kill = (mode: string) => {
        if (run.child.exitCode === null && run.child.kill('SIGKILL')) landed.push(mode);
      };
      if (landed.length < KILLS) {
        const mode = i % 3;
        const u = rnd();
        if (mode === 0) timer = setTimeout(() => kill('start-up'), u * startupMs * 1.2);
        else if (mode === 1) run.child.stdout!.once('data', () => (timer = setTimeout(() => kill('after first rows'), u * 80)));
        else void run.waitForStderr(' running ').then(() => (timer = setTimeout(() => kill('while reading'), u * Math.min(readMs * 0.8, 400))), () => {});
      }
      const code = await run.exit;
      clearTimeout(timer);
      stdout.push(run.out());
      if (code === 'SIGKILL') continue;
      expect(code, run.err()).toBe(0);
      break;
    }
    expect(landed.length).toBeGreaterThanOrEqual(20);

    // The durable log: exactly the reference, row for row and seq for seq.
    const printed = new Map<string, string>();
    for (const text of stdout) {
      for (const line of parseLines(text).lines) {
        const r = JSON.parse(line) as LogLine;
        const key = `${r.view}#${r.seq}`;
        const before = printed.get(key);
        if (before !== undefined) expect(line, `seq ${r.seq} of ${r.view} printed twice, differently`).toBe(before);
        printed.set(key, line);
      }
    }
    for (const v of VIEWS) {
      const got = readLog('crash.db', v);
      const want = reference.get(v)!;
      const seqs = got.map((l) => (JSON.parse(l) as LogLine).seq);
      expect(seqs.every((s, k) => s === k + 1), `${v}: seqs contiguous from 1`).toBe(true);
      expect(got.length, `${v}: row count`).toBe(want.length);
      const firstDiff = got.findIndex((l, k) => l !== want[k]);
      expect(firstDiff, `${v}: first row that differs from the uninterrupted run: ${got[firstDiff]} vs ${want[firstDiff]}`).toBe(-1);
      // stdout across all runs, deduplicated by (view, seq): every row of the log, as logged.
      const missing = got.filter((l) => printed.get(`${v}#${(JSON.parse(l) as LogLine).seq}`) !== l);
      expect(missing.length, `${v}: rows of the log never printed, e.g. ${missing[0]}`).toBe(0);
    }
    // Nothing printed that the log does not hold.
    const logged = VIEWS.reduce((n, v) => n + reference.get(v)!.length, 0);
    expect(printed.size).toBe(logged);
  }, 150_000);
});
