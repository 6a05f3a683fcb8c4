/**
 * `tumbleql demo` (what `npm start` runs): the social-media scenario live on an embedded engine.
 * Registers examples/social/*.sql (a generated stream of user actions and the views a notification /
 * recommendation service would run), starts the websocket server, and opens the REPL. Without a
 * terminal (CI, a pipe) it runs the same demo as a server and prints result rows as JSON lines until
 * stopped. State is in memory: every start is a fresh demo.
 */
import { readdirSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqlError, type Clock, type Engine } from '../executor/api.js';
import { startServer, type RunningServer } from '../executor/server/index.js';
import { createEngine } from '../index.js';
import { formatDiagnostic } from '../parser/diagnostics.js';
import { parseCommand, usageError } from './args.js';
import { feedFollows } from './demo-follows.js';

export const DEMO_USAGE = `usage: tumbleql demo [--port N] [--host H] [--plain]

The social-media demo (what npm start runs): a generated stream of user actions, the views in
examples/social, a websocket server and the REPL (JSON lines on stdout without a terminal).

options:
  --port <N>     websocket/HTTP port (default 8080; 0: any free port; a taken port falls back to a free one)
  --host <H>     address to bind (default 127.0.0.1)
  --plain        no REPL: print result rows as JSON lines, as without a terminal
  -h, --help     show this help`;

const CMD = { name: 'demo', usage: DEMO_USAGE };

/** examples/social, found from this file whether it runs from src/ or dist/src/. */
function examplesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      readdirSync(join(dir, 'examples', 'social'));
      return join(dir, 'examples', 'social');
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error('examples/social not found next to the tumbleql package');
}

export async function demoCommand(argv: string[]): Promise<number> {
  const args = parseCommand(CMD, argv, { port: { type: 'string' }, host: { type: 'string' }, token: { type: 'string' }, plain: { type: 'boolean' } });
  if (typeof args === 'number') return args;
  const values = args.values;
  if (args.positionals.length > 0) return usageError(CMD, `unexpected argument '${args.positionals[0]}'`);
  const wanted = Number(values.port ?? 8080);
  if (!/^\d+$/.test(values.port ?? '8080') || wanted > 65535) return usageError(CMD, `--port must be a port number (0 to 65535), got '${values.port}'`);
  const tty = !values.plain && process.stdin.isTTY === true && process.stdout.isTTY === true;
  let demo: Demo;
  try {
    demo = await startDemo({ host: values.host ?? '127.0.0.1', port: wanted, quiet: tty, ...(values.token !== undefined ? { token: values.token } : {}) });
  } catch (e) {
    if (e instanceof DemoSqlError) {
      process.stderr.write(e.message);
      return 1;
    }
    process.stderr.write(`tumbleql demo: cannot start the websocket server: ${(e as Error).message}\n`);
    return 1;
  }
  const { engine, server } = demo;
  const port = server?.port;
  const base = server ? server.url.replace(/\/ws$/, '') : '';
  const hint = port
    ? `websocket: ${server!.url} — from another terminal: npx tumbleql repl --connect ${base}  (or send {"type":"subscribe","view":"trending_items"})`
      + `\nconsole:   ${server!.httpUrl}/${process.env['TUMBLEQL_TOKEN'] ? '?token=<TUMBLEQL_TOKEN>' : ''}  (the web console, in a browser)`
    : 'websocket server not started (no free port)';

  if (tty) {
    const { runRepl } = await import('../../repl/index.js');
    const banner = [
      'tumbleql demo — a social platform\'s live stream of user actions (source: actions)',
      'views: actions_per_type (10 s TUMBLE), trending_items (1 min HOP every 10 s), activity_bursts, notifications (join with the follows changelog table)',
      'try:  \\subscribe trending_items    \\late actions_per_type    SELECT action, COUNT(*) AS n FROM actions GROUP BY action;',
      hint,
    ].join('\n');
    const code = await runRepl({ engine, banner, idleStatus: true });
    await server?.close();
    await engine.close();
    return code;
  }

  process.stderr.write(`tumbleql demo: running (Ctrl-C to stop); views: ${engine.views().map((v) => v.name).join(', ')}\n${hint}\n`);
  let stop = (): void => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  printViews(engine, (text) => {
    try {
      writeSync(1, text);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      process.stdout.write(text);
    }
  }, stop);
  await stopped;
  await server?.close();
  await engine.close();
  return 0;
}

export interface DemoOptions {
  readonly host: string;
  /** 0: any free port; a taken port falls back to a free one. */
  readonly port: number;
  /** Server logs at error level only (the REPL owns the terminal). */
  readonly quiet: boolean;
  /** Processing time for the generator (tests inject a manual clock). */
  readonly clock?: Clock;
  /** Clients must present this token (needed to listen beyond loopback). */
  readonly token?: string;
}

export interface Demo {
  readonly engine: Engine;
  /** null when no port could be taken. */
  readonly server: RunningServer | null;
}

/** A statement of examples/social that does not run: the formatted diagnostics, for stderr. */
export class DemoSqlError extends Error {}

/** The demo's engine (examples/social registered, generator started) and its websocket server. */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const engine = createEngine(options.clock !== undefined ? { clock: options.clock } : {});
  const dir = examplesDir();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.sql')).sort()) {
    const sql = readFileSync(join(dir, f), 'utf8');
    try {
      engine.execute(sql);
    } catch (e) {
      await engine.close();
      if (!(e instanceof SqlError)) throw e;
      throw new DemoSqlError(e.diagnostics.map((d) => `${join(dir, f)}: ${formatDiagnostic(d, sql)}\n`).join(''));
    }
  }
  feedFollows(engine);
  engine.start();
  try {
    return { engine, server: await listen(engine, options.host, options.port, options.quiet, options.token) };
  } catch (e) {
    // The started engine's generator would otherwise keep the process alive.
    await engine.close();
    throw e;
  }
}

/**
 * Without a terminal: every view's rows as JSON lines `{view, seq, op, row}`. When the reader goes away
 * (`npm start | head`, EPIPE from `write`) it calls `onClosed` instead of failing.
 */
export function printViews(engine: Engine, write: (text: string) => void, onClosed: () => void): void {
  let closed = false;
  for (const v of engine.views()) {
    engine.subscribe(v.name, (rows) => {
      if (closed) return;
      try {
        write(rows.map((r) => `${JSON.stringify({ view: v.name, seq: r.seq, op: r.op, row: r.row })}\n`).join(''));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
        closed = true;
        onClosed();
      }
    });
  }
}

/** Starts the server; if the port is taken, takes any free one rather than failing the demo. */
async function listen(engine: Engine, host: string, port: number, quiet: boolean, token?: string): Promise<RunningServer | null> {
  const opts = { host, ...(token !== undefined ? { token } : {}), ...(quiet ? { logLevel: 'error' as const } : {}) };
  try {
    return await startServer(engine, { ...opts, port });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    try {
      return await startServer(engine, { ...opts, port: 0 });
    } catch {
      return null;
    }
  }
}
