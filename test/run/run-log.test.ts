/**
 * `tumbleql run` and `tumbleql log` as a user meets them: restarting a finished job, editing a view
 * (STATE_MISMATCH, then --reset), reading the log from a seq, what --output jsonl re-prints after a crash,
 * folders of .sql files, SQL errors with the file name, and a YAML config with a server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, cli, parseLines, readLog, type LogLine, removeDir, start, tempDir } from './helpers.js';

const SOURCE = `CREATE SOURCE clicks (user_id VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
WITH (connector = 'file', path = 'clicks.jsonl');`;
const VIEW_V1 = `CREATE VIEW w AS SELECT user_id, window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, user_id;`;
const VIEW_V2 = VIEW_V1.replace('COUNT(*) AS n', 'COUNT(*) AS clicks');
const TOTALS = `CREATE VIEW totals AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id;`;

let root: string;
let bin: string;
beforeAll(() => {
  root = tempDir();
  bin = buildCli(root);
});
afterAll(() => removeDir(root));

let n = 0;
/** A fresh working directory with clicks.jsonl (events at the given seconds, users a/b/c in turn). */
function workdir(seconds: number[], files: Record<string, string>): string {
  const dir = join(root, `case-${++n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'clicks.jsonl'), clicks(seconds, 0));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function clicks(seconds: number[], offset: number): string {
  return seconds.map((s, i) => JSON.stringify({ user_id: 'abc'[(i + offset) % 3], ts: `2020-01-01T00:00:${String(s).padStart(2, '0')}Z` }) + '\n').join('');
}

function run(dir: string, args: string[]) {
  return cli(bin, ['run', ...args], dir);
}

/** The durable log, read in this process (the `tumbleql log` tests below run the command). */
function logRows(dir: string, view: string, state = '.tumbleql/state.db') {
  return readLog(join(dir, state), view).map((l) => JSON.parse(l) as LogLine);
}

function logCommand(dir: string, view: string, extra: string[] = []) {
  const r = cli(bin, ['log', view, ...extra], dir);
  expect(r.status, r.stderr).toBe(0);
  return parseLines(r.stdout).rows;
}

describe('tumbleql run over bounded sources', () => {
  it('stops by itself at the end of input, and a restart of the finished job adds nothing', () => {
    const dir = workdir([1, 3, 12, 14, 25], { 'job.sql': `${SOURCE}\n${VIEW_V1}\n${TOTALS}` });
    const first = run(dir, ['job.sql', '--output', 'jsonl']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('stopping reason="end of input"');
    expect(existsSync(join(dir, '.tumbleql', 'state.db'))).toBe(true); // default: ./.tumbleql/state.db
    const printed = parseLines(first.stdout).rows;
    expect(printed.filter((r) => r.view === 'w').map((r) => [r.seq, r.row['user_id'], r.row['n']])).toEqual([
      [1, 'a', 1],
      [2, 'b', 1],
      [3, 'c', 1],
      [4, 'a', 1],
      [5, 'b', 1],
    ]);
    expect(printed.filter((r) => r.view === 'totals').map((r) => r.op)).toEqual(['+I', '+I', '+I', '-U', '+U', '-U', '+U']);
    // stdout and the durable log are the same lines.
    const logged = [...readLog(join(dir, '.tumbleql/state.db'), 'w'), ...readLog(join(dir, '.tumbleql/state.db'), 'totals')];
    expect(parseLines(first.stdout).lines.sort()).toEqual(logged.sort());

    const again = run(dir, ['job.sql', '--output', 'jsonl']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe('');
    expect(logRows(dir, 'w')).toHaveLength(5);
  });

  it('continues a finished file where it stopped when lines are appended', () => {
    const dir = workdir([1, 3, 12], { 'job.sql': `${SOURCE}\n${VIEW_V1}` });
    expect(run(dir, ['job.sql', '--output', 'jsonl']).stdout.split('\n')).toHaveLength(4);
    appendFileSync(join(dir, 'clicks.jsonl'), clicks([21, 33], 0));
    const r = run(dir, ['job.sql', '--output', 'jsonl']);
    expect(r.status, r.stderr).toBe(0);
    expect(parseLines(r.stdout).rows.map((x) => [x.seq, x.row['window_start']])).toEqual([
      [4, '2020-01-01T00:00:20.000Z'],
      [5, '2020-01-01T00:00:30.000Z'],
    ]);
  });
});

describe('editing a view that has saved state', () => {
  it('refuses the edited view with STATE_MISMATCH and the --reset hint, changing nothing', () => {
    const dir = workdir([1, 3, 12], { 'v1.sql': `${SOURCE}\n${VIEW_V1}`, 'v2.sql': `${SOURCE}\n${VIEW_V2}` });
    expect(run(dir, ['v1.sql']).status).toBe(0);
    const before = logRows(dir, 'w');
    const r = run(dir, ['v2.sql']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('v2.sql: error[STATE_MISMATCH]');
    expect(r.stderr).toContain("view 'w' has saved state from a different definition");
    expect(r.stderr).toContain('tumbleql run v2.sql --reset w');
    expect(logRows(dir, 'w')).toEqual(before);
    // The unchanged definition still runs.
    expect(run(dir, ['v1.sql']).status).toBe(0);
  });

  it('with --reset runs the new definition on new input, its seqs continuing after the old ones', () => {
    const dir = workdir([1, 3, 12], { 'v1.sql': `${SOURCE}\n${VIEW_V1}`, 'v2.sql': `${SOURCE}\n${VIEW_V2}` });
    expect(run(dir, ['v1.sql']).status).toBe(0);
    expect(logRows(dir, 'w').map((r) => r.seq)).toEqual([1, 2, 3]);
    appendFileSync(join(dir, 'clicks.jsonl'), clicks([21, 22, 31], 0));
    const r = run(dir, ['v2.sql', '--reset', 'w', '--output', 'jsonl']);
    expect(r.status, r.stderr).toBe(0);
    const rows = logRows(dir, 'w');
    expect(rows.map((x) => [x.seq, x.row['window_start'], x.row['clicks']])).toEqual([
      [4, '2020-01-01T00:00:20.000Z', 1],
      [5, '2020-01-01T00:00:20.000Z', 1],
      [6, '2020-01-01T00:00:30.000Z', 1],
    ]);
    expect(parseLines(r.stdout).rows).toEqual(rows);
    // Next start without --reset: the new definition is the saved one now.
    expect(run(dir, ['v2.sql']).status).toBe(0);
  });
});

describe('tumbleql log', () => {
  it('prints the log from a seq, nothing past its end, and says which views exist', () => {
    const dir = workdir([1, 3, 12, 14, 25, 27, 38], { 'job.sql': `${SOURCE}\n${VIEW_V1}` });
    expect(run(dir, ['job.sql', '--state', 's.db']).status).toBe(0);
    const all = logCommand(dir, 'w', ['--state', 's.db']);
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(all).toEqual(logRows(dir, 'w', 's.db'));
    expect(logCommand(dir, 'w', ['--state', 's.db', '--from', '5'])).toEqual(all.slice(4));
    expect(logCommand(dir, 'w', ['--state', 's.db', '--from', '99'])).toEqual([]);

    const unknown = cli(bin, ['log', 'nope', '--state', 's.db'], dir);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("no view named 'nope' in s.db; views: w");
    const bad = cli(bin, ['log', 'w', '--state', 's.db', '--from', 'soon'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--from expects a seq");
    const missing = cli(bin, ['log', 'w', '--state', 'missing.db'], dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('state file missing.db does not exist');
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
  });
});

describe('tumbleql log over names written in mixed case', () => {
  it('finds a view created as PerUser by either spelling, and a quoted one as written', () => {
    const perUser = `CREATE VIEW PerUser AS SELECT user_id AS userId, COUNT(*) AS clickCount FROM clicks GROUP BY user_id;`;
    const quoted = `CREATE VIEW "Quoted" AS SELECT user_id AS "UserId" FROM clicks;`;
    const dir = workdir([1, 3, 12], { 'job.sql': `${SOURCE}\n${perUser}\n${quoted}` });
    expect(run(dir, ['job.sql', '--state', 's.db']).status).toBe(0);
    const rows = logCommand(dir, 'PerUser', ['--state', 's.db']);
    expect(rows.map((r) => r.row)).toEqual([
      { userId: 'a', clickCount: 1 },
      { userId: 'b', clickCount: 1 },
      { userId: 'c', clickCount: 1 },
    ]);
    expect(logCommand(dir, 'peruser', ['--state', 's.db'])).toEqual(rows);
    expect(logCommand(dir, 'Quoted', ['--state', 's.db']).map((r) => r.row)).toEqual([{ UserId: 'a' }, { UserId: 'b' }, { UserId: 'c' }]);
    const lower = cli(bin, ['log', 'quoted', '--state', 's.db'], dir);
    expect(lower.status).toBe(1);
    expect(lower.stderr).toContain("no view named 'quoted'");
  });
});

describe('--output jsonl across crashes (at-least-once)', () => {
  it('re-prints the committed rows the sidecar does not record as printed', () => {
    const dir = workdir([1, 3, 12, 14, 25, 27, 38], { 'job.sql': `${SOURCE}\n${VIEW_V1}\n${TOTALS}` });
    const first = run(dir, ['job.sql', '--output', 'jsonl']);
    expect(first.status, first.stderr).toBe(0);
    const sidecar = join(dir, '.tumbleql', 'state.db.printed');
    const marks = JSON.parse(readFileSync(sidecar, 'utf8')) as { views: Record<string, number> };
    expect(marks.views).toEqual({ w: 7, totals: 11 });
    // As if the process died after printing w's seq 4 but before recording 5–7 (and all of totals).
    writeFileSync(sidecar, JSON.stringify({ ...marks, views: { w: 4 } }));
    const second = run(dir, ['job.sql', '--output', 'jsonl']);
    expect(second.status, second.stderr).toBe(0);
    const all = parseLines(first.stdout).lines;
    const again = parseLines(second.stdout).lines;
    expect(again).toEqual([...all.filter((l) => l.includes('"view":"w"')).slice(4), ...all.filter((l) => l.includes('"view":"totals"'))]);
    expect(run(dir, ['job.sql', '--output', 'jsonl']).stdout).toBe('');
  });

  it('ignores a sidecar left over from another state file', () => {
    const dir = workdir([1, 3, 12], { 'job.sql': `${SOURCE}\n${VIEW_V1}` });
    const first = run(dir, ['job.sql', '--output', 'jsonl']);
    expect(parseLines(first.stdout).lines).toHaveLength(3);
    rmSync(join(dir, '.tumbleql', 'state.db'));
    const second = run(dir, ['job.sql', '--output', 'jsonl']);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('prints live rows of an in-memory engine', () => {
    const dir = workdir([1, 3, 12], { 'job.sql': `${SOURCE}\n${VIEW_V1}` });
    const r = run(dir, ['job.sql', '--state', ':memory:', '--output', 'jsonl']);
    expect(r.status, r.stderr).toBe(0);
    expect(parseLines(r.stdout).rows.map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(existsSync(join(dir, '.tumbleql'))).toBe(false);
  });
});

describe('what tumbleql run loads', () => {
  it('runs a folder of .sql files in name order, file paths relative to the file that declares them', () => {
    const dir = workdir([1, 12], { 'sql/02-views.sql': VIEW_V1, 'sql/01-sources.sql': SOURCE.replace("'clicks.jsonl'", "'../clicks.jsonl'") });
    const r = run(dir, ['sql', '--output', 'jsonl', '--state', 's.db']);
    expect(r.status, r.stderr).toBe(0);
    expect(parseLines(r.stdout).rows).toHaveLength(2);
  });

  it('names the file and shows the caret for a SQL error, and exits 1', () => {
    const dir = workdir([1], { 'sql/01-sources.sql': SOURCE.replace("'clicks.jsonl'", "'../clicks.jsonl'"), 'sql/02-views.sql': VIEW_V1.replace('COUNT(*)', 'COUNT(*) +* 1') });
    const r = run(dir, ['sql', '--state', 's.db']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/sql\/02-views\.sql: error\[\w+\] at 1:\d+: /);
    expect(r.stderr).toContain('^');
  });

  it('rejects bad arguments with the usage and exit 2', () => {
    const dir = workdir([1], { 'job.sql': SOURCE });
    for (const args of [[], ['job.sql', '--output', 'csv'], ['job.sql', '--checkpoint-interval', 'often']]) {
      const r = run(dir, args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage: tumbleql run');
    }
  });

  it('starts the server of a YAML config, takes events over HTTP, and stops cleanly on SIGINT', async () => {
    const dir = workdir([], {
      'tumbleql.yaml': `server: { port: 0, token: '' }\nstate: { path: ./live.db, checkpoint_interval: 100ms }\nsql: |\n  CREATE SOURCE clicks (user_id VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);\n  ${TOTALS}\n`,
    });
    const live = start(bin, ['run', 'tumbleql.yaml', '--output', 'jsonl'], dir);
    try {
      await live.waitForStderr(' running ');
      const url = /url=(ws:\/\/[^\s]+)/.exec(live.err())![1]!.replace('ws://', 'http://').replace(/\/ws$/, '');
      const res = await fetch(`${url}/sources/clicks`, { method: 'POST', body: clicks([1, 2, 3], 0) });
      expect(res.status).toBe(200);
      // Committed within a checkpoint interval, then printed.
      for (let i = 0; i < 100 && parseLines(live.out()).lines.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
      expect(parseLines(live.out()).rows.map((r) => [r.seq, r.op, r.row['user_id']])).toEqual([
        [1, '+I', 'a'],
        [2, '+I', 'b'],
        [3, '+I', 'c'],
      ]);
    } finally {
      live.child.kill('SIGINT');
    }
    expect(await live.exit, live.err()).toBe(0);
    expect(logRows(dir, 'totals', 'live.db')).toHaveLength(3);
  });
});
