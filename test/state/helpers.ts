/**
 * Helpers for state-store tests that need a second process. tsx is not available, so the store is
 * bundled once per test file with esbuild into a CommonJS file in the test's temp dir; children are
 * plain `node` processes that require it (better-sqlite3 stays external and resolves via NODE_PATH).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tq-state-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Bundles src/executor/state into `<dir>/store.cjs` and returns its path. */
export function bundleStore(dir: string): string {
  const outfile = join(dir, 'store.cjs');
  buildSync({
    entryPoints: [join(ROOT, 'src/executor/state/index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['better-sqlite3'],
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/** Runs `code` (CommonJS; `StateStore` and `StateError` are in scope) in a child `node` process. */
export function spawnWithStore(bundle: string, dir: string, code: string): ChildProcess {
  const file = join(dir, `child-${Math.random().toString(36).slice(2)}.cjs`);
  writeFileSync(file, `const { StateStore, StateError } = require(${JSON.stringify(bundle)});\n${code}\n`);
  return spawn(process.execPath, [file], {
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the first stdout line that starts with `prefix`; rejects if the child exits first. */
export function waitForLine(child: ChildProcess, prefix: string, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let buf = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for '${prefix}'; stderr: ${err}`)), timeoutMs);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) {
        clearTimeout(timer);
        resolvePromise(line);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code ?? signal}) before '${prefix}'; stdout: ${buf}; stderr: ${err}`));
    });
  });
}

export function killAndWait(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
    child.once('exit', () => resolvePromise());
    child.kill(signal);
  });
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
