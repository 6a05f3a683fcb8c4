/**
 * End to end: `npm start`, i.e. `node bin/tumbleql.js demo` (src/cli/demo.ts), with the real engine, the
 * social-media datagen source and the websocket server. Three ways in:
 *   (a) on a terminal (tmux, 120×40): the banner, \views, an ad-hoc windowed SELECT whose rows arrive
 *       live with events/s on the status line, the banner's websocket URL, \q exits 0;
 *   (b) without a terminal (stdin /dev/null, stdout a pipe): result rows as JSON lines, SIGTERM exits 0;
 *   (c) a `ws` client on the URL the demo prints, subscribing to a view from `earliest`;
 *   (d) like `npm start | head -1`: the reader goes away after one line, and the demo ends by itself.
 * The generator's event time follows the wall clock and the watermark trails it by 2 s, so a window fires
 * about 2 s after it ends: waits are bounded by that, not by fixed sleeps. Both demos start together in
 * beforeAll, so the 10 s windows of (b)–(d) ripen while (a) runs; the file takes about 15–20 s.
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
/** Changelog views: the follow graph and the notifications joined from it. */
const CHANGELOG_VIEWS = ['follows', 'notifications'];
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

  /** The non-terminal demo of (b) and (c), and what it wrote. */
  let child: ChildProcess;
  let startedAt = 0;
  let stdout = '';
  let stderr = '';
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const stdoutLines = (): string[] => stdout.split('\n').slice(0, -1);
  /** The demo of (d), whose stdout is closed after its first line. */
  let headed: ChildProcess;
  let headedExit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  beforeAll(async () => {
    cli = await buildCli(`tumbleql-demo-e2e-${process.pid}`);
    const history = join(work, 'history');
    term = new Tmux(`tq-demo-e2e-${process.pid}`, `cd ${JSON.stringify(work)} && TUMBLEQL_HISTORY=${JSON.stringify(history)} node ${JSON.stringify(cli.bin)} demo --port 0; echo "EXIT:$?"; sleep 30`);

    const devNull = openSync('/dev/null', 'r');
    child = spawn(process.execPath, [cli.bin, 'demo', '--port', '0'], { cwd: work, stdio: [devNull, 'pipe', 'pipe'] });
    closeSync(devNull);
    startedAt = Date.now();
    child.stdout?.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr?.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('exit', (code, signal) => { exited = { code, signal }; });

    headed = spawn(process.execPath, [cli.bin, 'demo', '--port', '0'], { cwd: work, stdio: ['ignore', 'pipe', 'ignore'] });
    headed.on('exit', (code, signal) => { headedExit = { code, signal }; });
    let first = '';
    headed.stdout?.setEncoding('utf8').on('data', (s: string) => {
      first += s;
      if (first.includes('\n')) headed.stdout?.destroy();
    });
  }, 60_000);

  afterAll(() => {
    term?.kill();
    if (child && exited === null) child.kill('SIGKILL');
    if (headed && headedExit === null) headed.kill('SIGKILL');
    cli?.remove();
    rmSync(work, { recursive: true, force: true });
  });

  it('(a) on a terminal: banner, \\views, a live windowed SELECT with events/s, the websocket URL, \\q exits 0', async () => {
    const banner = await term.waitFor((s) => s.includes('tumbleql demo —') && s.includes('tumbleql>'), 'the banner and prompt', 15_000);
    expect(banner).toContain('views: actions_per_type (10 s TUMBLE), trending_items (1 min HOP every 10 s), activity_bursts');
    const url = WS_URL.exec(banner);
    expect(url, 'the banner names the websocket URL').not.toBeNull();
    expect(Number(url?.[1])).toBeGreaterThan(0);

    term.type('\\views');
    term.key('Enter');
    const views = await term.waitFor((s) => s.includes('(5 rows)'), '\\views');
    for (const v of VIEWS) expect(views).toMatch(new RegExp(`^ ${v} +\\| append +\\| `, 'm'));
    for (const v of CHANGELOG_VIEWS) expect(views).toMatch(new RegExp(`^ ${v} +\\| changelog +\\| `, 'm'));

    // A 2 s TUMBLE fires about 4 s after its window starts; the first one seen may be partial.
    term.type('SELECT action, window_start, COUNT(*) AS n');
    term.key('Enter');
    term.type("FROM TABLE(TUMBLE(TABLE actions, DESCRIPTOR(ts), INTERVAL '2' SECOND))");
    term.key('Enter');
    term.type('GROUP BY action, window_start, window_end;');
    term.key('Enter');
    const rowLine = new RegExp(`^ (${ACTIONS.join('|')}) +\\| (\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z) \\| +(\\d+)$`, 'm');
    const evs = /● ([\d,]+) ev\/s in │ watermark (\S+) │ ([\d,]+) rows out/;
    const live = await term.waitFor((s) => {
      const st = evs.exec(s);
      return rowLine.test(s) && st !== null && Number(st[1]?.replace(/,/g, '')) > 0;
    }, 'windowed rows and events/s > 0 on the status line', 12_000);
    expect(live).toMatch(/▶ query_\d+: SELECT action, window_start, COUNT\(\*\) AS n/);
    expect(live).toMatch(/^ action +\| window_start +\| n$/m);
    // Event time follows the wall clock.
    const windowStart = Date.parse(rowLine.exec(live)?.[2] ?? '');
    expect(Math.abs(Date.now() - windowStart)).toBeLessThan(60_000);
    const rate = Number(evs.exec(live)?.[1]?.replace(/,/g, ''));
    expect(rate).toBeGreaterThan(0);

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

  it('(c) a ws client on the printed URL subscribes to actions_per_type from earliest and gets rows', async () => {
    const url = await until(() => WS_URL.exec(stderr)?.[0], 'the websocket URL on stderr', 10_000, () => `; stderr: ${stderr}`);
    const ws = await WsClient.open(url);
    try {
      ws.send({ type: 'subscribe', id: 'c1', view: 'actions_per_type', from: 'earliest' });
      const subscribed = await ws.waitFor((m) => m['type'] === 'subscribed', 'subscribed', 5000);
      expect(subscribed).toMatchObject({ id: 'c1', view: 'actions_per_type' });
      // The first 10 s window fires at most ~12 s after the demo started.
      const left = Math.max(1000, startedAt + 20_000 - Date.now());
      const msg = await ws.waitFor((m) => m['type'] === 'rows' && m['view'] === 'actions_per_type', 'a rows message', left);
      const rows = msg['rows'] as { seq: number; op: string; row: Record<string, unknown> }[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows[0]?.seq).toBe(1);
      for (const r of rows) {
        expect(r.op).toBe('+I');
        expect(ACTIONS).toContain(r.row['action']);
        expect(Number(r.row['actions'])).toBeGreaterThan(0);
      }
      // The same rows, by seq, as the demo prints on stdout.
      const printed = await until(() => {
        const byseq = new Map<number, unknown>();
        for (const l of stdoutLines()) {
          const j = JSON.parse(l) as { view: string; seq: number; op: string; row: unknown };
          if (j.view === 'actions_per_type') byseq.set(j.seq, { seq: j.seq, op: j.op, row: j.row });
        }
        return rows.every((r) => byseq.has(r.seq)) ? byseq : undefined;
      }, 'the same rows on stdout', 5000);
      for (const r of rows) expect(printed.get(r.seq)).toEqual(r);
    } finally {
      ws.close();
    }
  }, 30_000);

  it('(b) without a terminal: JSON lines {view, seq, op, row}; SIGTERM exits 0', async () => {
    expect(stderr).toMatch(/^tumbleql demo: running \(Ctrl-C to stop\); views: actions_per_type, trending_items, activity_bursts, follows, notifications$/m);
    const left = Math.max(1000, startedAt + 20_000 - Date.now());
    await until(() => stdoutLines().some((l) => l.startsWith('{"view":"actions_per_type"')), 'a line of actions_per_type on stdout', left, () => `; stdout: ${stdout.slice(0, 1000)}; stderr: ${stderr}`);
    expect(exited).toBeNull();

    child.kill('SIGTERM');
    const done = await until(() => exited, 'the demo to exit after SIGTERM', 10_000, () => `; stderr: ${stderr}`);
    expect(done).toEqual({ code: 0, signal: null });

    expect(stdout.endsWith('\n')).toBe(true);
    const lines = stdoutLines();
    const lastSeq = new Map<string, number>();
    for (const line of lines) {
      const j = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(j)).toEqual(['view', 'seq', 'op', 'row']);
      expect(VIEWS).toContain(j['view']);
      expect(['+I', '-U', '+U', '-D']).toContain(j['op']);
      expect(typeof j['row']).toBe('object');
      // seq is contiguous from 1 per view.
      const view = j['view'] as string;
      expect(j['seq']).toBe((lastSeq.get(view) ?? 0) + 1);
      lastSeq.set(view, j['seq'] as number);
    }
    expect(lastSeq.get('actions_per_type')).toBeGreaterThan(0);
  }, 30_000);

  it('(d) ends by itself, exit 0, when its reader goes away (npm start | head -1)', async () => {
    // It notices at its next write: the first window fires ≤ ~12 s after start, the next ones with it or 10 s later.
    const left = Math.max(1000, startedAt + 25_000 - Date.now());
    const done = await until(() => headedExit, 'the demo to end after its stdout closed', left);
    expect(done).toEqual({ code: 0, signal: null });
  }, 30_000);

  // Last, when the demos above have stopped: starting the CLI is what takes the time.
  it('rejects a bad --port or option with usage, exit 2, without starting anything', async () => {
    const runs = [['--port', 'abc'], ['--port', '70000'], ['--bogus']].map((args) => new Promise<{ args: string[]; code: number | null; out: string; err: string }>((done) => {
      const p = spawn(process.execPath, [cli.bin, 'demo', ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
      let out = '';
      let err = '';
      p.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
      p.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
      p.on('close', (code) => done({ args, code, out, err }));
    }));
    for (const r of await Promise.all(runs)) {
      expect(r.code, `${r.args.join(' ')}: ${r.err}`).toBe(2);
      expect(r.err).toMatch(/^tumbleql demo: .*\nusage: tumbleql demo /);
      expect(r.out).toBe('');
    }
  }, 30_000);

  it('keeps the typed inputs in the history file it was given', () => {
    const history = readFileSync(join(work, 'history'), 'utf8');
    expect(history).toContain('GROUP BY action, window_start, window_end;');
  });
});
