/**
 * Where the server may listen (DESIGN §8): beyond loopback only with a token, unless the operator says
 * `allow_unauthenticated: true` (e.g. behind an authenticating proxy). Refusing at start is the point: a
 * server on 0.0.0.0 without a token hands DDL, file-reading and every view to the network.
 */
import { isIP } from 'node:net';

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::ffff:127.0.0.1';
}

/** Null when listening on `host` is allowed; otherwise the refusal, saying how to fix it. */
export function bindingProblem(host: string, tokenRequired: boolean, allowUnauthenticated: boolean): string | null {
  if (tokenRequired || allowUnauthenticated || isLoopback(host)) return null;
  return (
    `refusing to listen on ${host} without a token: anyone who can reach it could run DDL and read every view. ` +
    `Set server.token (or server.tokens), or set server.allow_unauthenticated: true if something in front of it authenticates`
  );
}
