/**
 * Syntax errors as short, human diagnostics: what was found, where, and what could have come instead.
 *
 *   SELECT a FORM t        → 1:10 unexpected 'FORM'; expected FROM
 *   SELECT (a FROM t       → 1:11 unexpected FROM; expected ')'   (operators elided: see `collapse`)
 *   SELECT a FROM t WHERE  → 1:22 unexpected end of input; expected an expression
 *
 * Chevrotain's message provider only sees the exception being built, so it encodes the facts we need (how
 * many lookahead tokens matched before the failure, which token types were expected) into the exception's
 * message; `syntaxDiagnostic` decodes them and writes the real message once it knows the statement.
 */
import { EOF, tokenMatcher, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { diag, type Diagnostic } from './diagnostics.js';
import * as T from './tokens.js';

const MARK = '\u0000expected:';

function encode(skip: number, expected: readonly TokenType[]): string {
  return `${MARK}${skip}:${expected.map((t) => t.name).join(',')}`;
}

/**
 * For LL(k) decisions the expected paths may share a prefix with the input: the error is then at the first
 * token where the best path diverges, and only that path position is "expected" there.
 */
function divergence(paths: readonly (readonly TokenType[])[], actual: readonly IToken[]): string {
  let best = 0;
  const matched = paths.map((path) => {
    let n = 0;
    while (n < path.length - 1 && actual[n] && tokenMatcher(actual[n] as IToken, path[n] as TokenType)) n++;
    best = Math.max(best, n);
    return n;
  });
  const expected = paths.filter((_, i) => matched[i] === best).map((p) => p[best]).filter((t): t is TokenType => !!t);
  return encode(best, expected);
}

export const expectedTokensProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => encode(0, [expected]),
  buildNotAllInputParsedMessage: () => encode(0, []),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual }) => divergence(expectedPathsPerAlt.flat(), actual),
  buildEarlyExitMessage: ({ expectedIterationPaths, actual }) => divergence(expectedIterationPaths, actual),
};

const byName = new Map<string, TokenType>(T.allTokens.map((t) => [t.name, t]));

/** The statement being parsed: its tokens and what ended it (a `;` token, or the end of the script). */
export interface StatementTokens {
  readonly tokens: readonly IToken[];
  readonly terminator?: IToken;
  /** Position just past the statement's last token, for errors at the very end. */
  readonly end: { readonly line: number; readonly column: number };
  /** How to name "this could end here" among the alternatives: "';'" for statements. */
  readonly endLabel: string;
}

/** Follow-up tokens for "not all input parsed", from the parser's own content assist. */
export type ContentAssist = (preceding: IToken[]) => TokenType[];

export function syntaxDiagnostic(e: IRecognitionException, stmt: StatementTokens, assist: ContentAssist): Diagnostic {
  const encoded = e.message.startsWith(MARK) ? e.message.slice(MARK.length) : '0:';
  const colon = encoded.indexOf(':');
  const skip = Number(encoded.slice(0, colon)) || 0;
  let expected = encoded
    .slice(colon + 1)
    .split(',')
    .map((n) => byName.get(n))
    .filter((t): t is TokenType => t !== undefined);

  const start = e.token.tokenType === EOF ? stmt.tokens.length : stmt.tokens.indexOf(e.token);
  const index = Math.min(stmt.tokens.length, (start < 0 ? stmt.tokens.length : start) + skip);
  if (e.name === 'NotAllInputParsedException') {
    expected = safeAssist(assist, stmt.tokens.slice(0, index));
  }
  const labels = collapse(expected);
  if (e.name === 'NotAllInputParsedException') labels.push(stmt.endLabel);

  // `SELECT a FORM t`: FORM was taken as an alias of `a`, so the parser stumbles on `t`. When the word before
  // the failure is a near-miss of a keyword that was expected, blame that word instead.
  const prev = stmt.tokens[index - 1];
  const beforePrev = stmt.tokens[index - 2];
  if (prev && prev.tokenType === T.Identifier && beforePrev?.tokenType !== T.As && beforePrev?.tokenType !== T.Dot) {
    const meant = closeKeyword(prev.image, expected);
    if (meant) return diag('SQL_SYNTAX', `unexpected '${prev.image}'; expected ${meant}`, tokenAt(prev));
  }

  const found = stmt.tokens[index];
  const unsupported = found && UNSUPPORTED.get(found.tokenType);
  if (found && unsupported) return diag('UNSUPPORTED', unsupported, tokenAt(found));
  const special = found && specialCase(found, stmt.tokens, index);
  if (special) return special;
  const expectedText = labels.length > 0 ? `; expected ${listOf(labels)}` : '';
  if (!found) {
    const what = stmt.terminator ? "';'" : 'end of input';
    const at = stmt.terminator ? tokenAt(stmt.terminator) : { ...stmt.end, length: 1 };
    return diag('SQL_SYNTAX', `unexpected ${what}${expectedText}`, at);
  }
  const meant = found.tokenType === T.Identifier ? closeKeyword(found.image, expected) : undefined;
  return diag('SQL_SYNTAX', `unexpected ${describe(found)}${expectedText}`, tokenAt(found), meant && `did you mean ${meant}?`);
}

