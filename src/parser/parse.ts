/**
 * Text → AST, the parser's public entry points. Nothing the user types makes these throw: lexing errors,
 * syntax errors and bad literals all come back as diagnostics with a line and column.
 *
 * A script is lexed once; the token stream is cut at `;` and each statement is parsed on its own by the
 * shared parser. The first statement that fails stops the script: the statements before it are returned
 * with one diagnostic, the ones after it are not looked at (running them could depend on the broken one).
 */
import type { CstNode, ILexingError, IToken, TokenType } from 'chevrotain';
import type { Expr, ParsedStatement, Pos, Statement } from './ast.js';
import { AstBuilder } from './cst-to-ast.js';
import { diag, DiagnosticError, type Diagnostic } from './diagnostics.js';
import { parser } from './grammar.js';
import { syntaxDiagnostic, tokenAt, type StatementTokens } from './syntax-errors.js';
import * as T from './tokens.js';

export { KEYWORDS } from './tokens.js';

export interface ParseResult {
  readonly statements: ParsedStatement[];
  readonly diagnostics: Diagnostic[];
}

export interface ExpressionResult {
  /** Absent when there is a diagnostic. */
  readonly expr?: Expr;
  readonly diagnostics: Diagnostic[];
}

export type HighlightKind = 'keyword' | 'identifier' | 'string' | 'number' | 'comment' | 'operator' | 'punct' | 'whitespace' | 'error';

export interface HighlightToken {
  readonly text: string;
  readonly kind: HighlightKind;
  readonly offset: number;
}

const builder = new AstBuilder();

/** A script of `;`-separated statements; the last `;` is optional and empty statements are ignored. */
export function parseScript(text: string): ParseResult {
  const lexed = T.lexer.tokenize(text);
  const problem = firstLexProblem(text, lexed.errors, [...lexed.tokens, ...(lexed.groups['comments'] ?? [])]);
  const statements: ParsedStatement[] = [];
  for (const chunk of splitStatements(lexed.tokens)) {
    const endOffset = chunk.terminator?.startOffset ?? Infinity;
    if (problem && problem.offset < endOffset) return { statements, diagnostics: [problem.diagnostic] };
    const result = parseChunk(text, chunk, 'statement');
    if ('diagnostic' in result) return { statements, diagnostics: [result.diagnostic] };
    const first = chunk.tokens[0] as IToken;
    const last = chunk.tokens[chunk.tokens.length - 1] as IToken;
    const pos = spanOf(first, last);
    // A hint after the last token (`... FROM s /*+ OPTIONS(...) */;`) belongs to the statement's text.
    let end = pos.offset + pos.length;
    for (const c of (lexed.groups['comments'] ?? []) as IToken[]) {
      if (c.startOffset >= end && c.startOffset < endOffset && c.image.startsWith('/*+')) end = c.startOffset + c.image.length;
    }
    statements.push({ statement: result.ast as Statement, text: text.slice(pos.offset, end), pos });
  }
  return { statements, diagnostics: problem ? [problem.diagnostic] : [] };
}

/** Exactly one statement (a trailing `;` is fine); more than one is a diagnostic at the second. */
export function parseStatement(text: string): ParseResult {
  const result = parseScript(text);
  const [first, second] = result.statements;
  if (second && result.diagnostics.length === 0) {
    const d = diag('SQL_SYNTAX', `expected one statement, found ${result.statements.length}`, second.pos);
    return { statements: first ? [first] : [], diagnostics: [d] };
  }
  if (!first && result.diagnostics.length === 0) {
    return { statements: [], diagnostics: [diag('SQL_SYNTAX', 'expected a statement, found none', { line: 1, column: 1, length: 1 })] };
  }
  return result;
}

/** One expression, e.g. a watermark or a filter from a config file. */
export function parseExpression(text: string): ExpressionResult {
  const lexed = T.lexer.tokenize(text);
  const problem = firstLexProblem(text, lexed.errors, [...lexed.tokens, ...(lexed.groups['comments'] ?? [])]);
  if (problem) return { diagnostics: [problem.diagnostic] };
  if (lexed.tokens.length === 0) {
    return { diagnostics: [diag('SQL_SYNTAX', 'unexpected end of input; expected an expression', { line: 1, column: 1, length: 1 })] };
  }
  const result = parseChunk(text, { tokens: lexed.tokens }, 'expression');
  return 'diagnostic' in result ? { diagnostics: [result.diagnostic] } : { expr: result.ast as Expr, diagnostics: [] };
}

// ---------------------------------------------------------------------------------------------------

interface Chunk {
  readonly tokens: IToken[];
  readonly terminator?: IToken;
}

function splitStatements(tokens: readonly IToken[]): Chunk[] {
  const chunks: Chunk[] = [];
  let current: IToken[] = [];
  for (const t of tokens) {
    if (t.tokenType === T.Semicolon) {
      if (current.length > 0) chunks.push({ tokens: current, terminator: t });
      current = [];
    } else {
      current.push(t);
    }
  }
  if (current.length > 0) chunks.push({ tokens: current });
  return chunks;
}

