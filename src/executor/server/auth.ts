/**
 * Bearer-token check for websocket upgrades and HTTP calls. The token may come as
 * `Authorization: Bearer <token>` or `?token=<token>` (browsers cannot set headers on a WebSocket).
 * Both sides are hashed to fixed-length SHA-256 digests before `timingSafeEqual`, so neither the
 * comparison time nor a length mismatch leaks anything about the configured token. The token is never
 * logged: callers log only whether a check passed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type TokenCheck = (req: IncomingMessage) => boolean;

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** The presented token, from the Authorization header first, then the query string. */
export function presentedToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) return m[1]!;
  }
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    return url.searchParams.get('token');
  } catch {
    return null;
  }
}

/** A check that always passes when no token is configured (an empty string counts as none). */
export function makeTokenCheck(token: string | undefined): TokenCheck {
  if (token === undefined || token === '') return () => true;
  const expected = digest(token);
  return (req) => {
    const given = presentedToken(req);
    // Hash even when nothing was presented, so a missing token costs the same as a wrong one.
    const actual = digest(given ?? '');
    return timingSafeEqual(actual, expected) && given !== null;
  };
}

/** Strips `token` from a URL before it is logged. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '/';
  return url.replace(/([?&]token=)[^&]*/gi, '$1[redacted]');
}