/** Reserved words of features that do not exist yet: say so instead of listing what was expected. */
const UNSUPPORTED = new Map<TokenType, string>([
]);

/** Slips whose generic message would mislead, given the tokens around the failure. */
function specialCase(found: IToken, tokens: readonly IToken[], index: number): Diagnostic | undefined {
  const prev = tokens[index - 1];
  const next = tokens[index + 1];
  // `x IN 5`: the grammar leaves an IN without '(' to POSITION(a IN b), so the failure surfaces at IN.
  if (found.tokenType === T.In && next?.tokenType !== T.LParen) {
    return next
      ? diag('SQL_SYNTAX', `unexpected ${describe(next)}; expected '(' after IN`, tokenAt(next))
      : diag('SQL_SYNTAX', `unexpected end of input; expected '(' after IN`, { ...tokenAt(found), column: (found.startColumn ?? 0) + 2, length: 1 });
  }
  // INTERVAL '5' FORTNIGHT: a word right after an interval's string can only have been meant as its unit.
  if (found.tokenType === T.Identifier && prev?.tokenType === T.StringLiteral && tokens[index - 2]?.tokenType === T.Interval) {
    return diag('INVALID_INTERVAL', `unknown interval unit '${found.image}'; use MILLISECOND, SECOND, MINUTE, HOUR or DAY`, tokenAt(found));
  }
  return undefined;
}

function safeAssist(assist: ContentAssist, preceding: IToken[]): TokenType[] {
  try {
    return assist(preceding);
  } catch {
    return []; // content assist is a nicety; a failure here must not hide the syntax error itself
  }
}

export function tokenAt(t: IToken): { line: number; column: number; length: number } {
  return { line: t.startLine ?? 0, column: t.startColumn ?? 0, length: t.image.length };
}

function describe(t: IToken): string {
  const image = t.image.length > 30 ? `${t.image.slice(0, 27)}...` : t.image;
  return `'${image.replace(/\s+/g, ' ')}'`;
}

const EXPRESSION_START = new Set<TokenType>([
  T.NumberLiteral, T.StringLiteral, T.Name, T.True, T.False, T.Null, T.Interval, T.Timestamp, T.Date, T.Time, T.Case, T.Cast,
  T.TryCast, T.LParen, T.AdditiveOp, T.Plus, T.Minus, T.Not, T.Exists,
]);
const OPERATORS = new Set<TokenType>([
  T.CompareOp, T.AdditiveOp, T.MultiplicativeOp, T.Concat, T.DoubleColon, T.And, T.Or, T.Is, T.In, T.Not, T.Between,
  T.Like, T.Similar, T.Equals, T.NotEquals, T.Less, T.LessEq, T.Greater, T.GreaterEq, T.Plus, T.Minus, T.Star, T.Slash, T.Percent,
]);

/** INNER, LEFT, RIGHT, FULL can start a join: one label says it. */
const JOIN_WORDS = new Set<TokenType>([T.Join, T.Inner, T.Left, T.Right, T.Full]);

/**
 * Token types → a handful of labels. Everything that can start an expression becomes "an expression";
 * a crowd of operators becomes "an operator"; past six labels the list is cut.
 */
function collapse(types: readonly TokenType[]): string[] {
  const set = new Set(types);
  const isExpression = set.has(T.NumberLiteral) && set.has(T.StringLiteral) && set.has(T.Name);
  const inExpression = (t: TokenType): boolean => isExpression && EXPRESSION_START.has(t);
  // Collapse operators only where a binary operator could go; IN, BETWEEN or LIKE alone stay listed.
  const binaryContext = set.has(T.CompareOp) || set.has(T.AdditiveOp) || set.has(T.MultiplicativeOp);
  const operatorCount = binaryContext ? [...set].filter((t) => OPERATORS.has(t) && !inExpression(t)).length : 0;
  const out: string[] = [];
  for (const t of set) {
    let label: string;
    if (inExpression(t)) label = 'an expression';
    else if (operatorCount >= 3 && OPERATORS.has(t)) label = 'an operator';
    else if (t === T.Name || t === T.Identifier) label = 'a name';
    else if (JOIN_WORDS.has(t)) label = 'JOIN';
    else label = typeof t.LABEL === 'string' ? t.LABEL : t.name;
    if (!out.includes(label)) out.push(label);
  }
  return out.length > 6 ? [...out.slice(0, 5), '...'] : out;
}

function listOf(labels: readonly string[]): string {
  if (labels.length <= 1) return labels.join('');
  if (labels[labels.length - 1] === '...') return `one of ${labels.join(', ')}`;
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/** The expected keyword `word` is a slip of (FORM → FROM, WHER → WHERE), if any. */
function closeKeyword(word: string, expected: readonly TokenType[]): string | undefined {
  const w = word.toUpperCase();
  if (w.length < 3) return undefined;
  for (const t of expected) {
    if (!T.KEYWORD_TOKENS.has(t)) continue;
    const k = t.name;
    if (k !== w && distance(w, k) <= (k.length <= 4 ? 1 : 2)) return typeof t.LABEL === 'string' ? t.LABEL : k;
  }
  return undefined;
}

/** Optimal string alignment distance: edits plus adjacent transpositions (FORM → FROM is one). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const up = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}
