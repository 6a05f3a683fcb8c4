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

/** Every row each view emits, from its earliest retained row, as `seq op json` lines. */
export function recordViews(engine: Engine, views: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const v of views) {
    const rows: string[] = [];
    out.set(v, rows);
    engine.subscribe(v, (batch: readonly OutputRow[]) => {
      for (const r of batch) rows.push(`${r.seq} ${r.op} ${JSON.stringify(r.row)}`);
    }, { from: 'earliest' });
  }
  return out;
}

/** Deterministic pseudo-random numbers in [0, 1). */
export function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** One turn of the event loop. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