function parseChunk(text: string, chunk: Chunk, rule: 'statement' | 'expression'): { ast: unknown } | { diagnostic: Diagnostic } {
  const first = chunk.tokens[0] as IToken;
  const last = chunk.tokens[chunk.tokens.length - 1] as IToken;
  try {
    parser.input = chunk.tokens;
    const cst: CstNode = rule === 'statement' ? parser.statement() : parser.expression();
    const error = parser.errors[0];
    if (error) {
      const stmt: StatementTokens = {
        tokens: chunk.tokens,
        ...(chunk.terminator ? { terminator: chunk.terminator } : {}),
        end: { line: last.endLine ?? last.startLine ?? 1, column: (last.endColumn ?? last.startColumn ?? 0) + 1 },
        endLabel: rule === 'statement' ? "';'" : 'end of input',
      };
      const assist = (preceding: IToken[]): TokenType[] => parser.computeContentAssist(rule, preceding).map((p) => p.nextTokenType);
      return { diagnostic: syntaxDiagnostic(error, stmt, assist) };
    }
    return { ast: builder.build(cst, text) };
  } catch (e) {
    if (e instanceof DiagnosticError) return { diagnostic: e.diagnostic };
    // Thousands of nested parentheses exhaust the stack in a recursive-descent parser: a user error.
    if (e instanceof RangeError) return { diagnostic: diag('SQL_SYNTAX', 'statement is nested too deeply', tokenAt(first)) };
    throw e;
  }
}

function spanOf(first: IToken, last: IToken): Pos {
  const end = last.endOffset ?? last.startOffset;
  return { line: first.startLine ?? 1, column: first.startColumn ?? 1, offset: first.startOffset, length: end - first.startOffset + 1 };
}

const UNTERMINATED = new Map<TokenType, string>([
  [T.UnterminatedString, "unterminated string; expected a closing '"],
  [T.UnterminatedQuotedIdentifier, 'unterminated quoted name; expected a closing quote'],
  [T.UnterminatedComment, 'unterminated comment; expected */'],
]);

/** The earliest lexing problem: a character no token matches, or an unclosed string, name or comment. */
function firstLexProblem(
  text: string,
  errors: readonly ILexingError[],
  tokens: readonly IToken[],
): { offset: number; diagnostic: Diagnostic } | undefined {
  let best: { offset: number; diagnostic: Diagnostic } | undefined;
  for (const e of errors) {
    if (best && best.offset <= e.offset) continue;
    const chars = text.slice(e.offset, e.offset + e.length);
    const at = { line: e.line ?? 0, column: e.column ?? 0, length: e.length };
    best = { offset: e.offset, diagnostic: diag('SQL_SYNTAX', `unexpected character${chars.length > 1 ? 's' : ''} '${chars}'`, at) };
  }
  for (const t of tokens) {
    const message = UNTERMINATED.get(t.tokenType);
    if (!message || (best && best.offset <= t.startOffset)) continue;
    const lineEnd = t.image.search(/[\r\n]/);
    best = { offset: t.startOffset, diagnostic: diag('SQL_SYNTAX', message, { ...tokenAt(t), length: lineEnd < 0 ? t.image.length : lineEnd }) };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------
// REPL support

const OPERATOR_TOKENS = new Set<TokenType>([
  T.Arrow, T.NotEquals, T.LessEq, T.GreaterEq, T.Equals, T.Less, T.Greater, T.Concat, T.Plus, T.Minus, T.Star, T.Slash,
  T.Percent, T.DoubleColon,
]);

function kindOf(t: TokenType): HighlightKind {
  if (T.KEYWORD_TOKENS.has(t)) return 'keyword';
  if (OPERATOR_TOKENS.has(t)) return 'operator';
  switch (t) {
    case T.Identifier:
    case T.QuotedIdentifier:
    case T.BacktickIdentifier:
    case T.UnterminatedQuotedIdentifier:
      return 'identifier';
    case T.StringLiteral:
    case T.UnterminatedString:
      return 'string';
    case T.NumberLiteral:
      return 'number';
    case T.LineComment:
    case T.BlockComment:
    case T.UnterminatedComment:
      return 'comment';
    default:
      return 'punct';
  }
}

/** Every character of `text` in order, classified for syntax highlighting. */
export function lexForHighlight(text: string): HighlightToken[] {
  const lexed = T.lexer.tokenize(text);
  const tokens = [...lexed.tokens, ...(lexed.groups['comments'] ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  const out: HighlightToken[] = [];
  let offset = 0;
  const gap = (until: number): void => {
    // Between tokens there is only whitespace and characters the lexer rejected.
    for (const m of text.slice(offset, until).matchAll(/\s+|\S+/g)) {
      out.push({ text: m[0], kind: /^\s/.test(m[0]) ? 'whitespace' : 'error', offset: offset + (m.index ?? 0) });
    }
    offset = until;
  };
  for (const t of tokens) {
    gap(t.startOffset);
    out.push({ text: t.image, kind: kindOf(t.tokenType), offset: t.startOffset });
    offset = t.startOffset + t.image.length;
  }
  gap(text.length);
  return out;
}

/** True when the input ends with a `;` outside strings and comments: the REPL can run it. */
export function isCompleteInput(text: string): boolean {
  const lexed = T.lexer.tokenize(text);
  const last = lexed.tokens[lexed.tokens.length - 1];
  if (!last || last.tokenType !== T.Semicolon) return false;
  // An unterminated block comment swallows everything after it, including a `;`, so it ends the text.
  return !(lexed.groups['comments'] ?? []).some((c) => c.tokenType === T.UnterminatedComment);
}
