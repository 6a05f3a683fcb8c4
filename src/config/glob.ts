/**
 * A tiny glob for `sql:` entries, because `fs.glob` needs Node 22 and we support 20.
 * Supports `*` and `?` within one path segment and `**` for any number of directories; no braces or
 * classes (config files name a handful of files, not a build graph). Results are absolute and sorted,
 * so statements run in a predictable order (the same as a folder of .sql files: by name).
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';

export function hasGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

function segmentRegex(seg: string): RegExp {
  const body = seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

function list(dir: string): { name: string; dir: boolean }[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => !d.name.startsWith('.'))
      .map((d) => ({ name: d.name, dir: d.isDirectory() || (d.isSymbolicLink() && isDir(join(dir, d.name))) }));
  } catch {
    return [];
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Expands `pattern` relative to `base`; returns matching files (never directories), sorted. */
export function glob(pattern: string, base: string): string[] {
  const abs = isAbsolute(pattern) ? pattern : resolve(base, pattern);
  const parts = abs.split(/[\\/]+/);
  // The literal prefix (no wildcards) is where the walk starts.
  let i = 0;
  while (i < parts.length && !hasGlob(parts[i]!)) i++;
  const root = parts.slice(0, i).join(sep) || sep;
  const rest = parts.slice(i);
  const out = new Set<string>();

  const walk = (dir: string, segs: readonly string[]): void => {
    if (segs.length === 0) return;
    const [seg, ...tail] = segs as [string, ...string[]];
    if (seg === '**') {
      walk(dir, tail); // zero directories
      for (const e of list(dir)) if (e.dir) walk(join(dir, e.name), segs);
      return;
    }
    const re = segmentRegex(seg);
    for (const e of list(dir)) {
      if (!re.test(e.name)) continue;
      const p = join(dir, e.name);
      if (tail.length === 0) {
        if (!e.dir) out.add(p);
      } else if (e.dir) walk(p, tail);
    }
  };
  if (rest.length === 0) return isDir(root) ? [] : [root];
  walk(root, rest);
  return [...out].sort();
}

/** The `.sql` files directly inside `dir`, sorted by name. */
export function sqlFilesIn(dir: string): string[] {
  return list(dir)
    .filter((e) => !e.dir && e.name.toLowerCase().endsWith('.sql'))
    .map((e) => join(dir, e.name))
    .sort();
}
