/**
 * `tumbleql run <script.sql | tumbleql.yaml | folder-of-sql> [--state <path>] [--output jsonl]
 *  [--reset <view>]... [--checkpoint-interval 1s] [--port N [--host H] [--token T]]`
 *
 * Before the state file is touched, the SQL runs on a scratch engine and every file source is opened
 * (run-prepare.ts): a SQL error or an unreadable input exits 1 and leaves no state behind. A file
 * source's relative `path` is relative to the file that declares it.
 * The long-running engine. Opens the state file (default ./.tumbleql/state.db; a YAML config's
 * `state.path` is relative to the config file), which restores the catalog, operator state and source
 * offsets of the last checkpoint; runs the SQL (a statement identical to a restored one is a no-op, an
 * edited view is refused with STATE_MISMATCH unless `--reset <view>`), starts the connectors and the
 * websocket server when the YAML has a `server` section or `--port` is given (`--host`, `--token`
 * override the section's), then runs until SIGINT/SIGTERM. When every
 * source is bounded (files without follow, datagen with number_of_rows, nexmark with events) and no
 * server runs, it stops by itself once they are read to their end and every window has fired. Either
 * way it ends with a final checkpoint and exit 0; after a crash, the same command resumes the job.
 *
 * Exit codes: 0 done, 1 SQL/state/config error, 2 bad arguments. stdout carries data only
 * (`--output jsonl`, see committed-output.ts); logs and progress go to stderr.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError, loadConfig, loadSqlFiles, parseDuration, type Config } from '../config/index.js';
import { SqlError, type Engine, type SourceInfo } from '../executor/api.js';
import { StateError, DEFAULT_STATE_PATH } from '../executor/state/index.js';
import type { RunningServer } from '../executor/server/index.js';
import { createEngine } from '../index.js';
import { formatDiagnostic } from '../parser/diagnostics.js';
import { createLogger, type Logger } from '../util/log.js';
import { parseCommand, usageError } from './args.js';
import { CommittedPrinter } from './committed-output.js';
import { applyRemovals, declaredBy } from './config-diff.js';
import { preflight, resolveFilePaths, type SqlUnit } from './run-prepare.js';
import { withoutSkipped } from './skip.js';
import { inputSources, workerSlot } from './worker.js';

/**
 * Rows per chunk of a window firing (EngineOptions.sliceRows): a chunk of 1,024 rows through the durable
 * log and a subscriber's frames costs a few ms, so acknowledgements and other clients never wait longer.
 */
const DEFAULT_SLICE_ROWS = 1024;

export const RUN_USAGE = `usage: tumbleql run <script.sql | tumbleql.yaml | folder-of-sql>
                    [--state <path>] [--output jsonl] [--reset <view>]... [--checkpoint-interval 1s]
                    [--skip <name>]... [--log-format text|json] [--port <N> [--host <H>] [--token <T>]]
                    [--worker <i>/<N>] [--slice-rows <N>]
  --port starts the websocket/HTTP server (0: any free port); --host defaults to 127.0.0.1 and any other
  address needs a token (--token or $TUMBLEQL_TOKEN). With a tumbleql.yaml they override its server section.
  --worker i/N runs this process as worker i of N over partitioned (nats) sources, each with its own --state
  (or cluster: { worker: i/N } in tumbleql.yaml).
  --slice-rows N fires large windows in chunks of N rows with the event loop free between them (default
  ${DEFAULT_SLICE_ROWS}; 0 fires each window at once).`;

const CMD = { name: 'run', usage: RUN_USAGE };

/** A signalled stop that takes longer than this exits anyway (the last checkpoint stands). */
const SHUTDOWN_DEADLINE_MS = 10_000;

/** How often a progress line goes to stderr while running. */
const PROGRESS_MS = 10_000;

