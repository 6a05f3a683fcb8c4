/**
 * End to end: `npm start`, i.e. `node bin/tumbleql.js demo` (src/cli/demo.ts), the real command:
 *   (a) on a terminal (tmux, 120×40): the banner, the engine's status line while idle, \views, an ad-hoc
 *       SELECT whose changelog rows arrive as events do, the banner's websocket URL, \q exits 0;
 *   (b) without a terminal (stdin /dev/null, stdout a pipe): it runs, and SIGTERM exits 0.
 * Nothing here waits for a window to fire on the wall clock: windows, JSON lines, websocket rows and the
 * reader going away are tested in process on an injected clock (demo-clock.test.ts).
 * The CLI is a private build (test/repl/cli-bundle.ts), not the shared dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildCli, ROOT, type CliBundle } from './cli-bundle.js';
import { Tmux, tmuxAvailable } from './tmux.js';

const engineAvailable = existsSync(join(ROOT, 'src/cli/demo.ts'));
const VIEWS = ['actions_per_type', 'trending_items', 'activity_bursts'];
/** Changelog views: the notifications joined from the follow graph (the `follows` changelog table). */
const CHANGELOG_VIEWS = ['notifications'];
const ACTIONS = ['like', 'comment', 'share', 'post', 'follow', 'unfollow'];
const WS_URL = /ws:\/\/127\.0\.0\.1:(\d+)\/ws/;

type Message = Record<string, unknown>;

async function until<T>(probe: () => T | undefined | null | false, what: string, ms: number, detail: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${detail()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A websocket client that keeps every message it receives, for bounded waits on them. */
class WsClient {
  readonly messages: Message[] = [];
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push(JSON.parse(String(data)) as Message));
  }

  static open(url: string, ms = 5000): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`no connection to ${url} after ${ms} ms`));
      }, ms);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(new WsClient(ws));
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  send(msg: Message): void {
    this.ws.send(JSON.stringify(msg));
  }

  waitFor(test: (m: Message) => boolean, what: string, ms: number): Promise<Message> {
    return until(() => this.messages.find(test), what, ms, () => `; received: ${JSON.stringify(this.messages).slice(0, 2000)}`);
  }

  close(): void {
    this.ws.terminate();
  }
}

const skipped = !tmuxAvailable ? ' — skipped: tmux not found' : !engineAvailable ? ' — skipped: no src/cli/demo.ts yet' : '';

describe.skipIf(skipped !== '')(`npm start: the social-media demo${skipped}`, () => {
  let cli: CliBundle;
  let term: Tmux;
  const work = mkdtempSync(join(tmpdir(), 'tq-demo-e2e-'));

  /** The non-terminal demo of (b), and what it wrote. */
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  beforeAll(async () => {
    cli = await buildCli(`tumbleql-demo-e2e-${process.pid}`);
    const history = join(work, 'history');
    term = new Tmux(`tq-demo-e2e-${process.pid}`, `cd ${JSON.stringify(work)} && TUMBLEQL_HISTORY=${JSON.stringify(history)} node ${JSON.stringify(cli.bin)} demo --port 0; echo "EXIT:$?"; sleep 30`);

    const devNull = openSync('/dev/null', 'r');
    child = spawn(process.execPath, [cli.bin, 'demo', '--port', '0'], { cwd: work, stdio: [devNull, 'pipe', 'pipe'] });
    closeSync(devNull);
    child.stdout?.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr?.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('exit', (code, signal) => { exited = { code, signal }; });
  }, 60_000);

  afterAll(() => {
    term?.kill();
    if (child && exited === null) child.kill('SIGKILL');
    cli?.remove();
    rmSync(work, { recursive: true, force: true });
  });

  it('(a) on a terminal: banner, \\views, a live windowed SELECT with events/s, the websocket URL, \\q exits 0', async () => {
    const banner = await term.waitFor((s) => s.includes('tumbleql demo —') && s.includes('tumbleql>'), 'the banner and prompt', 15_000);
    expect(banner).toContain('views: actions_per_type (10 s TUMBLE), trending_items (1 min HOP every 10 s), activity_bursts');
    const url = WS_URL.exec(banner);
    expect(url, 'the banner names the websocket URL').not.toBeNull();
    expect(Number(url?.[1])).toBeGreaterThan(0);
    // While no query runs, the demo shows the engine's status line (the stream is live).
    await term.waitFor((s) => /● [\d,–]+ ev\/s in │ watermark \S+ │ [\d,]+ rows out/.test(s), 'the idle status line');

    term.type('\\views');
    term.key('Enter');
    const views = await term.waitFor((s) => s.includes('(4 rows)'), '\\views');
    for (const v of VIEWS) expect(views).toMatch(new RegExp(`^ ${v} +\\| append +\\| `, 'm'));
    for (const v of CHANGELOG_VIEWS) expect(views).toMatch(new RegExp(`^ ${v} +\\| changelog +\\| `, 'm'));

    // A changelog query: its rows come with the events, no window has to close on the wall clock.
    term.type('SELECT action, COUNT(*) AS n');
    term.key('Enter');
    term.type('FROM actions GROUP BY action;');
    term.key('Enter');
    const rowLine = new RegExp(`^ (${ACTIONS.join('|')}) +\\| +(\\d+)$`, 'm');
    const live = await term.waitFor((s) => rowLine.test(s) && /▶ query_\d+/.test(s), 'changelog rows under the running query', 12_000);
    expect(live).toMatch(/▶ query_\d+: SELECT action, COUNT\(\*\) AS n/);
    expect(live).toMatch(/^ action +\| +n$/m);

    // The websocket server the banner names is up while the REPL runs.
    const ws = await WsClient.open(url?.[0] ?? '');
    try {
      ws.send({ type: 'subscribe', id: 1, view: 'actions_per_type' });
      await ws.waitFor((m) => m['type'] === 'subscribed' && m['view'] === 'actions_per_type', 'subscribed', 5000);
    } finally {
      ws.close();
    }

    term.key('C-c');
    await term.waitFor((s) => /rows?; cancelled after/.test(s), 'the cancel');
    term.type('\\q');
    term.key('Enter');
    await term.waitFor((s) => s.includes('EXIT:0'), 'exit status 0', 10_000);
  }, 40_000);

  it('(b) without a terminal: runs, names its views and URL on stderr, and SIGTERM exits 0', async () => {
    await until(() => WS_URL.exec(stderr), 'the websocket URL on stderr', 15_000, () => `; stderr: ${stderr}`);
    expect(stderr).toMatch(/^tumbleql demo: running \(Ctrl-C to stop\); views: actions_per_type, trending_items, activity_bursts, notifications$/m);
    expect(exited).toBeNull();
    child.kill('SIGTERM');
    const done = await until(() => exited, 'the demo to exit after SIGTERM', 10_000, () => `; stderr: ${stderr}`);
    expect(done).toEqual({ code: 0, signal: null });
    // Whatever it printed (windows may or may not have fired by now) is whole JSON lines.
    for (const line of stdout.split('\n').slice(0, -1)) expect(Object.keys(JSON.parse(line) as object)).toEqual(['view', 'seq', 'op', 'row']);
  }, 30_000);

  it('keeps the typed inputs in the history file it was given', () => {
    const history = readFileSync(join(work, 'history'), 'utf8');
    expect(history).toContain('FROM actions GROUP BY action;');
  });
});
