/**
 * Helpers for `tumbleql run` / `tumbleql log` tests: they drive the real command in child processes.
 *
 * Each test file builds its own copy of the CLI (src/ transpiled with esbuild, like scripts/build.mjs,
 * into the test's temp dir) instead of running the shared dist/: other suites and people rebuild dist/
 * (rm -rf, then write) while these tests spawn dozens of processes, and a child that starts in that
 * window fails to import. node_modules is a symlink to the repo's.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { jsonLine } from '../../src/cli/committed-output.js';
import { StateStore } from '../../src/executor/state/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function tempDir(prefix = 'tq-run-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Builds the CLI into `<dir>/app` and returns the path of its `bin/tumbleql.js`. */
export function buildCli(dir: string): string {
  const app = join(dir, 'app');
  buildSync({
    entryPoints: walk(join(ROOT, 'src')),
    outdir: join(app, 'dist'),
    outbase: ROOT,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  mkdirSync(join(app, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'tumbleql.js'), join(app, 'bin', 'tumbleql.js'));
  copyFileSync(join(ROOT, 'package.json'), join(app, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
  return join(app, 'bin', 'tumbleql.js');
}

/** Runs the command to its end. */
export function cli(bin: string, args: string[], cwd: string, timeout = 60_000): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout, maxBuffer: 1 << 30 });
}

export interface Running {
  readonly child: ChildProcess;
  /** Everything written so far. */
  readonly out: () => string;
  readonly err: () => string;
  /** Resolves with the exit code, or the signal's name. */
  readonly exit: Promise<number | string>;
  /** Resolves when stderr contains `text` (rejects if the process exits first or after `timeoutMs`). */
  waitForStderr(text: string, timeoutMs?: number): Promise<void>;
}

export function start(bin: string, args: string[], cwd: string): Running {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (err.includes(waiters[i]!.text)) waiters.splice(i, 1)[0]!.resolve();
    }
  });
  const exit = new Promise<number | string>((res) => child.on('close', (code, signal) => res(code ?? signal ?? -1)));
  return {
    child,
    out: () => out,
    err: () => err,
    exit,
    waitForStderr(text, timeoutMs = 30_000) {
      if (err.includes(text)) return Promise.resolve();
      return new Promise<void>((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`timed out waiting for '${text}'; stderr:\n${err}`)), timeoutMs);
        waiters.push({ text, resolve: () => (clearTimeout(timer), res()) });
        void exit.then((code) => {
          clearTimeout(timer);
          if (!err.includes(text)) rej(new Error(`exited (${code}) before '${text}'; stderr:\n${err}`));
        });
      });
    },
  };
}

export interface LogLine {
  readonly view: string;
  readonly seq: number;
  readonly op: string;
  readonly row: Record<string, unknown>;
}

/** JSON lines → objects; a last line without its newline (the writer was killed mid-write) is dropped. */
export function parseLines(text: string): { lines: string[]; rows: LogLine[] } {
  const parts = text.split('\n');
  parts.pop(); // '' after the final newline, or a partial line
  return { lines: parts, rows: parts.map((l) => JSON.parse(l) as LogLine) };
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A deterministic pseudo-random generator (tests must be reproducible from their seed). */
export function lcg(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a / 4294967296;
  };
}

/**
 * A view's durable output log as `tumbleql log` prints it (same line format, read in this process
 * because a CLI start costs about a second; test/run/run-log.test.ts covers the command itself).
 */
export function readLog(statePath: string, view: string): string[] {
  const store = StateStore.open(statePath, { readonly: true });
  try {
    return store.readOutputJson(view, 1, Number.MAX_SAFE_INTEGER).map((r) => jsonLine(view, r.seq, r.op, r.rowJson).slice(0, -1));
  } finally {
    store.close();
  }
}
