/** A changed config on an existing state file: new views start, kept ones resume, removed ones stop. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCli, cli, removeDir, tempDir } from './helpers.js';

const dir = tempDir('tq-config-diff-');
afterAll(() => removeDir(dir));
const bin = buildCli(dir);

const events = join(dir, 'events.jsonl');
writeFileSync(events, Array.from({ length: 50 }, (_, i) => JSON.stringify({ k: i % 3, ts: i * 1000 })).join('\n') + '\n');
const source = `CREATE SOURCE e (k INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'file', path = '${events}');`;
const view = (name: string, size: number) =>
  `CREATE VIEW ${name} AS SELECT k, window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE e, DESCRIPTOR(ts), INTERVAL '${size}' SECOND)) GROUP BY k, window_start, window_end;`;

describe('tumbleql run with a changed config', () => {
  it('starts new views, resumes kept ones and stops removed ones', () => {
    const state = join(dir, 'state.db');
    const a = join(dir, 'a.sql');
    writeFileSync(a, [source, view('v1', 10), view('v2', 20)].join('\n'));
    const r1 = cli(bin, ['run', a, '--state', state], dir);
    expect(r1.status, r1.stderr).toBe(0);

    const b = join(dir, 'b.sql');
    writeFileSync(b, [source, view('v1', 10), view('v3', 5)].join('\n'));
    const r2 = cli(bin, ['run', b, '--state', state], dir);
    expect(r2.status, r2.stderr).toBe(0);
    expect(r2.stderr).toMatch(/stopped what the config no longer declares.*v2/);

    const v1 = cli(bin, ['log', 'v1', '--state', state], dir);
    expect(v1.stdout.trim().split('\n')).toHaveLength(15); // 5 windows × 3 keys, computed once
    const v3 = cli(bin, ['log', 'v3', '--state', state], dir);
    expect(v3.status).toBe(0);
    expect(v3.stdout.trim().split('\n').length).toBeGreaterThan(0);
    const v2 = cli(bin, ['log', 'v2', '--state', state], dir);
    expect(v2.stdout).toBe('');
    expect(`${v2.status} ${v2.stderr}`).toMatch(/v2/);
  });
});
