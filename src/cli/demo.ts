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
import { parseArgs } from 'node:util';
import { SqlError, type Engine } from '../executor/api.js';
import { startServer, type RunningServer } from '../executor/server/index.js';
import { createEngine } from '../index.js';
import { formatDiagnostic } from '../parser/diagnostics.js';

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
  const usage = 'usage: tumbleql demo [--port N (default 8080; 0: any free port)] [--host H] [--plain]';
  let values: { port?: string; host?: string; plain?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { port: { type: 'string' }, host: { type: 'string' }, plain: { type: 'boolean' } } }));
  } catch (e) {
    process.stderr.write(`tumbleql demo: ${(e as Error).message}\n${usage}\n`);
    return 2;
  }
  const wanted = Number(values.port ?? 8080);
  if (!/^\d+$/.test(values.port ?? '8080') || wanted > 65535) {
    process.stderr.write(`tumbleql demo: --port must be a port number (0 to 65535), got '${values.port}'\n${usage}\n`);
    return 2;
  }
  const engine = createEngine();
  const dir = examplesDir();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.sql')).sort()) {
    const sql = readFileSync(join(dir, f), 'utf8');
    try {
      engine.execute(sql);
    } catch (e) {
      if (!(e instanceof SqlError)) throw e;
      for (const d of e.diagnostics) process.stderr.write(`${join(dir, f)}: ${formatDiagnostic(d, sql)}\n`);
      return 1;
    }
  }
  engine.start();
  const tty = !values.plain && process.stdin.isTTY === true && process.stdout.isTTY === true;
  let server: RunningServer | null;
  try {
    server = await listen(engine, values.host ?? '127.0.0.1', wanted, tty);
  } catch (e) {
    // The started engine's generator would otherwise keep the process alive.
    await engine.close();
    process.stderr.write(`tumbleql demo: cannot start the websocket server: ${(e as Error).message}\n`);
    return 1;
  }
  const port = server?.port;
  const base = server ? server.url.replace(/\/ws$/, '') : '';
  const hint = port
    ? `websocket: ${server!.url} — from another terminal: npx tumbleql repl --connect ${base}  (or send {"type":"subscribe","view":"trending_items"})`
    : 'websocket server not started (no free port)';

  if (tty) {
    const { runRepl } = await import('../../repl/index.js');
    const banner = [
      'tumbleql demo — a social platform\'s live stream of user actions (source: actions)',
      'views: actions_per_type (10 s TUMBLE), trending_items (1 min HOP every 10 s), activity_bursts, follows, notifications (join)',
      'try:  \\subscribe trending_items    \\late actions_per_type    SELECT action, COUNT(*) AS n FROM actions GROUP BY action;',
      hint,
    ].join('\n');
    const code = await runRepl({ engine, banner });
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
  // Stops when the reader goes away (`npm start | head`), which BufferedOut's EPIPE handling would hide.
  const write = (text: string): void => {
    try {
      writeSync(1, text);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') stop();
      else if (code === 'EAGAIN') process.stdout.write(text);
      else throw e;
    }
  };
  for (const v of engine.views()) {
    engine.subscribe(v.name, (rows) => {
      write(rows.map((r) => `${JSON.stringify({ view: v.name, seq: r.seq, op: r.op, row: r.row })}\n`).join(''));
    });
  }
  await stopped;
  await server?.close();
  await engine.close();
  return 0;
}

/** Starts the server; if the port is taken, takes any free one rather than failing the demo. */
async function listen(engine: Engine, host: string, port: number, quiet: boolean): Promise<RunningServer | null> {
  const opts = { host, ...(quiet ? { logLevel: 'error' as const } : {}) };
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
