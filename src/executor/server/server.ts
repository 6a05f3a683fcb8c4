/**
 * The websocket + HTTP server: one node:http server, websocket upgrades on `/ws`, HTTP routes elsewhere.
 * Binds 127.0.0.1 unless told otherwise. `close()` stops accepting, says 1001 going-away to every client and
 * releases every engine subscription; the caller checkpoints the engine afterwards.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { Engine } from '../api.js';
import { createLogger, type LogFormat, type Logger, type LogLevel } from '../../util/log.js';
import { presentedToken, redactUrl } from './auth.js';
import { bindingProblem, makeAuthenticator, type Principal, type TokenConfig } from '../../security/index.js';
import { handleHttp } from './http.js';
import { createMetrics, type ServerMetrics } from './metrics.js';
import { Session, type SessionLimits } from './session.js';
import { Hub } from './subscriptions.js';
import { warmParser } from '../../security/off-thread.js';

export interface ServerOptions {
  readonly host?: string;
  /** 0 picks a free port (tests). Default 8080. */
  readonly port?: number;
  /** Required bearer token (an admin); defaults to env TUMBLEQL_TOKEN; empty means no auth. */
  readonly token?: string;
  /** Tokens with roles (docs/security.md); with `token` too, both are accepted. */
  readonly tokens?: readonly TokenConfig[];
  /** Listen beyond loopback without any token (something in front authenticates). Default false. */
  readonly allowUnauthenticated?: boolean;
  /** Largest accepted websocket frame in bytes (default 1 MiB); bigger frames close the socket with 1009. */
  readonly maxPayload?: number;
  /** Idle views get a `progress` message this often (default 1000 ms). */
  readonly heartbeatMs?: number;
  /** Per-client send budget in bytes (default 8 MiB); past it the client is dropped as SLOW_CONSUMER. */
  readonly maxBufferedBytes?: number;
  readonly maxSubscriptions?: number;
  /** Messages per connection: over it, reading pauses (never a drop); default 50,000/s, burst 10,000. */
  readonly rateLimit?: { readonly perSecond: number; readonly burst: number };
  /** A connection over its rate for this long is closed with 1008 (default 10 s). */
  readonly floodCloseMs?: number;
  /** Time for the per-connection rate limiter (default: the wall clock); tests inject a manual one. */
  readonly rateClock?: { now(): number };
  /** Unwritten reply bytes past which a connection's socket is no longer read until they drain (default 1 MiB). */
  readonly maxInflightBytes?: number;
  /** Largest HTTP ingest body (default 4 MiB: a JSON body costs several times its size in memory while parsed). */
  readonly maxBodyBytes?: number;
  /** HTTP ingest bodies being read at once, in bytes, over all requests (default 64 MiB; past it: 429). */
  readonly maxIngestBytes?: number;
  /** Protocol-level ping period to find dead TCP connections (default 30 s). */
  readonly pingIntervalMs?: number;
  readonly logFormat?: LogFormat;
  readonly logLevel?: LogLevel;
  readonly logger?: Logger;
}

export interface RunningServer {
  /** `ws://host:port/ws` */
  readonly url: string;
  /** `http://host:port` */
  readonly httpUrl: string;
  readonly port: number;
  readonly metrics: ServerMetrics;
  close(): Promise<void>;
}

