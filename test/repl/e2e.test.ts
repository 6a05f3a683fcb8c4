/**
 * End to end: the real CLI (`node bin/tumbleql.js repl`) with the real engine in a real terminal (tmux,
 * 120×40), typed into as a person would, the screen read back with `tmux capture-pane -p`.
 *
 * The CLI is a private build (test/repl/cli-bundle.ts), not the shared dist/.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, type CliBundle } from './cli-bundle.js';
import { Tmux, tmuxAvailable } from './tmux.js';

const engineAvailable = existsSync(join(ROOT, 'src/index.ts')) && /export function createEngine/.test(readFileSync(join(ROOT, 'src/index.ts'), 'utf8'));

const work = mkdtempSync(join(tmpdir(), 'tq-e2e-'));
const historyPath = join(work, 'history');
const captures: string[] = [];

const skipped = !tmuxAvailable ? ' — skipped: tmux not found' : !engineAvailable ? ' — skipped: src/index.ts does not export createEngine yet' : '';

describe.skipIf(skipped !== '')(`tumbleql repl in a terminal (tmux)${skipped}`, () => {
  let cli: CliBundle;
  let term: Tmux;
  const waitFor = (test: (s: string) => boolean, what: string, ms?: number): Promise<string> => term.waitFor(test, what, ms);
  const type = (text: string): void => term.type(text);
  const key = (name: string): void => term.key(name);

  beforeAll(async () => {
    cli = await buildCli(`tumbleql-e2e-${process.pid}`);
    const command = `cd ${JSON.stringify(work)} && TUMBLEQL_HISTORY=${JSON.stringify(historyPath)} node ${JSON.stringify(cli.bin)} repl; echo "EXIT:$?"; sleep 30`;
    term = new Tmux(`tq-e2e-${process.pid}`, command);
  }, 60_000);

  afterAll(() => {
    term?.kill();
    cli?.remove();
    if (captures.length > 0) writeFileSync(join(tmpdir(), 'tumbleql-e2e-screens.txt'), captures.join('\n\n'));
  });

  it('creates a source, runs a windowed SELECT, inserts rows, shows windows as they fire, and quits', async () => {
    await waitFor((s) => s.includes('tumbleql>'), 'the prompt');

    type('CREATE SOURCE bids (auction BIGINT, price DOUBLE, ts TIMESTAMP(3),');
    key('Enter');
    await waitFor((s) => s.includes('   ...>'), 'the continuation prompt');
    type("  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (connector = 'websocket');");
    key('Enter');
    await waitFor((s) => s.includes('created source bids'), 'the source');

    type('SELECT auction, window_start, COUNT(*) AS bids, MAX(price) AS top');
    key('Enter');
    type("FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))");
    key('Enter');
    type('GROUP BY auction, window_start, window_end;');
    key('Enter');
    await waitFor((s) => s.includes('waiting for rows'), 'the query to start');

    type("INSERT INTO bids VALUES (1, 10.5, TIMESTAMP '2020-10-10 00:00:01'), (2, 12, TIMESTAMP '2020-10-10 00:00:03');");
    key('Enter');
    await waitFor((s) => s.includes('inserted 2 rows into bids'), 'the first insert');
    type("INSERT INTO bids VALUES (1, 3, TIMESTAMP '2020-10-10 00:00:15');");
    key('Enter');
    const live = await waitFor((s) => s.includes('(2 rows)') && s.includes('watermark 2020-10-10T00:00:14.000Z'), 'the first window to fire');
    captures.push(live);
    expect(live).toMatch(/▶ query_1: SELECT auction, window_start/);
    expect(live).toMatch(/ auction \| window_start +\| bids \| top\s*\n-+\+-+\+-+\+-+/);
    expect(live).toMatch(/ +1 \| 2020-10-10T00:00:00\.000Z \| +1 \| 10\.5/);
    expect(live).toMatch(/ +2 \| 2020-10-10T00:00:00\.000Z \| +1 \| +12/);
    expect(live).toMatch(/● .*ev\/s in │ watermark 2020-10-10T00:00:14\.000Z │ 2 rows out │ 0 late │ 0 rejected/);

    type('SELECT auction, prce FROM bids;');
    key('Enter');
    const error = await waitFor((s) => s.includes('error[UNKNOWN_COLUMN]'), 'the error');
    const lines = error.split('\n');
    const src = lines.findIndex((l) => l.includes('| SELECT auction, prce FROM bids;'));
    expect(lines[src + 1]?.indexOf('^^^^')).toBe(lines[src]?.indexOf('prce'));

    key('C-c');
    const cancelled = await waitFor((s) => /\(2 rows; cancelled after/.test(s), 'the cancel');
    captures.push(cancelled);
    expect(cancelled).not.toContain('▶ query_1');

    type('\\q');
    key('Enter');
    captures.push(await waitFor((s) => s.includes('EXIT:0'), 'exit status 0'));
    const history = readFileSync(historyPath, 'utf8');
    expect(history).toContain('"\\\\q"');
    expect(history).toContain('GROUP BY auction, window_start, window_end;');
  }, 60_000);
});
