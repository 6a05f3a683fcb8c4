/**
 * HTTP side of the server, on the same port as the websocket:
 *   GET  /health           liveness plus counts
 *   GET  /views            views with their columns, mode, rows out, watermark and subscriber count
 *   GET  /metrics          Prometheus text format
 *   GET  /, /assets/...    the web console, and GET /api/console/catalog (console.ts)
 *   POST /sources/<name>   JSON-lines body → {count, offset, errors:[{line, reason}]}; a bad line is
 *                          reported and skipped, the good lines of the same body still go in.
 * Every route needs the token when one is configured. Bodies are capped so a producer cannot exhaust memory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../api.js';
import type { Logger } from '../../util/log.js';
import type { ServerMetrics } from './metrics.js';
import type { TokenCheck } from './auth.js';
import type { Hub } from './subscriptions.js';
import { resolveSource } from './handlers.js';
import { StateError } from '../state/errors.js';
import { ANONYMOUS_ADMIN, mayReadView, mayWriteSource, type Principal } from '../../security/index.js';
import { watermarkIso } from './protocol.js';
import { consoleRoute } from './console.js';

export interface HttpContext {
  readonly engine: Engine;
  readonly hub: Hub;
  readonly metrics: ServerMetrics;
  readonly log: Logger;
  readonly checkToken: TokenCheck;
  /** The principal of a request's token; undefined when refused. */
  readonly authenticate?: (req: IncomingMessage) => Principal | undefined;
  readonly maxBodyBytes: number;
  /** Bytes of ingest bodies being read, all requests together, and their budget (429 past it). */
  readonly ingest?: { inflight: number; readonly max: number };
  readonly startedAt: number;
  connections(): number;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function problem(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { error: { code, message } });
}

export function handleHttp(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): void {
  route(ctx, req, res).catch((e: unknown) => {
    ctx.log.error('http handler failed', { err: e });
    if (!res.headersSent) problem(res, 500, 'INTERNAL', 'internal error');
    else res.destroy();
  });
}

async function route(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const principal = ctx.authenticate ? ctx.authenticate(req) : ctx.checkToken(req) ? ANONYMOUS_ADMIN : undefined;
  if (principal === undefined) {
    res.setHeader('www-authenticate', 'Bearer');
    problem(res, 401, 'UNAUTHORIZED', 'missing or wrong token');
    req.resume();
    return;
  }
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const method = req.method ?? 'GET';
  const ingest = /^\/sources\/([^/]+)\/?$/.exec(path);
  if (ingest) {
    if (method !== 'POST') return methodNotAllowed(res, 'POST');
    const name = decodeURIComponent(ingest[1]!);
    if (!mayWriteSource(principal, name)) {
      req.resume();
      return problem(res, 403, 'FORBIDDEN', `token '${principal.name}' (${principal.role}) may not write to source '${name}'`);
    }
    return postSource(ctx, req, res, name);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    req.resume();
    return methodNotAllowed(res, 'GET');
  }
  switch (path) {
    case '/health':
      return json(res, 200, {
        status: 'ok',
        uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
        sources: ctx.engine.sources().length,
        views: ctx.engine.views().filter((v) => !v.adhoc).length,
        connections: ctx.connections(),
      });
    case '/views':
      return json(res, 200, { views: listViews(ctx).filter((v) => mayReadView(principal, v.name)) });
    case '/metrics': {
      const text = await ctx.metrics.render();
      res.writeHead(200, { 'content-type': ctx.metrics.contentType });
      res.end(text);
      return;
    }
    default:
      if (await consoleRoute(ctx.engine, path, req, res, principal)) return;
      return problem(res, 404, 'NOT_FOUND', `no route ${path}`);
  }
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  problem(res, 405, 'METHOD_NOT_ALLOWED', `use ${allow}`);
}

function listViews(ctx: HttpContext): { name: string }[] {
  const stats = new Map(ctx.engine.stats().views.map((v) => [v.view, v]));
  const subs = ctx.hub.subscriberCounts();
  return ctx.engine.views().map((v) => {
    const st = stats.get(v.name);
    return {
      name: v.name,
      mode: v.mode,
      adhoc: v.adhoc,
      columns: v.columns.map((c) => ({ name: c.name, type: c.type })),
      rowsOut: st?.rowsOut ?? 0,
      lateRows: st?.lateRows ?? 0,
      watermark: watermarkIso(st?.watermark),
      subscribers: subs.get(v.name) ?? 0,
    };
  });
}

/**
 * Reads the body up to the cap; null (and a 413 sent) when it is larger. Bodies being read count against
 * the server's ingest budget: past it the producer gets 429 with Retry-After (backpressure), never a drop
 * it is not told about and never unbounded memory.
 */
async function readBody(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > ctx.maxBodyBytes) {
    problem(res, 413, 'PAYLOAD_TOO_LARGE', `body over ${ctx.maxBodyBytes} bytes`);
    req.destroy();
    return null;
  }
  const budget = ctx.ingest;
  const busy = (): boolean => budget !== undefined && budget.inflight > budget.max;
  if (budget && budget.inflight + declared > budget.max) return tooBusy(res, req);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (budget) budget.inflight += chunk.length;
      if (size > ctx.maxBodyBytes) {
        problem(res, 413, 'PAYLOAD_TOO_LARGE', `body over ${ctx.maxBodyBytes} bytes`);
        req.destroy();
        return null;
      }
      if (busy()) return tooBusy(res, req);
      chunks.push(chunk);
    }
  } finally {
    if (budget) budget.inflight -= size;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooBusy(res: ServerResponse, req: IncomingMessage): null {
  res.setHeader('retry-after', '1');
  problem(res, 429, 'TOO_BUSY', 'the server is reading as many ingest bytes as its budget allows; retry after 1 s');
  req.destroy();
  return null;
}

async function postSource(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  const source = resolveSource(ctx, name);
  if (source === null) {
    req.resume();
    return problem(res, 404, 'UNKNOWN_SOURCE', `source '${name}' does not exist`);
  }
  const body = await readBody(ctx, req, res);
  if (body === null) return;
  // Blank lines are skipped; `lines[i]` is the 1-based line number of rows[i] so errors point into the body.
  const rows: unknown[] = [];
  const lines: number[] = [];
  const errors: { line: number; reason: string }[] = [];
  body.split('\n').forEach((text, i) => {
    const t = text.trim();
    if (t === '') return;
    try {
      rows.push(JSON.parse(t));
      lines.push(i + 1);
    } catch (e) {
      errors.push({ line: i + 1, reason: `malformed JSON: ${(e as Error).message}` });
    }
  });
  // Durable mode: push returns once the rows are in the input log, so the 200 means "durable". An empty
  // batch (every line malformed) still goes through push, for the source's current offset.
  let result;
  try {
    result = ctx.engine.push(source, rows, 'http');
  } catch (e) {
    if (!(e instanceof StateError)) throw e;
    res.setHeader('retry-after', '5');
    return problem(res, 503, e.code, e.message); // nothing of this body was written or acknowledged
  }
  for (const r of result.rejected) errors.push({ line: lines[r.index] ?? 0, reason: r.reason });
  errors.sort((a, b) => a.line - b.line);
  json(res, 200, { count: result.accepted, offset: result.offset, errors });
}
