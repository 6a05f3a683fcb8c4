/**
 * What `tumbleql run` checks before it touches the state file, so a mistake leaves no half-made state
 * behind, and how a file source's relative path is read.
 *
 * - Every SQL unit runs first on a scratch in-memory engine: syntax, binding and planning errors are
 *   reported from there. (A deployment declares everything it runs — what it no longer declares is
 *   stopped — so the scratch engine sees what the real one will; only STATE_MISMATCH needs the state.)
 * - Every `connector = 'file'` source must open as a regular file: a source that cannot read its input
 *   is an error at start (exit 1), not one rejected row and a clean exit.
 * - A relative `path = '...'` is resolved against the directory of the file that declares it (the .sql
 *   file, or tumbleql.yaml for inline SQL), like an import, so `tumbleql run` gives the same result from
 *   any working directory. The absolute path is what the catalog stores.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { SqlError, type Engine, type SourceInfo } from '../executor/api.js';
import { createEngine } from '../index.js';
import { parseScript } from '../parser/parse.js';

export interface SqlUnit {
  readonly file: string;
  readonly sql: string;
  /** Directory relative file paths in the SQL are resolved against. */
  readonly baseDir: string;
}

function quote(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Rewrites each file source's relative `path` option to an absolute one (text elsewhere unchanged). */
export function resolveFilePaths(sql: string, baseDir: string): string {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const { statement: s } of parseScript(sql).statements) {
    if (s.kind !== 'create_source') continue;
    const connector = s.with.find((o) => o.key === 'connector')?.value;
    if (typeof connector !== 'string' || connector.toLowerCase() !== 'file') continue;
    const path = s.with.find((o) => o.key === 'path');
    if (path === undefined || typeof path.value !== 'string' || path.value === '' || isAbsolute(path.value)) continue;
    // The option spans `path = '<value>'`; the value is its last string literal.
    const text = sql.slice(path.pos.offset, path.pos.offset + path.pos.length);
    const m = /'(?:[^']|'')*'\s*$/.exec(text);
    if (m === null) continue;
    const start = path.pos.offset + m.index;
    edits.push({ start, end: start + m[0].trimEnd().length, text: quote(resolve(baseDir, path.value)) });
  }
  let out = sql;
  for (const e of edits.reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

export type Preflight =
  | { readonly kind: 'ok' }
  | { readonly kind: 'sql_error'; readonly unit: SqlUnit; readonly error: SqlError }
  | { readonly kind: 'source_error'; readonly messages: readonly string[] };

/** Runs the units on a scratch engine and checks that every file source opens. Touches no state file. */
export async function preflight(units: readonly SqlUnit[], worker?: { readonly index: number; readonly count: number }): Promise<Preflight> {
  // With the worker slot: a query N workers cannot run (worker-plan.ts) is an error before any state exists.
  const scratch = createEngine(worker ? { worker } : {});
  try {
    for (const unit of units) {
      try {
        scratch.execute(unit.sql);
      } catch (e) {
        if (e instanceof SqlError) return { kind: 'sql_error', unit, error: e };
        throw e;
      }
    }
    const messages = fileSourceProblems(scratch);
    return messages.length > 0 ? { kind: 'source_error', messages } : { kind: 'ok' };
  } finally {
    await scratch.close();
  }
}

function option(s: SourceInfo, key: string): string | number | boolean | undefined {
  return s.options[key] ?? s.options[key.toUpperCase()];
}

/** One message per file source whose input cannot be opened as a regular file. */
export function fileSourceProblems(engine: Engine): string[] {
  const out: string[] = [];
  for (const s of engine.sources()) {
    if (String(option(s, 'connector') ?? '').toLowerCase() !== 'file') continue;
    const path = option(s, 'path');
    if (typeof path !== 'string' || path === '') {
      out.push(`source '${s.name}': connector 'file' needs a path option`);
      continue;
    }
    try {
      const fd = openSync(path, 'r');
      const regular = fstatSync(fd).isFile();
      closeSync(fd);
      if (!regular) out.push(`source '${s.name}': ${path} is not a regular file`);
    } catch (e) {
      out.push(`source '${s.name}': cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return out;
}
