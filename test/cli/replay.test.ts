/** `tumbleql replay` as a user runs it: the real command, files on disk. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tumbleql } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tumbleql-replay-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const script = file(
  'script.sql',
  `-- clicks and orders, windowed
CREATE SOURCE clicks (user_id BIGINT NOT NULL, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE SOURCE orders (user_id BIGINT, amount DECIMAL(10, 2), ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW click_counts AS SELECT user_id, window_start, COUNT(*) AS clicks
  FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY user_id, window_start, window_end;
CREATE VIEW revenue AS SELECT window_start, SUM(amount) AS total
  FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end;
`,
);
const clicks = file(
  'clicks.jsonl',
  [
    '{"user_id": 1, "ts": "2024-05-01T10:00:01Z"}',
    '{"user_id": 1, "ts": "2024-05-01T10:00:02.500Z"}',
    'not json',
    '{"user_id": null, "ts": "2024-05-01T10:00:03Z"}',
    '{"user_id": 2, "ts": 1714557615000}',
    '{"user_id": 2, "ts": "2024-05-01T10:00:04Z"}',
    '',
  ].join('\n'),
);
const orders = file('orders.jsonl', ['{"user_id": 1, "amount": "19.99", "ts": "2024-05-01T10:00:05Z"}', '{"user_id": 2, "amount": 0.01, "ts": "2024-05-01T10:00:06Z"}'].join('\n'));

describe('tumbleql replay', () => {
  it('prints every emitted row as a JSON line and reports bad lines with file:line', () => {
    const rejects = join(dir, 'rejects.jsonl');
    const late = join(dir, 'late.jsonl');
    const r = tumbleql(['replay', script, '--input', `clicks=${clicks}`, '--input', `orders=${orders}`, '--rejects', rejects, '--late', late]);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toEqual([
      { view: 'click_counts', op: '+I', row: { user_id: 1, window_start: '2024-05-01T10:00:00.000Z', clicks: 2 } },
      { view: 'click_counts', op: '+I', row: { user_id: 2, window_start: '2024-05-01T10:00:10.000Z', clicks: 1 } },
      { view: 'revenue', op: '+I', row: { window_start: '2024-05-01T10:00:00.000Z', total: 20 } },
    ]);
    expect(r.stderr).toContain(`${clicks}:3: rejected: invalid JSON`);
    expect(r.stderr).toMatch(new RegExp(`${clicks}:4: rejected: .*user_id`));
    expect(r.stderr).toMatch(/source clicks: 4 events in, 2 rejected/);
    expect(r.stderr).toMatch(/view click_counts: 2 rows out, 1 late/);
    const rej = readFileSync(rejects, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rej.map((x) => x.origin)).toEqual([`${clicks}:3`, `${clicks}:4`]);
    const lateRows = readFileSync(late, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lateRows).toEqual([{ view: 'click_counts', source: 'clicks', row: { user_id: 2, ts: '2024-05-01T10:00:04.000Z' }, watermark: '2024-05-01T10:00:15.000Z' }]);
  });

  it('leaves open windows open with --no-flush', () => {
    const r = tumbleql(['replay', script, '--input', `clicks=${clicks}`, '--no-flush']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('exits non-zero with the diagnostic and a caret on a SQL error', () => {
    const bad = file('bad.sql', 'CREATE SOURCE s (a INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);\nSELECT b FROM s;\n');
    const state = join(dir, 'never.db');
    const r = tumbleql(['replay', bad, '--events', file('none.jsonl', ''), '--state', state]);
    expect(r.status).toBe(1);
    expect(existsSync(state), 'no state file for a script that does not plan').toBe(false);
    expect(r.stderr).toContain(`${bad}: error[UNKNOWN_COLUMN] at 2:8: column 'b' not found in 's'; available: a, ts`);
    expect(r.stderr).toContain('  2 | SELECT b FROM s;\n    |        ^');
  });

  it('names the sources the script has when --input names another', () => {
    const r = tumbleql(['replay', script, '--input', `clics=${clicks}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("source 'clics'");
    expect(r.stderr).toContain('clicks, orders');
  });

  it('is a usage error without --input or --events, and with both', () => {
    const none = tumbleql(['replay', script]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('tumbleql replay: nothing to replay: give --input <source>=<file.jsonl> or --events <file.jsonl>');
    expect(none.stderr).toContain('usage: tumbleql replay');
    const both = tumbleql(['replay', script, '--input', `clicks=${clicks}`, '--events', clicks]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--input and --events cannot be combined');
  });

  it('replays --events in arrival order across sources, with injected watermarks', () => {
    const events = file(
      'events.jsonl',
      [
        '{"source": "clicks", "row": {"user_id": 1, "ts": "2024-05-01T10:00:01Z"}}',
        '{"source": "orders", "row": {"user_id": 1, "amount": "2.50", "ts": "2024-05-01T10:00:02Z"}}',
        // an injected watermark fires the clicks window before any later click arrives
        '{"source": "CLICKS", "watermark": "2024-05-01T10:00:10Z"}',
        '{"source": "clicks", "row": {"user_id": 1, "ts": "2024-05-01T10:00:03Z"}}',
        '{"source": "orders", "op": "-D", "row": {"user_id": 1, "amount": "2.50", "ts": "2024-05-01T10:00:02Z"}}',
        '{"source": "orders", "watermark": "soon"}',
      ].join('\n'),
    );
    const r = tumbleql(['replay', script, '--events', events]);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toEqual([
      { view: 'click_counts', op: '+I', row: { user_id: 1, window_start: '2024-05-01T10:00:00.000Z', clicks: 1 } },
      { view: 'revenue', op: '+I', row: { window_start: '2024-05-01T10:00:00.000Z', total: 2.5 } },
    ]);
    expect(r.stderr).toContain(`${events}:5: rejected: op "-D" needs a changelog source`);
    expect(r.stderr).toContain(`${events}:6: rejected: watermark must be epoch milliseconds or ISO-8601 text, got "soon"`);
    expect(r.stderr).toContain('source clicks: 2 events in, 0 rejected');
    expect(r.stderr).toContain('view click_counts: 1 row out, 1 late');
    // the summary stands apart from the file:line diagnostics above it
    expect(r.stderr).toMatch(/got "soon"\n\nreplay: source clicks/);
  });
});

describe('tumbleql replay of constant rows and dates', () => {
  it('prints the rows of SELECT without FROM, VALUES and DATE/TIME columns', () => {
    const sql = file(
      'dates.sql',
      `CREATE SOURCE visits (page VARCHAR, day DATE, at TIME, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW pages AS SELECT * FROM (VALUES ('home', 'Home page'), ('cart', 'Basket')) AS p (page, title);
SELECT 1 + 2 AS three, DATE '2024-01-02' + INTERVAL '1' DAY AS next_day;
CREATE VIEW per_day AS SELECT day, MIN(at) AS first_visit, COUNT(*) AS n, TIMESTAMPADD(DAY, 7, day) AS week_later
  FROM visits WHERE day >= TO_DATE('2024-01-01') GROUP BY day;
`,
    );
    const visits = file(
      'visits.jsonl',
      ['{"page": "home", "day": "2024-01-02", "at": "10:00:00", "ts": "2024-01-02T10:00:00Z"}', '{"page": "cart", "day": "2024-01-02", "at": "09:15:30.5", "ts": "2024-01-02T11:00:00Z"}'].join('\n'),
    );
    const r = tumbleql(['replay', sql, '--input', `visits=${visits}`]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toEqual([
      { view: 'pages', op: '+I', row: { page: 'home', title: 'Home page' } },
      { view: 'pages', op: '+I', row: { page: 'cart', title: 'Basket' } },
      { view: 'query_1', op: '+I', row: { three: 3, next_day: '2024-01-03' } },
      { view: 'per_day', op: '+I', row: { day: '2024-01-02', first_visit: '10:00:00', n: 1, week_later: '2024-01-09' } },
      { view: 'per_day', op: '-U', row: { day: '2024-01-02', first_visit: '10:00:00', n: 1, week_later: '2024-01-09' } },
      { view: 'per_day', op: '+U', row: { day: '2024-01-02', first_visit: '09:15:30.500', n: 2, week_later: '2024-01-09' } },
    ]);
  });
});