function reject(socket: Duplex, status: number, text: string, extra = ''): void {
  const body = JSON.stringify({ error: { code: status === 401 ? 'UNAUTHORIZED' : text.toUpperCase().replace(/ /g, '_'), message: text } });
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

export async function startServer(engine: Engine, options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const heartbeatMs = options.heartbeatMs ?? 1000;
  const log = options.logger ?? createLogger({ format: options.logFormat ?? 'text', level: options.logLevel ?? 'info' });
  const token = options.token ?? process.env['TUMBLEQL_TOKEN'] ?? '';
  const auth = makeAuthenticator(token, options.tokens ?? []);
  const problem = bindingProblem(host, auth.required, options.allowUnauthenticated ?? false);
  if (problem) throw new Error(problem);
  const authenticate = (req: IncomingMessage): Principal | undefined => auth.authenticate(presentedToken(req));
  const checkToken = (req: IncomingMessage): boolean => authenticate(req) !== undefined;
  const limits: SessionLimits = {
    maxBufferedBytes: options.maxBufferedBytes ?? 8 * 1024 * 1024,
    maxSubscriptions: options.maxSubscriptions ?? 100,
    ratePerSecond: options.rateLimit?.perSecond ?? 50_000,
    rateBurst: options.rateLimit?.burst ?? 10_000,
    floodCloseMs: options.floodCloseMs ?? 10_000,
    maxInflightBytes: options.maxInflightBytes ?? 1024 * 1024,
    closeGraceMs: 1000,
    now: options.rateClock ? () => options.rateClock!.now() : () => Date.now(),
  };
  warmParser(); // network SQL is parsed on a worker (security/off-thread.ts): start it now, not on the first request
  const hub = new Hub(engine, log);
  const metrics = createMetrics(engine, () => hub.subscriberCounts());
  const sessions = new Set<Session>();
  // A subscriber falling behind holds large firings back (for a bounded time) instead of being dropped.
  engine.setOutputPressure?.(() => {
    for (const s of sessions) if (s.pressing) return true;
    return false;
  });
  const ingest = { inflight: 0, max: options.maxIngestBytes ?? 64 * 1024 * 1024 };
  const alive = new WeakMap<WebSocket, boolean>();
  let nextId = 1;
  let closing = false;

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 1024 * 1024, perMessageDeflate: false });
  const http = createServer((req, res) =>
    handleHttp({ engine, hub, metrics, log, checkToken, authenticate, ingest, maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024, startedAt: Date.now(), connections: () => sessions.size }, req, res),
  );
  http.on('clientError', (_err, socket) => socket.destroy());

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (closing) return reject(socket, 503, 'Service Unavailable');
      if (path !== '/ws') return reject(socket, 404, 'Not Found');
      const principal = authenticate(req);
      if (principal === undefined) {
        log.warn('websocket refused: missing or wrong token', { remote: req.socket.remoteAddress, url: redactUrl(req.url) });
        return reject(socket, 401, 'Unauthorized', 'WWW-Authenticate: Bearer\r\n');
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const session = new Session(nextId++, ws, engine, hub, metrics, log, limits, principal);
        sessions.add(session);
        alive.set(ws, true);
        ws.on('pong', () => alive.set(ws, true));
        ws.on('close', () => sessions.delete(session));
        metrics.connectionOpened();
        log.info('client connected', { session: session.id, remote: req.socket.remoteAddress });
      });
    } catch (e) {
      log.error('upgrade failed', { err: e });
      socket.destroy();
    }
  });

  // Heartbeats: stats are read once per tick and shared by every session.
  const tick = setInterval(() => {
    try {
      if (sessions.size === 0) return;
      const wms = new Map(engine.stats().views.map((v) => [v.view, v.watermark] as const));
      const now = Date.now();
      for (const s of sessions) s.heartbeat(now, heartbeatMs, wms);
    } catch (e) {
      log.error('heartbeat failed', { err: e });
    }
  }, Math.max(10, Math.floor(heartbeatMs / 4)));
  tick.unref();
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) ws.terminate();
      else {
        alive.set(ws, false);
        ws.ping();
      }
    }
  }, options.pingIntervalMs ?? 30_000);
  pinger.unref();

  await new Promise<void>((resolve, rejectListen) => {
    http.once('error', rejectListen);
    http.listen(options.port ?? 8080, host, () => {
      http.off('error', rejectListen);
      resolve();
    });
  });
  http.on('error', (e) => log.error('http server error', { err: e }));
  const addr = http.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : (options.port ?? 8080);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const url = `ws://${hostPart}:${port}/ws`;
  log.info('server listening', { url, auth: auth.required }); // whether auth is on, never the token

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      closing = true;
      engine.setOutputPressure?.(null);
      clearInterval(tick);
      clearInterval(pinger);
      const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
      for (const s of [...sessions]) s.shutdown();
      hub.closeAll();
      // Give clients a moment to complete the close handshake, then cut whoever is left.
      const deadline = Date.now() + 2000;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      for (const ws of wss.clients) ws.terminate();
      http.closeAllConnections();
      await stopped;
      log.info('server stopped', { url });
    })());

  return { url, httpUrl: `http://${hostPart}:${port}`, port, metrics, close };
}
