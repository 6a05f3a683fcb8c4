/**
 * The one SQL normalizer: two texts normalize alike iff they lex to the same tokens. Whitespace and
 * comments between tokens and trailing `;` do not count; reserved keywords compare upper-case. Names are
 * kept as written, even unquoted ones, because an alias's spelling is a key of every output row, and a
 * non-reserved keyword (`timestamp`) may be such a name. String literals and quoted identifiers are kept
 * byte for byte, because `'a  b'` and `'a b'` are different values. Optimizer hints
 * (`/*+ OPTIONS(...) *\/`) are kept: they change what a query reads.
 *
 * Used by the engine (is a re-run CREATE the same definition as the restored one?) and by the server
 * (identical ad-hoc queries share one pipeline).
 */
import type { IToken } from 'chevrotain';
import { lexer, RESERVED_WORDS } from './tokens.js';

/** No space before these tokens, none after the second set: `f(a, b.c)` rather than `f ( a , b . c )`. */
const TIGHT_BEFORE = new Set([',', ')', '.', ';', '::']);
const TIGHT_AFTER = new Set(['(', '.', '::']);

export function normalizeSql(text: string): string {
  const lexed = lexer.tokenize(text);
  // Text the lexer cannot read is left as it is (trimmed): normalizing it could merge different texts.
  if (lexed.errors.length > 0) return text.trim();
  const hints = ((lexed.groups['comments'] ?? []) as IToken[]).filter((c) => c.image.startsWith('/*+'));
  const tokens = [...lexed.tokens, ...hints].sort((a, b) => a.startOffset - b.startOffset);
  while (tokens.length > 0 && tokens[tokens.length - 1]!.image === ';') tokens.pop();
  let out = '';
  let prev = '';
  for (const t of tokens) {
    const image = canonicalImage(t);
    if (out !== '' && !TIGHT_BEFORE.has(image) && !TIGHT_AFTER.has(prev)) out += ' ';
    out += image;
    prev = image;
  }
  return out;
}

function canonicalImage(t: IToken): string {
  if (RESERVED_WORDS.has(t.tokenType.name)) return t.image.toUpperCase();
  if (t.image.startsWith('/*+')) return `/*+ ${t.image.slice(3, -2).trim().replace(/\s+/g, ' ')} */`;
  return t.image;
}
