/**
 * What a file source may read: regular files only, under the configured roots.
 *
 *   CREATE SOURCE ... WITH (connector='file', path=p)
 *      └─ checkSourcePath(p, roots): realpath(p) must lie under realpath(root) for some root, must not be in
 *         /proc, /sys or /dev, and (when it exists) must be a regular file — no FIFO (open blocks forever),
 *         device (/dev/zero never ends), directory or socket. Symlinks are followed first, so a link inside
 *         a root that points outside it is refused.
 *   connector start
 *      └─ openSourceFile(p): the same checks again at open (the file may have been swapped since CREATE),
 *         with O_NONBLOCK so even a FIFO planted in between cannot block the event loop, then fstat on the
 *         opened descriptor (what is read is what was checked).
 *
 * `roots` undefined means "no root restriction" (an embedded engine or the local REPL, whose user already
 * has the process's rights); an empty list means "no files at all".
 */
import { closeSync, constants, fstatSync, openSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

export type PathCheck = { readonly ok: true; readonly real: string } | { readonly ok: false; readonly reason: string; readonly hint?: string };

function under(child: string, root: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** realpath that tolerates a file that does not exist yet (a followed file created later): resolves its parent. */
function realOrParent(abs: string): { real: string; exists: boolean } | null {
  try {
    return { real: realpathSync(abs), exists: true };
  } catch {
    try {
      return { real: resolve(realpathSync(dirname(abs)), abs.slice(dirname(abs).length + 1)), exists: false };
    } catch {
      return null;
    }
  }
}

export function checkSourcePath(path: string, roots: readonly string[] | undefined, base = process.cwd()): PathCheck {
  const abs = isAbsolute(path) ? path : resolve(base, path);
  const found = realOrParent(abs);
  if (found === null) return { ok: false, reason: `cannot read '${path}': no such file or directory` };
  const { real, exists } = found;
  if (SYSTEM_TREES.some((t) => under(real, t))) return { ok: false, reason: `'${path}' is in ${SYSTEM_TREES.find((t) => under(real, t))}; file sources read regular files only` };
  if (roots !== undefined) {
    const realRoots = roots.map((r) => realOrParent(resolve(r))?.real ?? resolve(r));
    if (!realRoots.some((r) => under(real, r))) {
      const shown = realRoots.length === 0 ? 'no directory (file sources are disabled)' : realRoots.join(', ');
      const link = real !== abs ? ` (it resolves to ${real})` : '';
      return { ok: false, reason: `'${path}' is outside the allowed file roots${link}; allowed: ${shown}`, hint: 'add its directory to sources.file.roots in tumbleql.yaml' };
    }
  }
  if (exists) {
    const kind = fileKind(real);
    if (kind !== 'file') return { ok: false, reason: `'${path}' is a ${kind}, not a regular file; file sources read regular files only` };
  }
  return { ok: true, real };
}

function fileKind(p: string): string {
  try {
    const st = statSync(p);
    return describeStat(st);
  } catch {
    return 'missing file';
  }
}

function describeStat(st: import('node:fs').Stats): string {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

/**
 * Opens a checked path for reading. Throws an Error whose message says why when it is not (or no longer)
 * a regular file under the roots. O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
 */
export function openSourceFile(path: string, roots: readonly string[] | undefined): number {
  const check = checkSourcePath(path, roots);
  if (!check.ok) throw new Error(check.reason);
  const fd = openSync(check.real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const kind = describeStat(fstatSync(fd));
    if (kind !== 'file') throw new Error(`'${path}' is a ${kind}, not a regular file`);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return fd;
}

export const PATH_SEP = sep;
