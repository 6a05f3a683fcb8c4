import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'tumbleql.js');
/** The vendored conformance cases (Flink, RisingWave; see its NOTICE.md). Tests read nothing outside the repo. */
export const CONFORMANCE = join(ROOT, 'test', 'conformance', 'cases');

/** Runs the built `tumbleql` command synchronously. */
export function tumbleql(args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    timeout: opts.timeout ?? 60_000,
    // A changelog case's output (one -U/+U pair per input row) can pass the 1 MiB default.
    maxBuffer: 64 * 1024 * 1024,
  });
}
