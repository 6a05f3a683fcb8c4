/**
 * Query hints in Flink's spelling: `SELECT ... FROM t /*+ OPTIONS('scan.startup.mode'='latest') *\/`.
 * They are comments to the grammar, so they are read from the statement's comment tokens (never from
 * inside a string literal). The options apply to every source the statement reads.
 */
import type { IToken } from 'chevrotain';
import { lexer } from './tokens.js';

const PAIR = /'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'/g;

export function hintOptions(sql: string): Record<string, string> {
  const out: Record<string, string> = {};
  const comments = (lexer.tokenize(sql).groups['comments'] ?? []) as IToken[];
  for (const c of comments) {
    const m = /^\/\*\+\s*OPTIONS\s*\(([^]*)\)\s*\*\/$/i.exec(c.image);
    if (!m) continue;
    for (const p of m[1]!.matchAll(PAIR)) out[p[1]!.replace(/''/g, "'")] = p[2]!.replace(/''/g, "'");
  }
  return out;
}
