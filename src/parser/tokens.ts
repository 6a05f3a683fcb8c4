/**
 * Every token of the dialect, and the one shared lexer.
 *
 * Keywords are case-insensitive and use `longer_alt: Identifier`, so `selected` or `timestamp_ltz` lex as
 * identifiers. Keywords come in two kinds:
 *   - reserved (SELECT, FROM, TABLE, ...): never a name; quote them ("from", `table`) to use one as a name;
 *   - non-reserved (SOURCE, VIEW, EMIT, WATERMARK, TIMESTAMP, SECOND, ...): also in the `Name` category, so
 *     the grammar accepts them wherever it accepts an identifier (`SELECT timestamp, second FROM t`).
 * Words that only matter by position (TUMBLE, HOP, DATA, SIZE, type names such as INT or STRING, EXTRACT)
 * are plain identifiers: the grammar never needs to tell them apart, so `int`, `name`, `size`, `value`,
 * `window_start` are ordinary column names.
 *
 * Unterminated strings, quoted identifiers and block comments get tokens of their own, so parse.ts can say
 * what is missing. Any other stray character is a lexer error (a catch-all token would cost the lexer its
 * first-char optimization); parse.ts turns those into diagnostics and the highlighter into 'error' spans.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Anything the grammar accepts as a name: identifiers, quoted identifiers, non-reserved keywords. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, label: 'a name' });
/** Every keyword token, reserved or not (for highlighting and completion). */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });
/** Interval units after an interval string: INTERVAL '10' SECOND. */
export const IntervalUnit = createToken({ name: 'IntervalUnit', pattern: Lexer.NA, categories: [Name], label: 'an interval unit' });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[a-zA-Z_\u00C0-\uFFFF][a-zA-Z0-9_$\u00C0-\uFFFF]*/,
  categories: [Name],
  label: 'a name',
});
export const QuotedIdentifier = createToken({
  name: 'QuotedIdentifier',
  pattern: /"(?:[^"]|"")*"/,
  categories: [Name],
  label: 'a name',
});
export const BacktickIdentifier = createToken({
  name: 'BacktickIdentifier',
  pattern: /`(?:[^`]|``)*`/,
  categories: [Name],
  label: 'a name',
});

// ---------------------------------------------------------------------------------------------------
// Keywords

const reservedTokens: TokenType[] = [];
const nonReservedTokens: TokenType[] = [];

function reserved(word: string, label: string = word): TokenType {
  const t = createToken({
    name: word,
    pattern: new RegExp(word, 'i'),
    longer_alt: Identifier,
    categories: [Keyword],
    label,
  });
  reservedTokens.push(t);
  return t;
}

function nonReserved(word: string, extra: TokenType[] = [], pattern = word): TokenType {
  const t = createToken({
    name: word,
    pattern: new RegExp(pattern, 'i'),
    longer_alt: Identifier,
    categories: [Keyword, Name, ...extra],
    label: word,
  });
  nonReservedTokens.push(t);
  return t;
}

// Reserved: clause words, operators spelled as words, and a few words reserved for what comes next
// (JOIN, ON, ORDER, LIMIT, UNION, OVER) so that `FROM t JOIN u` fails at JOIN instead of taking it as an alias.
export const Select = reserved('SELECT');
export const From = reserved('FROM');
export const Where = reserved('WHERE');
export const Group = reserved('GROUP', 'GROUP BY');
export const By = reserved('BY');
export const Having = reserved('HAVING');
export const As = reserved('AS');
export const And = reserved('AND');
export const Or = reserved('OR');
export const Not = reserved('NOT');
export const Null = reserved('NULL');
export const True = reserved('TRUE');
export const False = reserved('FALSE');
export const Is = reserved('IS');
export const In = reserved('IN');
export const Between = reserved('BETWEEN');
export const Like = reserved('LIKE');
export const Escape = reserved('ESCAPE');
export const Similar = reserved('SIMILAR');
export const Case = reserved('CASE');
export const When = reserved('WHEN');
export const Then = reserved('THEN');
export const Else = reserved('ELSE');
export const End = reserved('END');
export const Cast = reserved('CAST');
export const TryCast = reserved('TRY_CAST');
export const Distinct = reserved('DISTINCT');
export const All = reserved('ALL');
export const Create = reserved('CREATE');
export const Drop = reserved('DROP');
export const Table = reserved('TABLE');
export const Insert = reserved('INSERT');
export const Into = reserved('INTO');
export const Values = reserved('VALUES');
export const With = reserved('WITH');
export const Interval = reserved('INTERVAL');
export const For = reserved('FOR');
export const To = reserved('TO');
export const Exists = reserved('EXISTS');
export const Both = reserved('BOTH');
export const Leading = reserved('LEADING');
export const Trailing = reserved('TRAILING');
export const Filter = reserved('FILTER');
export const Descriptor = reserved('DESCRIPTOR');
export const Join = reserved('JOIN');
export const On = reserved('ON');
export const Order = reserved('ORDER', 'ORDER BY');
export const Limit = reserved('LIMIT');
export const Union = reserved('UNION');
export const Intersect = reserved('INTERSECT');
export const Except = reserved('EXCEPT');
export const Over = reserved('OVER');

// Non-reserved: they start or qualify a clause only where a name cannot appear.
export const Source = nonReserved('SOURCE');
export const Sources = nonReserved('SOURCES');
export const View = nonReserved('VIEW');
export const Views = nonReserved('VIEWS');
export const Tables = nonReserved('TABLES');
export const Materialized = nonReserved('MATERIALIZED');
export const Partition = nonReserved('PARTITION');
export const Replace = nonReserved('REPLACE');
export const If = nonReserved('IF');
export const Watermark = nonReserved('WATERMARK');
/** x IS [NOT] JSON (functions-json.ts). */
export const Json = nonReserved('JSON');
/** OVERLAY(s PLACING r FROM pos [FOR len]). */
export const Placing = nonReserved('PLACING');
export const Alter = nonReserved('ALTER');
export const Reset = nonReserved('RESET');
// PRIMARY KEY (k) NOT ENFORCED (a changelog table) and FOR SYSTEM_TIME AS OF (a temporal join).
export const Primary = nonReserved('PRIMARY');
export const Key = nonReserved('KEY');
export const Enforced = nonReserved('ENFORCED');
export const SystemTime = nonReserved('SYSTEM_TIME');
export const Of = nonReserved('OF');
export const Emit = nonReserved('EMIT');
export const Changes = nonReserved('CHANGES');
export const Final = nonReserved('FINAL');
export const Show = nonReserved('SHOW');
export const Describe = nonReserved('DESCRIBE');
export const Desc = nonReserved('DESC');
export const Explain = nonReserved('EXPLAIN');
export const Plan = nonReserved('PLAN');
export const Precision = nonReserved('PRECISION');
export const Without = nonReserved('WITHOUT');
export const Local = nonReserved('LOCAL');
export const Time = nonReserved('TIME');
export const Zone = nonReserved('ZONE');
export const Timestamp = nonReserved('TIMESTAMP');
export const Date = nonReserved('DATE');
// Join words: non-reserved (LEFT/RIGHT stay usable as names), but never taken as an implicit alias.
export const Inner = nonReserved('INNER');
export const Left = nonReserved('LEFT');
export const Right = nonReserved('RIGHT');
export const Full = nonReserved('FULL');
export const Outer = nonReserved('OUTER');
// NATURAL JOIN and JOIN ... USING (cols): reserved in Flink; here names too, but never an implicit alias.
export const Natural = nonReserved('NATURAL');
export const Using = nonReserved('USING');
export const Cross = nonReserved('CROSS');
// OVER windows: `OVER (PARTITION BY k ORDER BY ts [ASC|DESC] [NULLS FIRST|LAST] ROWS|RANGE BETWEEN ...)` and
// the WINDOW clause. UNBOUNDED stays an identifier (`UNBOUNDED PRECEDING` reads as a bound expression).
export const Window = nonReserved('WINDOW');
export const Rows = nonReserved('ROWS');
export const Range = nonReserved('RANGE');
export const Row = nonReserved('ROW');
export const Current = nonReserved('CURRENT');
export const Preceding = nonReserved('PRECEDING');
export const Following = nonReserved('FOLLOWING');
export const Asc = nonReserved('ASC');
export const Nulls = nonReserved('NULLS');
export const First = nonReserved('FIRST');
export const Last = nonReserved('LAST');

// Units, singular or plural (`INTERVAL '2' HOURS` is a common slip; accepting it costs nothing).
// WEEK, MONTH and YEAR are lexed so that cst-to-ast can say they are unsupported instead of a vaguer error.
const unit = (word: string): TokenType => nonReserved(word, [IntervalUnit], `${word}S?`);
export const Millisecond = unit('MILLISECOND');
export const Second = unit('SECOND');
export const Minute = unit('MINUTE');
export const Hour = unit('HOUR');
export const Day = unit('DAY');
export const Week = unit('WEEK');
export const Month = unit('MONTH');
export const Year = unit('YEAR');

// ---------------------------------------------------------------------------------------------------
// Literals, operators, punctuation

export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /'(?:[^']|'')*'/, label: 'a string' });
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});

export const LineComment = createToken({ name: 'LineComment', pattern: /--[^\n\r]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[^]*?\*\//, group: 'comments' });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });

/** Operators (a category each, so the CST keeps them in source order next to their operands). */
export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA });
export const AdditiveOp = createToken({ name: 'AdditiveOp', pattern: Lexer.NA });
export const MultiplicativeOp = createToken({ name: 'MultiplicativeOp', pattern: Lexer.NA });

export const Arrow = createToken({ name: 'Arrow', pattern: '=>', label: "'=>'" });
export const NotEquals = createToken({ name: 'NotEquals', pattern: /<>|!=/, categories: [CompareOp], label: "'<>'" });
export const LessEq = createToken({ name: 'LessEq', pattern: '<=', categories: [CompareOp], label: "'<='" });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: '>=', categories: [CompareOp], label: "'>='" });
export const Equals = createToken({ name: 'Equals', pattern: '=', categories: [CompareOp], label: "'='" });
export const Less = createToken({ name: 'Less', pattern: '<', categories: [CompareOp], label: "'<'" });
export const Greater = createToken({ name: 'Greater', pattern: '>', categories: [CompareOp], label: "'>'" });
export const Concat = createToken({ name: 'Concat', pattern: '||', label: "'||'" });
export const Plus = createToken({ name: 'Plus', pattern: '+', categories: [AdditiveOp], label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: '-', categories: [AdditiveOp], label: "'-'" });
export const Star = createToken({ name: 'Star', pattern: '*', categories: [MultiplicativeOp], label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: '/', categories: [MultiplicativeOp], label: "'/'" });
export const Percent = createToken({ name: 'Percent', pattern: '%', categories: [MultiplicativeOp], label: "'%'" });
export const DoubleColon = createToken({ name: 'DoubleColon', pattern: '::', label: "'::'" });

export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'" });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: "','" });
export const Dot = createToken({ name: 'Dot', pattern: '.', label: "'.'" });
export const Semicolon = createToken({ name: 'Semicolon', pattern: ';', label: "';'" });

// Error tokens: matched only where the well-formed token failed (they come after it in the lexer order).
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /'(?:[^']|'')*/ });
export const UnterminatedQuotedIdentifier = createToken({
  name: 'UnterminatedQuotedIdentifier',
  pattern: /"(?:[^"]|"")*|`(?:[^`]|``)*/,
});
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[^]*/, group: 'comments' });

/** Keywords longest first: a keyword that is a prefix of another (IN, INT..., INTO) must be tried last. */
const keywordTokens = [...reservedTokens, ...nonReservedTokens].sort(
  (a, b) => String(b.PATTERN).length - String(a.PATTERN).length,
);

/** Lexer order matters: comments before '-' and '/', '=>' before '=', error tokens last. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLiteral,
  UnterminatedString,
  QuotedIdentifier,
  BacktickIdentifier,
  UnterminatedQuotedIdentifier,
  NumberLiteral,
  ...keywordTokens,
  Identifier,
  Arrow,
  NotEquals,
  LessEq,
  GreaterEq,
  Equals,
  Less,
  Greater,
  Concat,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  DoubleColon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Dot,
  Semicolon,
  // Categories are not lexed but the parser must know them.
  Name,
  Keyword,
  IntervalUnit,
  CompareOp,
  AdditiveOp,
  MultiplicativeOp,
];

export const lexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: true });

export const RESERVED_WORDS: ReadonlySet<string> = new Set(reservedTokens.map((t) => t.name));
export const KEYWORD_TOKENS: ReadonlySet<TokenType> = new Set(keywordTokens);

/** Words that read as keywords but lex as identifiers: window functions, their parameters, type names. */
const SOFT_KEYWORDS = [
  'TUMBLE', 'HOP', 'CUMULATE', 'SESSION', 'TUMBLE_START', 'TUMBLE_END', 'TUMBLE_ROWTIME', 'HOP_START', 'HOP_END',
  'ROW_NUMBER', 'LAG', 'LEAD', 'UNBOUNDED', 'DATA', 'TIMECOL', 'SIZE', 'SLIDE', 'OFFSET', 'WINDOW_START', 'WINDOW_END', 'WINDOW_TIME',
  'BOOLEAN', 'INT', 'INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'FLOAT', 'REAL', 'DOUBLE', 'DECIMAL', 'NUMERIC',
  'VARCHAR', 'STRING', 'CHAR', 'TEXT', 'TIMESTAMP_LTZ', 'EXTRACT', 'SUBSTRING', 'TRIM', 'POSITION', 'COALESCE', 'NULLIF',
];

/** Every keyword, upper-case, sorted (for completion). */
export const KEYWORDS: readonly string[] = Object.freeze(
  [...new Set([...keywordTokens.map((t) => t.name), ...SOFT_KEYWORDS])].sort(),
);
