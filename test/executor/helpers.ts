/** Durable engines on a temporary state file, for restore tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { Engine, EngineOptions, OutputRow } from '../../src/executor/api.js';
import { SqlError } from '../../src/executor/api.js';
import { TumbleEngine } from '../../src/executor/engine.js';
import { createEngine } from '../../src/index.js';

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

/**
 * The rows `view` emits, as `collect` gives them, when `batches` are pushed to `source` one after the other
 * into an in-memory engine running `sql`: what a durable, checkpointed or crashed run must equal.
 */
export function inMemoryRows(sql: string, view: string, source: string, batches: readonly (readonly unknown[])[]): string[] {
  const e = createEngine();
  e.execute(sql);
  const out = collect(e, view);
  for (const b of batches) e.push(source, b);
  e.flush();
  void e.close();
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

/** One push of a crash test: rows for a source. */
export interface SourcePush {
  readonly source: string;
  readonly rows: readonly Record<string, unknown>[];
}

/** The rows each view emits when `input` is pushed to one in-memory engine without interruption. */
export async function uninterruptedRows(sql: string, views: readonly string[], input: readonly SourcePush[]): Promise<Map<string, string[]>> {
  const ref = createEngine();
  ref.execute(sql);
  const out = recordViews(ref, views);
  for (const p of input) ref.push(p.source, p.rows);
  await ref.settled();
  await ref.close();
  return out;
}

/**
 * `feedWithCrashes` on a new state file, checked to have crashed more than once and more than once in the
 * middle of work; returns the views' committed logs.
 */
export async function crashedLogs(sql: string, views: readonly string[], input: readonly SourcePush[], o: CrashFeed, path: string): Promise<Map<string, string[]>> {
  const { crashes, midWork } = await feedWithCrashes(path, sql, input, o);
  expect(crashes).toBeGreaterThan(1);
  expect(midWork).toBeGreaterThan(1);
  return committedLogs(path, views);
}

export interface CrashFeed {
  /** Seed of the pseudo-random run lengths, turns and checkpoints. */
  readonly seed: number;
  /** A run (one engine's life) is `runMin + [0, runSpread)` pushes before its crash. */
  readonly runMin: number;
  readonly runSpread: number;
  readonly sliceRows: number;
  /** Also a synchronous checkpoint now and then (it waits for the work in slices to finish). */
  readonly syncCheckpoints?: boolean;
  /** Makes one push on `engine`; true when it left work in slices (queued chunks): the crash point. */
  readonly pushLeavesWork: (engine: TumbleEngine, push: SourcePush) => boolean | Promise<boolean>;
}

/**
 * Feeds `input` to durable engines on `path`: each engine opens (executing `sql` the first time), takes a
 * random run of pushes with turns of the loop and checkpoints between them, then a background checkpoint,
 * then pushes until one leaves work in slices and is killed right there (`crash()`, no close). The last
 * engine closes normally. Returns how many crashes there were and how many came in the middle of work.
 */
export async function feedWithCrashes(path: string, sql: string, input: readonly SourcePush[], o: CrashFeed): Promise<{ crashes: number; midWork: number }> {
  let fed = 0;
  let crashes = 0;
  let midWork = 0;
  const rnd = lcg(o.seed);
  while (fed < input.length) {
    const e = durable(path, { sliceRows: o.sliceRows });
    if (fed === 0) e.execute(sql);
    await e.settled(); // the input logged after the last checkpoint is processed again
    const stop = Math.min(input.length, fed + o.runMin + Math.floor(rnd() * o.runSpread));
    for (; fed < stop; fed++) {
      e.push(input[fed]!.source, input[fed]!.rows);
      if (rnd() < 0.3) await turn();
      // A checkpoint asked for in the middle of work in slices waits for its last chunk.
      if (rnd() < 0.2) void e.checkpointInBackground();
      if (o.syncCheckpoints === true && rnd() < 0.1) e.checkpoint();
    }
    if (fed === input.length) {
      await e.close();
      break;
    }
    await e.checkpointInBackground();
    await e.settled();
    for (; fed < input.length; fed++) {
      if (await o.pushLeavesWork(e, input[fed]!)) {
        fed++;
        midWork++;
        break;
      }
    }
    e.crash();
    crashes++;
  }
  return { crashes, midWork };
}

/** What a durable engine on `path` has committed for each view (after processing its logged input), as `seq op json` lines. */
export async function committedLogs(path: string, views: readonly string[]): Promise<Map<string, string[]>> {
  const e = durable(path);
  e.checkpoint(); // what the last crash left in the input log, processed again on open
  const out = new Map<string, string[]>();
  for (const v of views) out.set(v, e.readLog(v, 1, 1_000_000).map((r) => `${r.seq} ${r.op} ${JSON.stringify(r.row)}`));
  await e.close();
  return out;
}

/**
 * Folds a windowed `EMIT CHANGES` view's changes per (k, window_start) as they arrive, checking the
 * protocol on the way: `+I` only for a window not emitted yet, and `-U` retracting exactly the row emitted
 * last. Each row is also handed to `onRow`. Returns the live table: row text by window and key.
 */
export function foldWindowChanges(engine: Engine, view: string, onRow?: (row: OutputRow) => void): Map<string, string> {
  const state = new Map<string, string>();
  engine.subscribe(view, (rows: readonly OutputRow[]) => {
    for (const r of rows) {
      onRow?.(r);
      const key = JSON.stringify([r.row['k'], r.row['window_start']]);
      const text = JSON.stringify(r.row);
      if (r.op === '+I') {
        expect(state.has(key), `+I of a window already emitted: ${key}`).toBe(false);
        state.set(key, text);
      } else if (r.op === '+U') state.set(key, text);
      else {
        expect(state.get(key), `-U must retract the last row of ${key}`).toBe(text);
        state.delete(key);
      }
    }
  });
  return state;
}
