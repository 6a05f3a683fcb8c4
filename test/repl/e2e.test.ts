/**
 * End to end: the real CLI (`node bin/tumbleql.js repl`) with the real engine in a real terminal (tmux,
 * 120×40), typed into as a person would, the screen read back with `tmux capture-pane -p`.
 *
 * The CLI is built into a private directory (a copy of bin/ and an esbuild bundle of src/cli.ts as
 * dist/src/cli.js) rather than by `npm run build`, which deletes the shared dist/ that other work in this
 * repository may be running from. The private directory sits under node_modules/.cache so the bundle's
 * external packages (ink, react, chevrotain ...) resolve from the repository's node_modules.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const tmuxAvailable = spawnSync('tmux', ['-V']).status === 0;
const engineAvailable = existsSync(join(ROOT, 'src/index.ts')) && /export function createEngine/.test(readFileSync(join(ROOT, 'src/index.ts'), 'utf8'));
/** src/cli.ts dispatches `repl` to repl/cli-repl.ts (its owner wires it); until then the test enters there directly. */
const cliDispatchesRepl = /cli-repl/.test(readFileSync(join(ROOT, 'src/cli.ts'), 'utf8'));

const OUT = join(ROOT, 'node_modules/.cache', `tumbleql-e2e-${process.pid}`);
const SESSION = `tq-e2e-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'tq-e2e-'));
const historyPath = join(work, 'history');

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

function screen(): string {
  return tmux('capture-pane', '-p', '-t', SESSION);
}

async function waitFor(test: (s: string) => boolean, what: string, ms = 10_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = screen();
    if (test(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Types text. `;` goes as a hex key: tmux reads an argument ending in `;` as a command separator. */
function type(text: string): void {
  text.split(';').forEach((part, i) => {
    if (i > 0) tmux('send-keys', '-t', SESSION, '-H', '3b');
    if (part !== '') tmux('send-keys', '-t', SESSION, '-l', part);
  });
}

function key(name: string): void {
  tmux('send-keys', '-t', SESSION, name);
}

const captures: string[] = [];

const skipped = !tmuxAvailable ? ' — skipped: tmux not found' : !engineAvailable ? ' — skipped: src/index.ts does not export createEngine yet' : '';

describe.skipIf(skipped !== '')(`tumbleql repl in a terminal (tmux)${skipped}`, () => {
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(join(OUT, 'bin'), { recursive: true });
    copyFileSync(join(ROOT, 'bin/tumbleql.js'), join(OUT, 'bin/tumbleql.js'));
    // Bundling only what the entry imports keeps unrelated files that are mid-edit out of the way.
    const entry = cliDispatchesRepl ? join(ROOT, 'src/cli.ts') : join(OUT, 'cli-shim.ts');
    if (!cliDispatchesRepl) {
      writeFileSync(entry, `import { replCommand } from ${JSON.stringify(join(ROOT, 'repl/cli-repl.ts'))};\nexport const main = (argv: string[]) => replCommand(argv.slice(1));\n`);
    }
    await build({
      entryPoints: [entry], outfile: join(OUT, 'dist/src/cli.js'), bundle: true, packages: 'external',
      format: 'esm', platform: 'node', target: 'node20', jsx: 'automatic', logLevel: 'error',
    });
    const command = `cd ${JSON.stringify(work)} && TUMBLEQL_HISTORY=${JSON.stringify(historyPath)} node ${JSON.stringify(join(OUT, 'bin/tumbleql.js'))} repl; echo "EXIT:$?"; sleep 30`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', command);
  }, 60_000);

  afterAll(() => {
    spawnSync('tmux', ['kill-session', '-t', SESSION]);
    rmSync(OUT, { recursive: true, force: true });
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
