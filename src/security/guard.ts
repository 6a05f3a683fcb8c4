/**
 * The engine's admission check for statements (DESIGN §8): every statement, whatever its origin (config
 * file, REPL, network, a catalog restored from the state file), passes here before it changes anything.
 *
 *   text ──checkText──► parse ──checkParsed──► bind ──checkBound──► apply
 *        (size)                (nesting depth)        (file roots, windows per row, generator rates,
 *                                                       line length)
 *
 * Refusals are SqlErrors with a code and the place of the statement (or of the offending WITH option), so
 * they reach a websocket client as `{"type":"error","code":"LIMIT_EXCEEDED","line":..,"column":..}`.
 */
import { SqlError } from '../executor/api.js';
import type { BoundStatement } from '../parser/binder.js';
import type { SourceDef } from '../parser/catalog.js';
import { diag, type Diagnostic, type Located } from '../parser/diagnostics.js';
import { type LogicalPlan, type WindowSpec } from '../parser/logical-plan.js';
import { assertNever } from '../util/assert.js';
import { checkSourcePath } from './file-access.js';
import { parseMaxAhead } from './watermark.js';
import { DEFAULT_LIMITS, resolveLimits, showBytes, type ResourceLimits } from './limits.js';
import type { SecurityOptions } from './options.js';

export type { SecurityOptions } from './options.js';

/** What a running file source was admitted with, found again when its connector opens the file. */
const admitted = new WeakMap<SourceDef, { readonly roots: readonly string[] | undefined; readonly limits: ResourceLimits }>();

export function admittedFile(def: SourceDef): { readonly roots: readonly string[] | undefined; readonly limits: ResourceLimits } {
  return admitted.get(def) ?? { roots: undefined, limits: DEFAULT_LIMITS };
}

const NOWHERE: Located = { line: 0, column: 0, length: 0 };

export class StatementGuard {
  readonly limits: ResourceLimits;
  readonly fileRoots: readonly string[] | undefined;

  constructor(options: SecurityOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.fileRoots = options.fileRoots;
  }

  /**
   * Before parsing: the text's size, for SQL sent over the network. Parsing runs on the event loop at
   * roughly 100 KB/s, so this bounds how long one request can keep the server from answering others.
   * Config files and the local REPL are the operator's own and are not size-limited (their depth is).
   */
  checkText(sql: string): void {
    if (networkRequest === null) return;
    // Byte length without encoding: a UTF-16 unit is at most 3 UTF-8 bytes, so a short text skips the count.
    if (sql.length * 3 <= this.limits.sqlBytes) return;
    const bytes = Buffer.byteLength(sql, 'utf8');
    if (bytes > this.limits.sqlBytes) {
      const d = diag('SQL_TOO_LARGE', `SQL text is ${showBytes(bytes)}; at most ${showBytes(this.limits.sqlBytes)} is accepted`, { line: 1, column: 1, length: 1 }, 'split it into several statements, or raise limits.sql_bytes');
      throw new SqlError([d], '');
    }
  }

  /**
   * After parsing, before binding: nesting depth of the statement's tree (the binder recurses over it);
   * for SQL sent over the network also its size in nodes and query blocks, which bound how long binding
   * and planning hold the event loop (docs/security.md, "Binding and planning").
   */
  checkParsed(statement: unknown, at: Located, sql: string): void {
    const { sqlDepth, sqlNodes, sqlQueries } = this.limits;
    const remote = networkRequest !== null;
    const shape = treeShape(statement, sqlDepth, remote ? sqlNodes : Infinity, remote ? sqlQueries : Infinity);
    if (shape.depth > sqlDepth) {
      throw new SqlError([diag('SQL_TOO_DEEP', `statement is nested more than ${sqlDepth} levels deep`, at, 'use IN (...) instead of long OR chains, or raise limits.sql_depth')], sql);
    }
    if (remote && shape.nodes > sqlNodes) {
      throw new SqlError([diag('SQL_TOO_COMPLEX', `statement has more than ${sqlNodes} expressions and clauses; at most ${sqlNodes} are accepted over the network`, at, 'split it into several views, or raise limits.sql_nodes')], sql);
    }
    if (remote && shape.queries > sqlQueries) {
      throw new SqlError([diag('SQL_TOO_COMPLEX', `statement has more than ${sqlQueries} query blocks (SELECTs in subqueries, CTEs and UNION branches); at most ${sqlQueries} are accepted over the network`, at, 'define the inner queries as views of their own, or raise limits.sql_queries')], sql);
    }
  }

  /** After binding, before applying: what the statement would cost once it runs. */
  checkBound(b: BoundStatement, at: Located, sql: string): void {
    const problem = this.problem(b, at);
    if (problem) throw new SqlError([problem], sql);
  }

  /** The same check as data (catalog restore skips a refused object instead of failing the whole start). */
  problem(b: BoundStatement, at: Located = NOWHERE): Diagnostic | null {
    switch (b.kind) {
      case 'create_source':
        return this.sourceProblem(b.def, at);
      case 'create_view':
      case 'query':
      case 'explain':
        return b.kind === 'explain' ? null : this.planProblem(b.def.plan, at);
      case 'insert':
      case 'drop':
      case 'alter_source':
      case 'show':
      case 'describe':
        return null;
      default:
        return assertNever(b);
    }
  }

