/**
 * `tumbleql replay --events` with changelog tables, through the real CLI: -U/+U/-D lines reach a
 * GROUP BY as an exact changelog, a temporal join reads the versions, and an op on an append-only
 * source is rejected with file:line while the other lines go in.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tumbleql } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tumbleql-temporal-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SQL = `
CREATE TABLE rates (currency VARCHAR, rate DECIMAL(10,4), ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (currency) NOT ENFORCED);
CREATE SOURCE orders (id INT, currency VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW per_rate AS SELECT rate, COUNT(*) AS n FROM rates GROUP BY rate;
CREATE VIEW priced AS SELECT o.id, r.rate FROM orders o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;
`;

const EVENTS = [
  { source: 'rates', row: { currency: 'EUR', rate: '1.1000', ts: 1000 } },
  { source: 'rates', row: { currency: 'USD', rate: '1.1000', ts: 1000 } },
  { source: 'orders', row: { id: 1, currency: 'EUR', ts: 1500 } },
  { source: 'rates', op: '-U', row: { currency: 'EUR', rate: '1.1000', ts: 2000 } },
  { source: 'rates', op: '+U', row: { currency: 'EUR', rate: '1.2000', ts: 2000 } },
  { source: 'rates', op: '-D', row: { currency: 'USD', rate: '1.1000', ts: 2500 } },
  { source: 'orders', op: '-D', row: { id: 9, currency: 'EUR', ts: 1600 } },
  { source: 'orders', row: { id: 2, currency: 'EUR', ts: 2200 } },
  { source: 'orders', row: { id: 3, currency: 'USD', ts: 2600 } },
];

describe('replay --events with a changelog table', () => {
  it('feeds -U/+U/-D to GROUP BY and to a temporal join, and rejects an op on an append-only source', () => {
    const script = join(dir, 'script.sql');
    const events = join(dir, 'events.jsonl');
    writeFileSync(script, SQL);
    writeFileSync(events, EVENTS.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const r = tumbleql(['replay', script, '--events', events]);
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { view: string; op: string; row: Record<string, unknown> });
    expect(out.filter((l) => l.view === 'per_rate').map((l) => `${l.op} ${JSON.stringify(l.row)}`)).toEqual([
      '+I {"rate":1.1,"n":1}',
      '-U {"rate":1.1,"n":1}',
      '+U {"rate":1.1,"n":2}',
      '-U {"rate":1.1,"n":2}',
      '+U {"rate":1.1,"n":1}',
      '+I {"rate":1.2,"n":1}',
      '-D {"rate":1.1,"n":1}',
    ]);
    expect(out.filter((l) => l.view === 'priced').map((l) => `${l.op} ${JSON.stringify(l.row)}`)).toEqual([
      '+I {"id":1,"rate":1.1}',
      '+I {"id":2,"rate":1.2}',
      '+I {"id":3,"rate":null}',
    ]);
    expect(r.stderr).toContain(`${events}:7: rejected: op "-D" needs a changelog source: 'orders' has no PRIMARY KEY`);
  }, 60_000);
});
