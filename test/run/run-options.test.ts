/**
 * `tumbleql run` / `log` options a new user reaches for: serving a .sql file with --port, a source that
 * cannot open, SQL errors caught before the state file exists, file paths relative to the declaring
 * file, and `log --config` / ./tumbleql.yaml. The real command in child processes (what is tested).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, cli, parseLines, removeDir, start, tempDir } from './helpers.js';

const PUSHED = `CREATE SOURCE clicks (user_id VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW totals AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id;`;
const fileSource = (path: string): string => `CREATE SOURCE clicks (user_id VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
WITH (connector = 'file', path = '${path}');
CREATE VIEW totals AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id;`;
const CLICKS = '{"user_id":"a","ts":1000}\n{"user_id":"b","ts":2000}\n{"user_id":"a","ts":3000}\n';

let root: string;
let bin: string;
beforeAll(() => {
  root = tempDir();
  bin = buildCli(root);
});
afterAll(() => removeDir(root));

let n = 0;
function workdir(files: Record<string, string>): string {
  const dir = join(root, `case-${++n}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('tumbleql run', () => {
  it('serves a .sql file over websocket/HTTP with --port, no YAML needed', async () => {
    const dir = workdir({ 'job.sql': PUSHED });
    const live = start(bin, ['run', 'job.sql', '--port', '0', '--token', 's3cret', '--state', ':memory:'], dir);
    try {
      await live.waitForStderr(' running ');
      const url = /url=ws:\/\/([^\s]+)\/ws/.exec(live.err())![1]!;
      expect(url).toMatch(/^127\.0\.0\.1:\d+$/);
      expect((await fetch(`http://${url}/views`)).status).toBe(401);
      const res = await fetch(`http://${url}/views`, { headers: { authorization: 'Bearer s3cret' } });
      expect(res.status).toBe(200);
      expect(JSON.stringify(await res.json())).toContain('totals');
    } finally {
      live.child.kill('SIGINT');
    }
    expect(await live.exit, live.err()).toBe(0);
  });

  it('refuses --host or --token without a server to apply them to', () => {
    const r = cli(bin, ['run', 'job.sql', '--token', 't'], workdir({ 'job.sql': PUSHED }));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--token applies to the server, which only --port');
  });

  it('exits 1 when a file source cannot open its input, before any state is written', () => {
    const dir = workdir({ 'job.sql': fileSource('missing.jsonl') });
    const r = cli(bin, ['run', 'job.sql'], dir);
    expect(r.status).toBe(1);
    // Found at CREATE by the connector registry: a located error on the path option.
    expect(r.stderr).toMatch(/job\.sql: error\[\w+\] at \d+:\d+: .*missing\.jsonl.*ENOENT/);
    expect(existsSync(join(dir, '.tumbleql'))).toBe(false);
  });

  it('reports a SQL error without creating the state file', () => {
    const dir = workdir({ 'job.sql': `${PUSHED}\nCREATE VIEW bad AS SELECT nope FROM clicks;` });
    const r = cli(bin, ['run', 'job.sql'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("job.sql: error[UNKNOWN_COLUMN] at 3:27: column 'nope' not found in 'clicks'");
    expect(existsSync(join(dir, '.tumbleql'))).toBe(false);
  });

  it("reads a file source's relative path against the file that declares it, from any working directory", () => {
    const dir = workdir({ 'jobs/job.sql': fileSource('data/clicks.jsonl'), 'jobs/data/clicks.jsonl': CLICKS });
    const r = cli(bin, ['run', 'jobs/job.sql', '--output', 'jsonl', '--state', ':memory:'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(parseLines(r.stdout).rows.filter((x) => x.op === '+I' || x.op === '+U').map((x) => x.row)).toContainEqual({ user_id: 'a', n: 2 });
  });

  it('suggests the closest option for a misspelt one, in a balanced message', () => {
    const r = cli(bin, ['run', 'job.sql', '--prot', '8080'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("tumbleql run: unknown option '--prot'; did you mean '--port'? (an argument that starts with '-' but is not an option goes after '--')");
  });
});

describe('tumbleql log', () => {
  it('takes the state path from --config, and from ./tumbleql.yaml when present', () => {
    const yaml = `state: { path: ./state/job.db }\nsql: [ job.sql ]\n`;
    const dir = workdir({ 'job.sql': fileSource('clicks.jsonl'), 'clicks.jsonl': CLICKS, 'tumbleql.yaml': yaml });
    expect(cli(bin, ['run', 'tumbleql.yaml'], dir).status).toBe(0);
    expect(existsSync(join(dir, 'state', 'job.db'))).toBe(true);

    const implicit = cli(bin, ['log', 'totals'], dir);
    expect(implicit.status, implicit.stderr).toBe(0);
    expect(parseLines(implicit.stdout).rows.length).toBeGreaterThan(0);

    const elsewhere = workdir({ 'readme.txt': '' });
    const explicit = cli(bin, ['log', 'totals', '--config', join(dir, 'tumbleql.yaml')], elsewhere);
    expect(explicit.status, explicit.stderr).toBe(0);
    expect(explicit.stdout).toBe(implicit.stdout);
  });
});
