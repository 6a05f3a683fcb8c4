/**
 * The REPL's view of SQL text, on top of the parser's highlighting lexer (`lexForHighlight` classifies
 * every character, so strings, quoted identifiers and comments are already known): splitting an input
 * into statements at top-level `;`, each keeping its position so an engine diagnostic relative to one
 * statement can be moved back under the input as typed, and finding a statement's first keyword.
 */
import { KEYWORDS, isCompleteInput, lexForHighlight } from '../src/parser/parse.js';
import { callableNames } from '../src/parser/callable-names.js';
import type { HighlightKind, HighlightToken } from '../src/parser/parse.js';

export type { HighlightKind, HighlightToken };

export interface SqlHelpers {
  lex(text: string): readonly HighlightToken[];
  isComplete(text: string): boolean;
  readonly keywords: readonly string[];
  readonly functions: readonly string[];
}

/**
 * Function names offered by completion (the grammar treats them as identifiers, so KEYWORDS lacks them):
 * the scalar registry, the aggregates and the window functions, as the binder knows them.
 */
export const FUNCTIONS: readonly string[] = Object.freeze(callableNames());

export const sqlHelpers: SqlHelpers = {
  lex: lexForHighlight,
  isComplete: isCompleteInput,
  keywords: KEYWORDS,
  functions: FUNCTIONS,
};

export interface StatementSpan {
  /** The statement text, from its first significant character to its `;` (inclusive, when present). */
  readonly text: string;
  readonly offset: number;
  /** 1-based line and column of `offset` in the whole input. */
  readonly line: number;
  readonly column: number;
}

const insignificant = (t: HighlightToken): boolean => t.kind === 'whitespace' || t.kind === 'comment';

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function span(text: string, start: number, end: number): StatementSpan {
  return { text: text.slice(start, end), offset: start, ...position(text, start) };
}

/**
 * Splits an input into statements at top-level `;`. Leading whitespace and comments are skipped so a
 * statement starts at its first keyword; a trailing fragment without `;` is returned too (the engine then
 * reports what is missing). Empty statements (`;;`) are dropped.
 */
export function splitStatements(text: string): StatementSpan[] {
  const out: StatementSpan[] = [];
  let start = -1;
  let end = -1;
  for (const t of lexForHighlight(text)) {
    if (insignificant(t)) continue;
    if (t.text === ';' && t.kind === 'punct') {
      if (start >= 0) out.push(span(text, start, t.offset + 1));
      start = -1;
      continue;
    }
    if (start < 0) start = t.offset;
    end = t.offset + t.text.length;
  }
  if (start >= 0) out.push(span(text, start, end));
  return out;
}

/** True when the text holds statements and every one of them ends with `;`. */
export function allTerminated(text: string): boolean {
  const spans = splitStatements(text);
  return spans.length > 0 && spans.every((s) => s.text.endsWith(';'));
}

/** The first word of a statement, upper-cased, past comments and opening parentheses: `SELECT`, `CREATE`. */
export function leadingKeyword(sql: string): string {
  for (const t of lexForHighlight(sql)) {
    if (insignificant(t) || t.text === '(') continue;
    return t.text.toUpperCase();
  }
  return '';
}
