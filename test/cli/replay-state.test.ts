/** `tumbleql replay --state <existing file>`: views restored from the file print their rows too. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tumbleql } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tumbleql-replay-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('tumbleql replay --state', () => {
  it('prints the rows of views it restored from an existing state file', () => {
    const script = file(
      'script.sql',
      `CREATE SOURCE clicks (user_id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW counts AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id;`,
    );
    const state = join(dir, 'state.db');
    const first = file('first.jsonl', '{"user_id": 1, "ts": 1000}\n');
    const second = file('second.jsonl', '{"user_id": 1, "ts": 2000}\n');
    const a = tumbleql(['replay', script, '--input', `clicks=${first}`, '--state', state]);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout.trim().split('\n')).toEqual(['{"view":"counts","op":"+I","row":{"user_id":1,"n":1}}']);
    const b = tumbleql(['replay', script, '--input', `clicks=${second}`, '--state', state]);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout.trim().split('\n')).toEqual([
      '{"view":"counts","op":"-U","row":{"user_id":1,"n":1}}',
      '{"view":"counts","op":"+U","row":{"user_id":1,"n":2}}',
    ]);
  });
});
