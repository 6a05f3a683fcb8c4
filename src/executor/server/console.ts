/**
 * What the server does for the web console (docs/console.md), kept apart from the other HTTP routes:
 *   GET /api/console/catalog   sources and views with columns, options and EXPLAIN text, in one call
 *   GET /, /assets/...         the built console (dist/web), see static-files.ts
 * The caller has already checked the token. Live data (rows, counters, late rows, rejects) goes over the
 * websocket like any client's: the console is a client of the public protocol, not of this file.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SqlError, type Engine, type SourceInfo, type ViewInfo } from '../api.js';
import { findWebRoot, serveStatic } from './static-files.js';
import type { ConsoleAccess, ConsoleCatalog, ConsoleSource } from '../../client/catalog.js';
import { ANONYMOUS_ADMIN, isAdmin, mayQuery, mayReadLate, mayReadView, mayWriteSource, type Principal } from '../../security/index.js';

function source(s: SourceInfo): ConsoleSource {
  return {
    name: s.name,
    columns: s.columns.map((c) => ({ name: c.name, type: c.type, rowtime: c.rowtime === true })),
    watermark: s.watermark ?? null,
    connector: String(s.options['connector'] ?? ''),
    sql: s.sql,
  };
}

/** EXPLAIN of a view's own statement; a failure is shown as text rather than failing the whole catalog. */
function explain(engine: Engine, v: ViewInfo): string {
  try {
    const r = engine.execute(`EXPLAIN ${v.sql}`)[0];
    return r?.kind === 'explain' ? r.text : '';
  } catch (e) {
    return e instanceof SqlError ? `EXPLAIN failed: ${e.message}` : 'EXPLAIN failed';
  }
}

/** What `p` may do, as the console shows it (the server checks each request again). */
export function consoleAccess(p: Principal): ConsoleAccess {
  return { role: p.role, ddl: isAdmin(p), query: mayQuery(p), late: mayReadLate(p), rejects: isAdmin(p) };
}

/**
 * The catalog as `p` may see it: views it may read; sources it may write (a producer), or all of them for a
 * principal that may query them directly; none for a subscriber bound to views or a row filter.
 */
export function consoleCatalog(engine: Engine, p: Principal = ANONYMOUS_ADMIN): ConsoleCatalog {
  const canRead = (view: string): boolean => mayReadView(p, view);
  const seesSource = (name: string): boolean => isAdmin(p) || mayQuery(p) || mayWriteSource(p, name);
  return {
    access: consoleAccess(p),
    sources: engine.sources().filter((s) => seesSource(s.name)).map(source),
    views: engine.views().filter((v) => !v.adhoc && canRead(v.name)).map((v) => {
      const plan = explain(engine, v);
      const names = new Set(engine.sources().map((s) => s.name));
      return {
        name: v.name,
        columns: v.columns.map((c) => ({ name: c.name, type: c.type })),
        mode: v.mode,
        windowed: v.columns.some((c) => c.name.toLowerCase() === 'window_start'),
        sql: v.sql,
        explain: plan,
        // EXPLAIN names every source a plan reads on a `Source <name>` line.
        sources: [...new Set([...plan.matchAll(/\bSource (\S+)/g)].map((m) => m[1]!))].filter((n) => names.has(n)),
      };
    }),
  };
}

let webRoot: string | null | undefined;

/** Handles a console GET/HEAD; false when the path is not the console's (the caller answers 404). */
export async function consoleRoute(
  engine: Engine,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal = ANONYMOUS_ADMIN,
): Promise<boolean> {
  if (path === '/api/console/catalog') {
    const text = JSON.stringify(consoleCatalog(engine, principal));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : text);
    return true;
  }
  webRoot ??= findWebRoot();
  return webRoot !== null && serveStatic(webRoot, path, req, res);
}
