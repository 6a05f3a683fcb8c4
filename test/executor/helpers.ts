/** Durable engines on a temporary state file, for restore tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Engine, EngineOptions, OutputRow } from '../../src/executor/api.js';
import { SqlError } from '../../src/executor/api.js';
import { TumbleEngine } from '../../src/executor/engine.js';

export function tempState(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tumbleql-exec-'));
  return { path: join(dir, 'state.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For a test file: a function giving a fresh state path in its own temporary directory; every directory
 * given during a test is removed after it.
 */
export function statePathPerTest(): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  return () => {
    const t = tempState();
    cleanups.push(t.cleanup);
    return t.path;
  };
}

export function durable(path: string, options: EngineOptions = {}): TumbleEngine {
  return new TumbleEngine({ statePath: path, checkpointIntervalMs: 0, ...options });
}

/** Every row a view emits from now on, as `op json` lines. */
export function collect(engine: Engine, view: string, from: 'earliest' | 'latest' = 'earliest'): string[] {
  const out: string[] = [];
  engine.subscribe(view, (rows: readonly OutputRow[]) => {
    for (const r of rows) out.push(`${r.op} ${JSON.stringify(r.row)}`);
  }, { from });
  return out;
}

/** The SqlError a call throws (fails the test when it throws something else or nothing). */
export function sqlError(f: () => unknown): SqlError {
  try {
    f();
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('expected a SqlError, got success');
}