export async function runCommand(argv: string[]): Promise<number> {
  const args = parseCommand(CMD, argv, {
    state: { type: 'string' },
    output: { type: 'string' },
    reset: { type: 'string', multiple: true },
    skip: { type: 'string', multiple: true },
    'checkpoint-interval': { type: 'string' },
    'log-format': { type: 'string' },
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    token: { type: 'string' },
    worker: { type: 'string' },
    'slice-rows': { type: 'string' },
  });
  if (typeof args === 'number') return args;
  const target = args.positionals[0];
  if (target === undefined) return usage('missing the script, folder or tumbleql.yaml to run');
  if (args.positionals.length > 1) return usage(`unexpected argument '${args.positionals[1]}'`);
  const output = args.values.output;
  if (output !== undefined && output !== 'jsonl') return usage(`--output supports jsonl, got '${output}'`);
  const logFormat = args.values['log-format'];
  if (logFormat !== undefined && logFormat !== 'text' && logFormat !== 'json') return usage(`--log-format is text or json, got '${logFormat}'`);
  let intervalArg: number | null = null;
  if (args.values['checkpoint-interval'] !== undefined) {
    intervalArg = parseDuration(args.values['checkpoint-interval']);
    if (intervalArg === null) return usage(`--checkpoint-interval expects a duration like '1s' or '200ms', got '${args.values['checkpoint-interval']}'`);
  }

  const sliceArg = args.values['slice-rows'] ?? String(DEFAULT_SLICE_ROWS);
  if (!/^\d+$/.test(sliceArg)) return usage(`--slice-rows expects a number of rows (0: fire each window at once), got '${sliceArg}'`);
  const sliceRows = Number(sliceArg);

  const portArg = args.values.port;
  if (portArg !== undefined && (!/^\d+$/.test(portArg) || Number(portArg) > 65535)) return usage(`--port must be a port number (0 to 65535), got '${portArg}'`);

  let config: Config;
  let units: SqlUnit[];
  try {
    config = loadConfig(target);
    const configDir = dirname(resolve(config.file));
    units = loadSqlFiles(config).map((u) => {
      const baseDir = u.line !== undefined ? configDir : dirname(resolve(u.file));
      return { file: u.file, baseDir, sql: resolveFilePaths(u.sql, baseDir) };
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`tumbleql run: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const worker = workerSlot(args.values.worker, config);
  if (typeof worker === 'string') return usage(worker);
  const yaml = isYaml(target);
  const serve = portArg !== undefined || (yaml && config.hasServer);
  if (!serve && (args.values.host !== undefined || args.values.token !== undefined)) {
    return usage(`--${args.values.host !== undefined ? 'host' : 'token'} applies to the server, which only --port (or a server: section in tumbleql.yaml) starts`);
  }

  const checked = await preflight(units, worker ?? undefined);
  if (checked.kind === 'sql_error') {
    for (const d of checked.error.diagnostics) process.stderr.write(`${checked.unit.file}: ${formatDiagnostic(d, checked.unit.sql)}\n`);
    return 1;
  }
  if (checked.kind === 'source_error') {
    for (const m of checked.messages) process.stderr.write(`tumbleql run: ${m}\n`);
    return 1;
  }
  // A .sql file or folder has no config of its own: its state is where the user stands, like git's.
  const statePath = args.values.state ?? (yaml ? config.state.path : resolve(DEFAULT_STATE_PATH));
  const durable = statePath !== ':memory:';
  const format = logFormat ?? config.log.format;
  const log = createLogger({ level: config.log.level, format });
  const reset = args.values.reset ?? [];

  let engine: Engine;
  try {
    const { rows, ageMs } = config.state.retention;
    const retention = { ...(rows !== undefined ? { maxRows: rows } : {}), ...(ageMs !== undefined ? { maxAgeMs: ageMs } : {}) };
    const skip = args.values.skip ?? [];
    const security = { fileRoots: config.fileRoots, limits: config.limits };
    engine = createEngine({
      statePath, checkpointIntervalMs: intervalArg ?? config.state.checkpointIntervalMs, synchronous: config.state.synchronous, reset, retention, security, skip, sliceRows, ...(worker ? { worker } : {}),
    });
    units = withoutSkipped(units, skip);
  } catch (e) {
    if (e instanceof StateError) {
      process.stderr.write(`tumbleql run: ${e.message}\n`);
      return 1;
    }
    if (e instanceof SqlError) {
      process.stderr.write(`tumbleql run: the catalog stored in ${statePath} does not parse:\n`);
      for (const d of e.diagnostics) process.stderr.write(`${formatDiagnostic(d, e.sql)}\n`);
      return 1;
    }
    throw e;
  }
  const restoredViews = engine.views().filter((v) => !v.adhoc).map((v) => v.name);
  if (durable) {
    const restored = [...engine.sources().map((s) => s.name), ...restoredViews];
    log.info('state opened', { path: statePath, restored: restored.length > 0 ? restored.join(',') : 'nothing' });
  }

  // Stdout: set up before any connector or statement can produce a row.
  let stop: (why: string) => void = () => {};
  let printer: CommittedPrinter | null = null;
  if (output === 'jsonl') {
    printer = new CommittedPrinter(engine, durable ? statePath : null, 1, () => stop('stdout closed'));
    if (durable) {
      engine.onCommitted(printer.onCommitted);
      // Rows the restore itself computed (replayed input) are committed now, then printed from the log
      // together with anything a crash kept us from printing.
      engine.checkpoint();
      printer.catchUp(restoredViews);
      if (printer.rowsReprinted > 0) log.info('re-printed committed rows not proven printed before', { rows: printer.rowsReprinted });
    }
  }

  for (const unit of units) {
    try {
      engine.execute(unit.sql);
    } catch (e) {
      if (!(e instanceof SqlError)) {
        await closeQuietly(engine);
        throw e;
      }
      for (const d of e.diagnostics) process.stderr.write(`${unit.file}: ${formatDiagnostic(d, unit.sql)}\n`);
      const mismatch = e.diagnostics.find((d) => d.code === 'STATE_MISMATCH');
      const name = mismatch ? /'([^']+)'/.exec(mismatch.message)?.[1] : undefined;
      if (name !== undefined) {
        process.stderr.write(
          `tumbleql run: the saved state of '${name}' in ${statePath} was computed by its previous definition. ` +
            `Restore that SQL, or discard the state and start '${name}' over from new input:\n` +
            `  tumbleql run ${argv.join(' ')} --reset ${name}\n`,
        );
      }
      await closeQuietly(engine);
      return 1;
    }
  }
  if (durable) {
    try {
      const stopped = applyRemovals(engine, statePath, declaredBy(units.map((u) => u.sql)));
      if (stopped.length > 0) log.info('stopped what the config no longer declares', { stopped: stopped.join(',') });
    } catch (e) {
      // e.g. a removed source that a view created at run time still reads
      log.warn('could not stop what the config no longer declares', { reason: e instanceof Error ? e.message : String(e) });
    }
  }
  const views = engine.views().filter((v) => !v.adhoc).map((v) => v.name);
  for (const r of reset) if (!views.includes(r)) log.warn(`--reset ${r}: the SQL creates no view named '${r}'`, { views: views.join(',') });
  if (printer !== null && !durable) {
    const p = printer;
    for (const v of views) engine.subscribe(v, (rows) => p.printLive(v, rows), { from: 'earliest' });
  }

  let server: RunningServer | null = null;
  if (serve) {
    const { startServer } = await import('../executor/server/index.js');
    const s = {
      ...config.server,
      ...(portArg !== undefined ? { port: Number(portArg) } : {}),
      ...(args.values.host !== undefined ? { host: args.values.host } : {}),
      ...(args.values.token !== undefined ? { token: args.values.token } : {}),
    };
    try {
      server = await startServer(engine, {
        host: s.host,
        port: s.port,
        ...(s.token !== undefined ? { token: s.token } : {}),
        maxPayload: s.maxPayload,
        heartbeatMs: s.heartbeatMs,
        maxBufferedBytes: s.maxBufferedBytes,
        maxSubscriptions: s.maxSubscriptions,
        tokens: s.tokens,
        allowUnauthenticated: s.allowUnauthenticated,
        ...(s.maxBodyBytes !== undefined ? { maxBodyBytes: s.maxBodyBytes } : {}),
        ...(s.maxInflightBytes !== undefined ? { maxInflightBytes: s.maxInflightBytes } : {}),
        logFormat: format,
        logLevel: config.log.level,
      });
    } catch (e) {
      process.stderr.write(`tumbleql run: cannot start the server on ${s.host}:${s.port}: ${(e as Error).message}\n`);
      await closeQuietly(engine);
      return 1;
    }
  }

  const sources = inputSources(engine);
  const bounded = server === null && sources.length > 0 && sources.every(isBoundedSource);
  engine.start();

  // Wait for the end of input or a signal. A pending promise alone does not keep Node alive.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const progress = setInterval(() => logProgress(engine, log, 'progress'), PROGRESS_MS);
  progress.unref();
  let signals = 0;
  let onSignal: (sig: NodeJS.Signals) => void = () => {};
  const done = new Promise<string>((res) => {
    stop = res;
    onSignal = (sig) => {
      if (++signals > 1) {
        // Already stopping and asked again: the last checkpoint stands, a restart resumes from it.
        process.stderr.write(`tumbleql run: ${sig} again, exiting without a final checkpoint\n`);
        process.exit(130);
      }
      // Whatever the shutdown waits on (a slow client, a long final checkpoint), the process is gone soon.
      setTimeout(() => {
        process.stderr.write(`tumbleql run: shutdown took over ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting without a final checkpoint\n`);
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
      res(sig);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (bounded) engine.idle().then(() => res('end of input'), (e: unknown) => res(`connector failed: ${(e as Error).message}`));
    if (printer?.closed) res('stdout closed');
  });
  // Logged once the signal handlers are in place: a supervisor that reacts to this line can stop us.
  log.info('running', {
    pid: process.pid,
    sources: sources.map((s) => s.name).join(','),
    views: views.join(','),
    until: bounded ? 'end of input' : 'SIGINT/SIGTERM',
    ...(worker ? { worker: `${worker.index}/${worker.count}` } : {}),
    ...(server ? { url: server.url } : {}),
  });
  const onFatal = (e: unknown): void => {
    // A checkpoint that failed (disk full, I/O error) on the timer: the file still holds the last good one.
    process.stderr.write(`tumbleql run: ${e instanceof StateError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', onFatal);

  const why = await done;
  log.info('stopping', { reason: why });
  clearInterval(keepAlive);
  clearInterval(progress);
  try {
    if (server) await server.close();
    await engine.close(); // the final checkpoint: its rows reach stdout through onCommitted
  } catch (e) {
    if (e instanceof StateError) {
      process.stderr.write(`tumbleql run: final checkpoint failed: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    process.off('uncaughtException', onFatal);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  logProgress(engine, log, 'stopped', printer);
  return 0;
}

function usage(message: string): number {
  return usageError(CMD, message);
}

function isYaml(target: string): boolean {
  try {
    if (statSync(target).isDirectory()) return false;
  } catch {
    return false;
  }
  return !target.toLowerCase().endsWith('.sql');
}

function option(s: SourceInfo, key: string): string | number | boolean | undefined {
  return s.options[key] ?? s.options[key.toUpperCase()];
}

/** A source that ends by itself (the connector registry says which do); pushed sources never do. */
export function isBoundedSource(s: SourceInfo): boolean {
  return s.bounded === true;
}

function logProgress(engine: Engine, log: Logger, msg: string, printer?: CommittedPrinter | null): void {
  const st = engine.stats();
  const fields: Record<string, unknown> = {};
  for (const s of st.sources) fields[`source.${s.source}`] = `${s.eventsIn} in, ${s.rejected} rejected`;
  for (const v of st.views) fields[`view.${v.view}`] = `${v.rowsOut} out, ${v.lateRows} late`;
  if (st.checkpoint) fields['checkpoint'] = st.checkpoint.epoch;
  if (printer) fields['printed'] = printer.rowsPrinted;
  log.info(msg, fields);
}

async function closeQuietly(engine: Engine): Promise<void> {
  try {
    await engine.close();
  } catch {
    // Already failing with a clearer error.
  }
}
