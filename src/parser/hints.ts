/**
 * Query hints in Flink's spelling: `SELECT ... FROM t /*+ OPTIONS('scan.startup.mode'='latest') *\/`.
 * They are comments to the grammar, so they are read from the statement's comment tokens (never from
 * inside a string literal). As in Flink, a hint belongs to the table it follows: `FROM a /*+ ... *\/
 * JOIN b` sets a's options only. A hint that follows no name (`SELECT /*+ OPTIONS(...) *\/ ...`) applies
 * to every table of the statement that has no hint of its own.
 */
import { tokenMatcher, type IToken } from 'chevrotain';
import { Identifier, lexer, Name } from './tokens.js';

const PAIR = /'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'/g;

/** Hints by the lower-cased name of the table they follow; '' for hints that follow no name. */
export function tableHints(sql: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const lexed = lexer.tokenize(sql);
  const comments = (lexed.groups['comments'] ?? []) as IToken[];
  const tokens = lexed.tokens;
  let t = 0;
  for (const c of comments) {
    const m = /^\/\*\+\s*OPTIONS\s*\(([^]*)\)\s*\*\/$/i.exec(c.image);
    if (!m) continue;
    while (t < tokens.length && tokens[t]!.startOffset < c.startOffset) t++;
    const before = tokens[t - 1];
    const key = before !== undefined && (tokenMatcher(before, Identifier) || tokenMatcher(before, Name)) ? unquote(before.image) : '';
    const options = out.get(key) ?? {};
    for (const p of m[1]!.matchAll(PAIR)) options[p[1]!.replace(/''/g, "'")] = p[2]!.replace(/''/g, "'");
    out.set(key, options);
  }
  return out;
}

/** The options hinted for `table` (its own hint over a statement-wide one), or for the whole statement. */
export function hintOptions(sql: string, table?: string): Record<string, string> {
  const hints = tableHints(sql);
  if (table === undefined) return Object.assign({}, ...hints.values()) as Record<string, string>;
  return { ...hints.get(''), ...hints.get(table.toLowerCase()) };
}

/** Where a hinted option is written: its `'key'='value'` pair, 1-based within `sql`. */
export interface HintedOption {
  readonly value: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length: number;
}

/** The last hint of the statement that sets `key` (any table's or the statement's), with its place. */
export function hintedOption(sql: string, key: string): HintedOption | undefined {
  const comments = (lexer.tokenize(sql).groups['comments'] ?? []) as IToken[];
  let found: HintedOption | undefined;
  for (const c of comments) {
    const m = /^\/\*\+\s*OPTIONS\s*\(([^]*)\)\s*\*\/$/i.exec(c.image);
    if (!m) continue;
    const body = c.image.indexOf(m[1]!);
    for (const p of m[1]!.matchAll(PAIR)) {
      if (p[1]!.replace(/''/g, "'") !== key) continue;
      const at = body + p.index;
      const before = c.image.slice(0, at);
      const nl = before.lastIndexOf('\n');
      const line = c.startLine! + (before.match(/\n/g)?.length ?? 0);
      const column = nl < 0 ? c.startColumn! + at : at - nl;
      found = { value: p[2]!.replace(/''/g, "'"), line, column, offset: c.startOffset + at, length: p[0].length };
    }
  }
  return found;
}

function unquote(image: string): string {
  if (image.startsWith('"')) return image.slice(1, -1).replace(/""/g, '"').toLowerCase();
  if (image.startsWith('`')) return image.slice(1, -1).replace(/``/g, '`').toLowerCase();
  return image.toLowerCase();
}
