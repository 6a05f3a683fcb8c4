/**
 * Input history: kept in memory for up/down and Ctrl-R, persisted to `~/.tumbleql_history`
 * (`TUMBLEQL_HISTORY` overrides the path). One entry per line, JSON-encoded, because entries are often
 * multi-line SQL and contain backslashes (`\x`); a line that is not JSON is taken as-is, so a hand-edited
 * file still loads. Writes append one line per entry (cheap, and concurrent sessions do not clobber each
 * other); the file is rewritten only when it has grown well past the limit.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const HISTORY_LIMIT = 1000;

export function defaultHistoryPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['TUMBLEQL_HISTORY'];
  return override !== undefined && override !== '' ? override : join(homedir(), '.tumbleql_history');
}

export class History {
  private readonly items: string[] = [];

  /** `path` null keeps history in memory only. */
  constructor(
    readonly path: string | null,
    readonly limit: number = HISTORY_LIMIT,
  ) {
    if (path !== null) this.load(path);
  }

  get entries(): readonly string[] {
    return this.items;
  }

  /** Records an entry; blank entries and repeats of the previous entry are skipped (like HISTCONTROL=ignoredups). */
  add(entry: string): void {
    const text = entry.replace(/\s+$/, '');
    if (text.trim() === '' || this.items[this.items.length - 1] === text) return;
    this.items.push(text);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
    if (this.path === null) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      appendFileSync(this.path, JSON.stringify(text) + '\n', { mode: 0o600 });
    } catch {
      // History is a convenience: an unwritable file must not break the session.
    }
  }

  private load(path: string): void {
    let raw: string;
    try {
      raw = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    const lines = raw.split('\n').filter((l) => l.trim() !== '');
    for (const line of lines) {
      const entry = decode(line);
      if (this.items[this.items.length - 1] !== entry) this.items.push(entry);
    }
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
    if (lines.length > this.limit * 2) {
      try {
        writeFileSync(path, this.items.map((e) => JSON.stringify(e) + '\n').join(''), { mode: 0o600 });
      } catch {
        // Keep the long file; it still loads.
      }
    }
  }
}

function decode(line: string): string {
  if (line.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(line);
      if (typeof v === 'string') return v;
    } catch {
      // not JSON: fall through
    }
  }
  return line;
}

/**
 * Ctrl-R: the index of the most recent entry before `before` that contains `query` (case-insensitive), or
 * -1. Pressing Ctrl-R again searches from the match found, so repeated presses walk back through matches.
 */
export function searchBackward(entries: readonly string[], query: string, before: number = entries.length): number {
  const q = query.toLowerCase();
  for (let i = Math.min(before, entries.length) - 1; i >= 0; i--) {
    if ((entries[i] as string).toLowerCase().includes(q)) return i;
  }
  return -1;
}