  private sourceProblem(def: SourceDef, at: Located): Diagnostic | null {
    const connector = String(def.options['connector'] ?? 'websocket').toLowerCase();
    const opt = (k: string): string | number | boolean | undefined => def.options[k];
    const ahead = opt('watermark.max_ahead');
    if (ahead !== undefined && parseMaxAhead(ahead) === null) {
      return diag('INVALID_OPTION', `'watermark.max_ahead' must be a duration such as '1d' or '2h', or 'off'; got '${String(ahead)}'`, at);
    }
    switch (connector) {
      case 'file': {
        const path = opt('path');
        const remote = networkFileProblem(at);
        if (remote) return remote;
        if (typeof path !== 'string' || path === '') return null; // the connector reports a missing path
        const check = checkSourcePath(path, this.fileRoots);
        if (!check.ok) return diag('FILE_NOT_ALLOWED', check.reason, at, check.hint);
        const line = opt('max_line_bytes');
        if (line !== undefined && !(Number(line) > 0 && Number(line) <= this.limits.lineBytes)) {
          return diag('LIMIT_EXCEEDED', `max_line_bytes = ${String(line)}; it must be between 1 and ${this.limits.lineBytes} (limits.line_bytes)`, at);
        }
        const limits = line !== undefined ? { ...this.limits, lineBytes: Number(line) } : this.limits;
        admitted.set(def, { roots: this.fileRoots, limits });
        return null;
      }
      case 'datagen':
      case 'nexmark':
        // Wall-clock rates; nexmark's `rate` is event time per simulated second and costs nothing by itself.
        return this.rate(opt('rows_per_second'), 'rows_per_second', at);
      default:
        return null;
    }
  }

  private rate(v: string | number | boolean | undefined, key: string, at: Located): Diagnostic | null {
    if (v === undefined) return null;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) return diag('INVALID_OPTION', `${key} must be a positive number, got '${String(v)}'`, at);
    if (n > this.limits.generatorRowsPerSecond) {
      return diag('LIMIT_EXCEEDED', `${key} = ${String(v)} is over the limit of ${this.limits.generatorRowsPerSecond} per second`, at, 'raise limits.generator_rows_per_second if this machine can take it');
    }
    return null;
  }

  private planProblem(plan: LogicalPlan, at: Located): Diagnostic | null {
    // Every node of the plan, joins and unions included (their inputs are children too).
    const stack: LogicalPlan[] = [plan];
    for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
      stack.push(...p.inputs);
      if (p.kind !== 'window_aggregate' && p.kind !== 'window_tvf') continue;
      const n = windowsPerRow(p.window);
      if (n > this.limits.windowsPerRow) {
        return diag('LIMIT_EXCEEDED', `this window puts every row in ${n} windows; at most ${this.limits.windowsPerRow} are allowed (limits.windows_per_row)`, at, 'use a larger slide (or step), or a smaller size');
      }
    }
    return null;
  }
}

export function windowsPerRow(w: WindowSpec): number {
  switch (w.kind) {
    case 'tumble':
      return 1;
    case 'hop':
      return Math.ceil(w.sizeMs / Math.max(w.slideMs, 1e-9));
    case 'cumulate':
      return Math.ceil(w.sizeMs / Math.max(w.stepMs, 1e-9));
    case 'session':
      return 1;
    default:
      return assertNever(w);
  }
}

/**
 * Depth of a plain-object tree (AST nodes and the arrays holding them), iteratively, stopping early once it
 * passes `cap`: the check itself never recurses, so it cannot overflow on the trees it exists to refuse.
 */
export function treeDepth(root: unknown, cap: number): number {
  return treeShape(root, cap, Infinity, Infinity).depth;
}

/**
 * Depth, node count and query blocks (`select` nodes) of a syntax tree, in one iterative walk that stops
 * as soon as one of them passes its cap (the counts are then only known to be over it).
 */
export function treeShape(root: unknown, depthCap: number, nodeCap: number, queryCap: number): { depth: number; nodes: number; queries: number } {
  let depth = 0;
  let nodes = 0;
  let queries = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const kind = Array.isArray(node) ? undefined : (node as { kind?: unknown }).kind;
    const isNode = typeof kind === 'string';
    const level = isNode ? d + 1 : d;
    if (isNode) {
      nodes++;
      if (kind === 'select') queries++;
    }
    if (level > depth) depth = level;
    if (depth > depthCap || nodes > nodeCap || queries > queryCap) break;
    for (const v of Array.isArray(node) ? node : Object.values(node)) if (typeof v === 'object' && v !== null) stack.push([v, level]);
  }
  return { depth, nodes, queries };
}

/**
 * The request being executed, for checks that depend on who sent the SQL. engine.execute is synchronous,
 * so a module-level slot set around the call is exact (no await can interleave another request).
 */
let networkRequest: { readonly files: boolean } | null = null;

export function asNetworkRequest<T>(files: boolean, fn: () => T): T {
  const before = networkRequest;
  networkRequest = { files };
  try {
    return fn();
  } finally {
    networkRequest = before;
  }
}

/** SQL that came over the network names a file, and its token may not. */
export function networkFileProblem(at: Located): Diagnostic | null {
  if (networkRequest === null || networkRequest.files) return null;
  return diag('FILE_NOT_ALLOWED', 'SQL sent over the network may not name files; file sources are declared in the server configuration', at, "or give the token 'files: true' (admin role) in server.tokens");
}
