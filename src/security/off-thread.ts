/**
 * Parsing off the main thread. SQL that arrives over the network (`execute`, `query`) and is longer than
 * `MAIN_THREAD_SQL_BYTES` is parsed by a worker thread (sql-parse-worker.ts); the engine then binds and
 * plans the returned AST on the main thread. Parsing is the bulk of the cost of a large statement (a 16 KiB
 * statement took ~235 ms to parse on a loaded 2-core machine, before binding), and while the worker
 * parses, the event loop keeps answering /health, acks and subscribers. Short statements are parsed
 * inline: a round trip to the worker costs more than parsing them.
 *
 * One worker, started on first use and unref'd (it never keeps the process alive); requests are answered
 * in order. If the worker cannot start (no compiled worker file next to this module or in dist/) or dies,
 * the caller parses inline and nothing is lost but the latency.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseScript, type ParseResult } from '../parser/parse.js';

/** Statements up to this many bytes are parsed on the main thread (a few ms at most). */
export const MAIN_THREAD_SQL_BYTES = 2048;

interface Pending {
  resolve(r: ParseResult): void;
  sql: string;
  /** The warm-up parse: not counted. */
  warm?: boolean;
}

let worker: Worker | null = null;
let broken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

/** Counts for metrics and tests: statements parsed by the worker, and inline. */
export const parseStats = { offThread: 0, inline: 0, lastWorkerMs: 0 };

/** The compiled worker: beside this module when running from dist/, else dist/'s copy (running from src/ in tests). */
function workerFile(): string | null {
  const beside = fileURLToPath(new URL('./sql-parse-worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../../dist/src/security/sql-parse-worker.js', import.meta.url));
  return existsSync(built) ? built : null;
}

function start(): Worker | null {
  if (worker !== null || broken) return worker;
  const file = workerFile();
  if (file === null) {
    broken = true;
    return null;
  }
  const w = new Worker(file);
  w.on('message', (m: { id: number; ok: boolean; result?: ParseResult; error?: string; ms?: number }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (p.warm) return;
    if (m.ok && m.result) {
      parseStats.offThread++;
      parseStats.lastWorkerMs = m.ms ?? 0;
      p.resolve(m.result);
    } else p.resolve(inline(p.sql));
  });
  const fail = (): void => {
    // A dead worker: what it held is parsed inline, and later requests are too.
    broken = true;
    worker = null;
    for (const p of pending.values()) if (!p.warm) p.resolve(inline(p.sql));
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', fail);
  // After the listeners: adding a 'message' listener refs the worker's port again, which would keep an
  // exiting process alive (tumbleql run waited out its shutdown deadline).
  w.unref();
  worker = w;
  return w;
}

function inline(sql: string): ParseResult {
  parseStats.inline++;
  return parseScript(sql);
}

/**
 * Starts the worker and has it parse a trivial statement, so its module load and the parser's one-time
 * grammar analysis happen at server start, not inside the first client's request.
 */
export function warmParser(): void {
  const w = start();
  if (w === null) return;
  const id = nextId++;
  pending.set(id, { resolve: () => undefined, sql: 'SHOW SOURCES', warm: true });
  w.postMessage({ id, sql: 'SHOW SOURCES' });
}

/** Parses `sql` on the worker thread when it is long enough to matter; resolves with the same result parseScript gives. */
export function parseOffThread(sql: string): Promise<ParseResult> {
  if (Buffer.byteLength(sql) <= MAIN_THREAD_SQL_BYTES) return Promise.resolve(inline(sql));
  const w = start();
  if (w === null) return Promise.resolve(inline(sql));
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, { resolve, sql });
    w.ref(); // while a request is out, the worker must not be left behind by an exiting process's loop
    w.postMessage({ id, sql });
  }).finally(() => {
    if (pending.size === 0) worker?.unref();
  }) as Promise<ParseResult>;
}
