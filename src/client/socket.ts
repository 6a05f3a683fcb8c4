/**
 * The one thing the client needs from a WebSocket implementation, so the same code runs in browsers (the
 * global `WebSocket`) and in Node 20 (the `ws` package, loaded only when there is no global one). Only the
 * `on*` properties and `send`/`close` are used: both implementations have them.
 */

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { readonly data: unknown }) => void) | null;
}

/** Opens a socket to `url` presenting `token` (how is up to the implementation). */
export type SocketFactory = (url: string, token: string | undefined) => WebSocketLike;

/** `ws://host:port` or `http://host:port` → `ws://host:port/ws`; an explicit path is kept. */
export function wsUrl(url: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(url) ? url : `ws://${url}`;
  const u = new URL(withScheme);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  if (u.protocol === 'https:') u.protocol = 'wss:';
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/ws';
  return u.toString();
}

/** Adds `?token=` (the only way a browser WebSocket can present one). */
export function withToken(url: string, token: string | undefined): string {
  if (token === undefined || token === '') return url;
  const u = new URL(url);
  u.searchParams.set('token', token);
  return u.toString();
}

type GlobalWs = new (url: string) => WebSocketLike;
type NodeWs = new (url: string, options: { headers: Record<string, string> }) => WebSocketLike;

/**
 * The global WebSocket when there is one (browsers, Node 22+), else `ws`. With `ws` the token goes in the
 * Authorization header, so it never appears in a URL that a proxy might log.
 */
export async function defaultSocketFactory(): Promise<SocketFactory> {
  const global = (globalThis as { WebSocket?: GlobalWs }).WebSocket;
  if (global !== undefined) return (url, token) => new global(withToken(url, token));
  // A variable specifier: browser bundlers (esbuild, Vite, webpack) leave it alone instead of trying to
  // pack a Node-only module that a browser never loads.
  const name = 'ws';
  const mod = (await import(/* webpackIgnore: true */ /* @vite-ignore */ name)) as { default: NodeWs };
  const Ws = mod.default;
  return (url, token) => new Ws(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
}

/** Why a socket closed, in words (close codes of docs/protocol.md). */
export function describeClose(code: number, reason: string): string {
  const known: Record<number, string> = {
    1000: 'closed',
    1001: 'server shutting down',
    1006: 'connection lost',
    1008: 'rate limit exceeded',
    1009: 'message too large',
    1013: 'slow consumer',
  };
  return `${known[code] ?? 'closed'} (${code}${reason ? `: ${reason}` : ''})`;
}
