/**
 * Static files of the web console (dist/web, built by scripts/build-web.mjs), served at `/` on the
 * server's port under the same token rules as every other route (the caller checks the token first).
 * Safe against path traversal: the URL path is decoded once, must not hold NUL or backslashes, and the
 * file it names must resolve (symlinks included) to a regular file inside the root. Content types are
 * explicit and `nosniff` is set, so a browser never guesses one.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * dist/web, found from this file whether it runs from src/ (tests) or dist/src/ (the package); null when
 * the console was not built (the server then answers 404 at `/` and everything else works).
 */
export function findWebRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'dist', 'web');
    try {
      if (readdirSync(candidate).includes('index.html')) return realpathSync(candidate);
    } catch {
      /* not here */
    }
    dir = dirname(dir);
  }
  return null;
}

/** The file a URL path names inside `root`, or null when it names nothing servable. */
export async function resolveStatic(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed %-escape
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = resolve(root, rel);
  if (!full.startsWith(root + sep)) return null;
  try {
    const real = realpathSync(full);
    if (!real.startsWith(root + sep)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Serves `urlPath` from `root` (GET or HEAD); false when there is no such file. */
export async function serveStatic(root: string, urlPath: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const file = await resolveStatic(root, urlPath);
  if (file === null) return false;
  const body = await readFile(file);
  res.writeHead(200, {
    'content-type': contentType(file),
    'content-length': body.length,
    // The files are not content-hashed: revalidate so a rebuilt console is picked up.
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // The page URL may carry ?token=: never send it on to anyone as a Referer.
    'referrer-policy': 'no-referrer',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
