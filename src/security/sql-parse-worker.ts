/**
 * Worker thread entry: parses SQL text with the Chevrotain parser and posts back the AST and diagnostics
 * (plain data, structured-cloned). The server parses SQL that arrives over the network here, so a large
 * statement (lexing, parsing and the garbage both make) never holds the event loop that answers /health,
 * acks inserts and fans out rows. See off-thread.ts for the caller's side.
 */
import { parentPort } from 'node:worker_threads';
import { parseScript } from '../parser/parse.js';

export interface ParseRequest {
  readonly id: number;
  readonly sql: string;
}

parentPort?.on('message', (req: ParseRequest) => {
  const started = performance.now();
  try {
    const result = parseScript(req.sql);
    parentPort!.postMessage({ id: req.id, ok: true, result, ms: performance.now() - started });
  } catch (e) {
    // parseScript reports user mistakes as diagnostics; a throw is a parser bug, answered as such.
    parentPort!.postMessage({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
