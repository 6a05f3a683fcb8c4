/**
 * CST → AST for expressions and types (the statement half is cst-to-ast.ts, which extends this class).
 *
 * Normalizations made here, so the binder sees one shape per meaning:
 *   - unquoted names lower-cased, quoted ones kept and marked `quoted`;
 *   - `-5` (a minus directly before a number) is the literal -5, keeping DECIMAL literals exact;
 *   - EXTRACT / SUBSTRING / TRIM / POSITION special syntax → plain calls (see `normalizeCall`);
 *   - `x::t` → CAST(x AS t); type synonyms → the engine's type names.
 * Problems only visible after parsing (bad interval, unknown type) throw a DiagnosticError, which parse.ts
 * turns into a diagnostic at the statement boundary.
 */
import type { CstNode, CstElement, IToken } from 'chevrotain';
import type { BinaryOp, CallExpr, Expr, FrameBound, FrameDef, Ident, JsonBehavior, JsonClauses, OrderItem, OverClause, Pos, Select, SqlTypeName, TypeParam, TypeRef, WindowDef } from './ast.js';
import { fail } from './diagnostics.js';
import { fieldAccess } from './expr-walk.js';
import { parser } from './grammar.js';
import { parseInterval, parseTimestamp, unquote } from './literals.js';
import { parseDate, parseTime } from './functions-date-values.js';
import * as T from './tokens.js';

export type Ctx = Record<string, CstElement[] | undefined>;

// ---------------------------------------------------------------------------------------------------
// CST access and positions

export const tok = (ctx: Ctx, key: string): IToken | undefined => ctx[key]?.[0] as IToken | undefined;
export const toks = (ctx: Ctx, key: string): IToken[] => (ctx[key] ?? []) as IToken[];
export const node = (ctx: Ctx, key: string): CstNode | undefined => ctx[key]?.[0] as CstNode | undefined;
export const nodes = (ctx: Ctx, key: string): CstNode[] => (ctx[key] ?? []) as CstNode[];

/** The grammar guarantees the element; its absence is a bug in grammar/visitor agreement. */
export function must<X>(x: X | undefined, what: string): X {
  if (x === undefined) throw new Error(`parser invariant: CST has no ${what}`);
  return x;
}

export function tokenPos(t: IToken): Pos {
  return { line: t.startLine ?? 0, column: t.startColumn ?? 0, offset: t.startOffset, length: t.image.length };
}

export function nodePos(n: CstNode): Pos {
  const l = must(n.location, 'location');
  return { line: l.startLine ?? 0, column: l.startColumn ?? 0, offset: l.startOffset, length: (l.endOffset ?? l.startOffset) - l.startOffset + 1 };
}

/** From the start of `a` to the end of `b`. */
export function span(a: Pos, b: Pos): Pos {
  return { line: a.line, column: a.column, offset: a.offset, length: b.offset + b.length - a.offset };
}

export function identOf(t: IToken): Ident {
  const quoted = t.tokenType === T.QuotedIdentifier || t.tokenType === T.BacktickIdentifier;
  return { name: quoted ? unquote(t.image) : t.image.toLowerCase(), quoted, pos: tokenPos(t) };
}

// ---------------------------------------------------------------------------------------------------

const BaseVisitor = parser.getBaseCstVisitorConstructor<unknown, unknown>();

const COMPARE: Record<string, BinaryOp> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

const TYPE_NAMES: Record<string, SqlTypeName> = {
  BOOLEAN: 'BOOLEAN', BOOL: 'BOOLEAN',
  TINYINT: 'INT', SMALLINT: 'INT', INT: 'INT', INTEGER: 'INT',
  BIGINT: 'BIGINT',
  FLOAT: 'FLOAT', REAL: 'FLOAT',
  DOUBLE: 'DOUBLE',
  DECIMAL: 'DECIMAL', NUMERIC: 'DECIMAL', DEC: 'DECIMAL',
  VARCHAR: 'VARCHAR', STRING: 'VARCHAR', CHAR: 'VARCHAR', TEXT: 'VARCHAR', CHARACTER: 'VARCHAR',
  TIMESTAMP: 'TIMESTAMP', TIMESTAMP_LTZ: 'TIMESTAMP',
  DATE: 'DATE', TIME: 'TIME',
  ARRAY: 'ARRAY', MAP: 'MAP', ROW: 'ROW',
};
const TYPE_LIST = 'BOOLEAN, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, VARCHAR, TIMESTAMP, DATE, TIME, ARRAY<T>, MAP<K, V> or ROW<name T, ...>';
/** How many type parameters each parameterized type takes. */
const TYPE_PARAMS: Partial<Record<SqlTypeName, number>> = { ARRAY: 1, MAP: 2 };

/** Result of `callArgs`: the argument list with whichever special syntax was used. */
interface CallParts {
  readonly star: boolean;
  readonly distinct: boolean;
  readonly args: Expr[];
  readonly trimSpec?: IToken;
  readonly trimChars?: Expr;
  readonly from?: { readonly token: IToken; readonly value: Expr; readonly forValue?: Expr };
  readonly in?: { readonly token: IToken; readonly value: Expr };
  /** FLOOR(x TO unit): the TO keyword and the unit word. */
  readonly to?: { readonly token: IToken; readonly unit: IToken };
  /** OVERLAY(s PLACING r FROM ...): the PLACING keyword and r. */
  readonly placing?: { readonly token: IToken; readonly value: Expr };
  /** ARRAY_AGG(x IGNORE NULLS | RESPECT NULLS): the word. */
  readonly nulls?: IToken;
  /** JSON_VALUE(j, p RETURNING t ... ON EMPTY ... ON ERROR), JSON_QUERY(j, p ... WRAPPER ...). */
  readonly returning?: { readonly word: IToken; readonly type: TypeRef };
  readonly jsonClauses?: readonly JsonClause[];
}

const word = (t: IToken): string => (t.tokenType === T.Identifier || T.KEYWORD_TOKENS.has(t.tokenType) ? t.image.toUpperCase() : t.image);

/** One clause of a JSON function after its path, as written. */
type JsonClause =
  | { readonly kind: 'wrapper'; readonly wrapper: 'WITHOUT' | 'CONDITIONAL' | 'UNCONDITIONAL'; readonly pos: Pos }
  | { readonly kind: 'behavior'; readonly behavior: JsonBehavior; readonly arg?: Expr; readonly target: 'EMPTY' | 'ERROR'; readonly pos: Pos };

/** Which behaviors each JSON function takes ON EMPTY and ON ERROR (Flink's grammar). */
const JSON_BEHAVIORS: Record<string, { readonly EMPTY: readonly JsonBehavior[]; readonly ERROR: readonly JsonBehavior[] }> = {
  JSON_VALUE: { EMPTY: ['NULL', 'ERROR', 'DEFAULT'], ERROR: ['NULL', 'ERROR', 'DEFAULT'] },
  JSON_QUERY: { EMPTY: ['NULL', 'ERROR', 'EMPTY ARRAY', 'EMPTY OBJECT'], ERROR: ['NULL', 'ERROR', 'EMPTY ARRAY', 'EMPTY OBJECT'] },
  JSON_EXISTS: { EMPTY: [], ERROR: ['TRUE', 'FALSE', 'UNKNOWN', 'ERROR'] },
};

export class ExpressionBuilder extends BaseVisitor {
  /** The script being parsed; intervals keep their text as written. */
  protected source = '';

  protected expr(n: CstNode | undefined, what = 'expression'): Expr {
    return this.visit(must(n, what)) as Expr;
  }

  /** Left-associative fold of `operand (op operand)*`, each node spanning its operands' CST text. */
  private fold(ctx: Ctx, operandKey: string, opKey: string, opOf: (t: IToken) => BinaryOp): Expr {
    const operands = nodes(ctx, operandKey);
    const first = must(operands[0], operandKey);
    let acc = this.expr(first);
    const start = nodePos(first);
    toks(ctx, opKey).forEach((op, i) => {
      const rightNode = must(operands[i + 1], operandKey);
      acc = { kind: 'binary', op: opOf(op), left: acc, right: this.expr(rightNode), pos: span(start, nodePos(rightNode)) };
    });
    return acc;
  }

  expression(ctx: Ctx): Expr {
    return this.expr(node(ctx, 'orExpr'));
  }

  orExpr(ctx: Ctx): Expr {
    return this.fold(ctx, 'andExpr', 'OR', () => 'OR');
  }

  andExpr(ctx: Ctx): Expr {
    return this.fold(ctx, 'notExpr', 'AND', () => 'AND');
  }

  notExpr(ctx: Ctx): Expr {
    const not = tok(ctx, 'NOT');
    if (!not) return this.expr(node(ctx, 'predicate'));
    const operandNode = must(node(ctx, 'notExpr'), 'operand');
    return { kind: 'unary', op: 'NOT', operand: this.expr(operandNode), pos: span(tokenPos(not), nodePos(operandNode)) };
  }

  predicate(ctx: Ctx): Expr {
    const leftNode = must(node(ctx, 'concatExpr'), 'operand');
    const start = nodePos(leftNode);
    let acc = this.expr(leftNode);
    for (const suffix of nodes(ctx, 'predicateSuffix')) {
      acc = this.visit(suffix, { left: acc, pos: span(start, nodePos(suffix)) }) as Expr;
    }
    return acc;
  }

  predicateSuffix(ctx: Ctx, { left, pos }: { left: Expr; pos: Pos }): Expr {
    const negated = tok(ctx, 'NOT') !== undefined;
    const op = tok(ctx, 'CompareOp');
    if (op) return { kind: 'binary', op: must(COMPARE[op.image], 'operator'), left, right: this.expr(node(ctx, 'concatExpr')), pos };
    if (tok(ctx, 'IS')) {
      if (tok(ctx, 'NULL')) return { kind: 'is_null', operand: left, negated, pos };
      if (tok(ctx, 'isJson')) {
        const kind = tok(ctx, 'jsonKind')?.image.toUpperCase() ?? 'VALUE';
        const test: Expr = { kind: 'call', name: 'IS_JSON', args: [left, { kind: 'literal', type: 'string', value: kind, raw: `'${kind}'`, pos }], distinct: false, star: false, pos };
        return negated ? { kind: 'unary', op: 'NOT', operand: test, pos } : test;
      }
      const other = node(ctx, 'distinctFrom');
      if (other) {
        const name = negated ? 'IS_NOT_DISTINCT_FROM' : 'IS_DISTINCT_FROM';
        return { kind: 'call', name, args: [left, this.expr(other)], distinct: false, star: false, pos };
      }
      return { kind: 'is_bool', operand: left, value: tok(ctx, 'TRUE') !== undefined, negated, pos };
    }
    const inQuery = node(ctx, 'inQuery');
    if (inQuery) return { kind: 'subquery_pred', test: 'in', operand: left, query: this.visit(inQuery) as Select, negated, pos };
    if (tok(ctx, 'IN')) return { kind: 'in', operand: left, list: this.visit(must(node(ctx, 'expressionList'), 'list')) as Expr[], negated, pos };
    if (tok(ctx, 'BETWEEN')) {
      return { kind: 'between', operand: left, low: this.expr(node(ctx, 'low')), high: this.expr(node(ctx, 'high')), negated, pos };
    }
    const escapeNode = node(ctx, 'escape');
    return {
      kind: 'like',
      ...(tok(ctx, 'SIMILAR') ? { similar: true as const } : {}),
      operand: left,
      pattern: this.expr(node(ctx, 'pattern')),
      ...(escapeNode ? { escape: this.expr(escapeNode) } : {}),
      negated,
      pos,
    };
  }

  expressionList(ctx: Ctx): Expr[] {
    return nodes(ctx, 'expression').map((n) => this.expr(n));
  }

  concatExpr(ctx: Ctx): Expr {
    return this.fold(ctx, 'additiveExpr', 'Concat', () => '||');
  }

  additiveExpr(ctx: Ctx): Expr {
    return this.fold(ctx, 'multiplicativeExpr', 'AdditiveOp', (t) => t.image as BinaryOp);
  }

  multiplicativeExpr(ctx: Ctx): Expr {
    return this.fold(ctx, 'unaryExpr', 'MultiplicativeOp', (t) => t.image as BinaryOp);
  }

  unaryExpr(ctx: Ctx): Expr {
    const op = tok(ctx, 'AdditiveOp');
    if (!op) return this.expr(node(ctx, 'postfixExpr'));
    const operandNode = must(node(ctx, 'unaryExpr'), 'operand');
    const operand = this.expr(operandNode);
    const pos = span(tokenPos(op), nodePos(operandNode));
    // A sign written right before a number literal (not around parentheses) is part of the literal.
    const bare = operand.kind === 'literal' && operand.type === 'number' && nodePos(operandNode).length === operand.raw.length;
    if (bare && !/^[+-]/.test(operand.raw)) {
      const value = op.image === '-' ? -(operand.value as number) : (operand.value as number);
      return { ...operand, value, raw: op.image === '-' ? `-${operand.raw}` : operand.raw, pos };
    }
    return { kind: 'unary', op: op.image === '-' ? '-' : '+', operand, pos };
  }

  postfixExpr(ctx: Ctx): Expr {
    const primaryNode = must(node(ctx, 'primary'), 'primary');
    const start = nodePos(primaryNode);
    let acc = this.expr(primaryNode);
    // Casts and subscripts apply in the order written: `a[1]::INT`, `(x::ARRAY<INT>)[2]`.
    const suffixes: { at: number; apply: () => void }[] = [];
    const closes = toks(ctx, 'RBracket');
    for (const n of nodes(ctx, 'typeRef')) {
      suffixes.push({ at: nodePos(n).offset, apply: () => (acc = { kind: 'cast', operand: acc, type: this.visit(n) as TypeRef, try: false, pos: span(start, nodePos(n)) }) });
    }
    nodes(ctx, 'subscript').forEach((n, i) => {
      const close = must(closes[i], ']');
      suffixes.push({ at: nodePos(n).offset, apply: () => (acc = { kind: 'call', name: 'ITEM', args: [acc, this.expr(n)], distinct: false, star: false, pos: span(start, tokenPos(close)) }) });
    });
    for (const f of toks(ctx, 'field')) suffixes.push({ at: tokenPos(f).offset, apply: () => (acc = fieldAccess(acc, identOf(f), span(start, tokenPos(f)))) });
    suffixes.sort((a, b) => a.at - b.at);
    for (const x of suffixes) x.apply();
    return acc;
  }

  /** ARRAY[...] → call ARRAY_VALUE, MAP[...] → call MAP_VALUE (Flink's value constructors). */
  collectionValue(ctx: Ctx): Expr {
    const kind = must(tok(ctx, 'kind'), 'ARRAY or MAP');
    const pos = span(tokenPos(kind), tokenPos(must(tok(ctx, 'RBracket'), ']')));
    const name = kind.image.toUpperCase() === 'MAP' ? 'MAP_VALUE' : 'ARRAY_VALUE';
    return { kind: 'call', name, args: nodes(ctx, 'items').map((n) => this.expr(n)), distinct: false, star: false, pos };
  }

  primary(ctx: Ctx): Expr {
    const num = tok(ctx, 'NumberLiteral');
    if (num) {
      const value = Number(num.image);
      if (!Number.isFinite(value)) fail('INVALID_LITERAL', `number ${num.image} is out of range`, tokenPos(num));
      return { kind: 'literal', type: 'number', value, raw: num.image, pos: tokenPos(num) };
    }
    const str = tok(ctx, 'StringLiteral');
    if (str) return { kind: 'literal', type: 'string', value: unquote(str.image), raw: str.image, pos: tokenPos(str) };
    const bool = tok(ctx, 'TRUE') ?? tok(ctx, 'FALSE');
    if (bool) return { kind: 'literal', type: 'boolean', value: bool.tokenType === T.True, raw: bool.image, pos: tokenPos(bool) };
    const nul = tok(ctx, 'NULL');
    if (nul) return { kind: 'literal', type: 'null', value: null, raw: nul.image, pos: tokenPos(nul) };
    const exists = tok(ctx, 'EXISTS');
    if (exists) {
      const q = must(node(ctx, 'existsQuery'), 'EXISTS query');
      const close = must(tok(ctx, 'RParen'), ')');
      return { kind: 'subquery_pred', test: 'exists', operand: null, query: this.visit(q) as Select, negated: false, pos: span(tokenPos(exists), tokenPos(close)) };
    }
    const scalar = node(ctx, 'scalarQuery');
    if (scalar) {
      const pos = span(tokenPos(must(tok(ctx, 'LParen'), '(')), tokenPos(must(tok(ctx, 'RParen'), ')')));
      return { kind: 'subquery_pred', test: 'scalar', operand: null, query: this.visit(scalar) as Select, negated: false, pos };
    }
    const rowItems = nodes(ctx, 'rowItem');
    if (rowItems.length > 0) {
      // (a, b): a row value, as Flink's ROW(a, b); only the left side of IN (SELECT x, y ...) takes one.
      const pos = span(tokenPos(must(tok(ctx, 'LParen'), '(')), tokenPos(must(tok(ctx, 'RParen'), ')')));
      const args = [this.expr(node(ctx, 'expression')), ...rowItems.map((n) => this.expr(n))];
      return { kind: 'call', name: 'ROW', args, distinct: false, star: false, pos };
    }
    // Exactly one sub-rule is present; parentheses just return the inner expression.
    const inner = node(ctx, 'expression') ?? node(ctx, 'intervalLiteral') ?? node(ctx, 'timestampLiteral') ??
      node(ctx, 'caseExpr') ?? node(ctx, 'castExpr') ?? node(ctx, 'collectionValue') ?? node(ctx, 'nameExpr');
    return this.expr(inner, 'primary');
  }

  intervalLiteral(ctx: Ctx): Expr {
    const first = must(tok(ctx, 'INTERVAL'), 'INTERVAL');
    const last = tok(ctx, 'toUnit') ?? tok(ctx, 'unit') ?? must(tok(ctx, 'StringLiteral'), 'string');
    const pos = span(tokenPos(first), tokenPos(last));
    const text = this.source.slice(pos.offset, pos.offset + pos.length);
    const body = unquote(must(tok(ctx, 'StringLiteral'), 'string').image);
    const ms = parseInterval(body, tok(ctx, 'unit')?.image, tok(ctx, 'toUnit')?.image);
    if (!ms.ok) fail('INVALID_INTERVAL', ms.error, pos);
    return { kind: 'interval', ms: ms.value, text, pos };
  }

  timestampLiteral(ctx: Ctx): Expr {
    const kw = must(tok(ctx, 'kind'), 'TIMESTAMP');
    const str = must(tok(ctx, 'StringLiteral'), 'string');
    const pos = span(tokenPos(kw), tokenPos(str));
    const raw = this.source.slice(pos.offset, pos.offset + pos.length);
    const text = unquote(str.image);
    if (kw.tokenType === T.Date) {
      const days = parseDate(text);
      if (days === null) fail('INVALID_LITERAL', `invalid DATE '${text}'; expected 'YYYY-MM-DD'`, pos);
      return { kind: 'literal', type: 'date', value: days, raw, pos };
    }
    if (kw.tokenType === T.Time) {
      const ms = parseTime(text);
      if (ms === null) fail('INVALID_LITERAL', `invalid TIME '${text}'; expected 'HH:MM:SS[.fff]'`, pos);
      return { kind: 'literal', type: 'time', value: ms, raw, pos };
    }
    const ms = parseTimestamp(text);
    if (!ms.ok) fail('INVALID_LITERAL', ms.error, pos);
    return { kind: 'literal', type: 'timestamp', value: ms.value, raw, pos };
  }

  caseExpr(ctx: Ctx): Expr {
    const operand = node(ctx, 'operand');
    const elseNode = node(ctx, 'else');
    const whens = nodes(ctx, 'whenClause').map((n) => this.visit(n) as { when: Expr; then: Expr });
    const first = must(tok(ctx, 'CASE'), 'CASE');
    const end = must(tok(ctx, 'END'), 'END');
    return {
      kind: 'case',
      ...(operand ? { operand: this.expr(operand) } : {}),
      whens,
      ...(elseNode ? { else: this.expr(elseNode) } : {}),
      pos: span(tokenPos(first), tokenPos(end)),
    };
  }

  whenClause(ctx: Ctx): { when: Expr; then: Expr } {
    return { when: this.expr(node(ctx, 'when')), then: this.expr(node(ctx, 'then')) };
  }

  castExpr(ctx: Ctx): Expr {
    const kw = must(tok(ctx, 'CAST') ?? tok(ctx, 'TRY_CAST'), 'CAST');
    return {
      kind: 'cast',
      operand: this.expr(node(ctx, 'expression')),
      type: this.visit(must(node(ctx, 'typeRef'), 'type')) as TypeRef,
      try: kw.tokenType === T.TryCast,
      pos: span(tokenPos(kw), tokenPos(must(tok(ctx, 'RParen'), ')'))),
    };
  }

  nameExpr(ctx: Ctx): Expr {
    const nameTok = must(tok(ctx, 'Name'), 'name');
    const column = tok(ctx, 'column');
    if (column) {
      // a.b is a column of table a, or field b of the ROW column a (the binder decides, table first, as
      // Calcite does); each further name is a field of what comes before it.
      let acc: Expr = { kind: 'column', table: identOf(nameTok), name: identOf(column), pos: span(tokenPos(nameTok), tokenPos(column)) };
      for (const f of toks(ctx, 'field')) acc = fieldAccess(acc, identOf(f), span(tokenPos(nameTok), tokenPos(f)));
      return acc;
    }
    const argsNode = node(ctx, 'callArgs');
    if (!argsNode) return { kind: 'column', name: identOf(nameTok), pos: tokenPos(nameTok) };
    const parts = this.visit(argsNode) as CallParts;
    const filterNode = node(ctx, 'filter');
    const end = filterNode ? tokenPos(must(tok(ctx, 'RParen'), ')')) : nodePos(argsNode);
    const overNode = node(ctx, 'overClause');
    const call = normalizeCall(nameTok, parts, span(tokenPos(nameTok), overNode ? nodePos(overNode) : end));
    const withFilter = filterNode ? { ...call, filter: this.expr(filterNode) } : call;
    return overNode ? { ...withFilter, over: this.visit(overNode) as OverClause } : withFilter;
  }

  overClause(ctx: Ctx): OverClause {
    const name = tok(ctx, 'windowName');
    if (name) return { kind: 'ref', name: identOf(name) };
    return { kind: 'spec', spec: this.visit(must(node(ctx, 'windowSpec'), 'window')) as WindowDef };
  }

  windowClause(ctx: Ctx): { name: Ident; def: WindowDef }[] {
    const specs = nodes(ctx, 'windowSpec');
    return toks(ctx, 'windowName').map((t, i) => ({ name: identOf(t), def: this.visit(must(specs[i], 'window')) as WindowDef }));
  }

  windowSpec(ctx: Ctx): WindowDef {
    const base = tok(ctx, 'base');
    const partition = node(ctx, 'partitionBy');
    const unit = tok(ctx, 'unit');
    const startNode = node(ctx, 'frameStart');
    const endNode = node(ctx, 'frameEnd');
    const first = nodes(ctx, 'orderItem')[0];
    const at = base ? tokenPos(base) : partition ? nodePos(partition) : first ? nodePos(first) : unit ? tokenPos(unit) : { line: 0, column: 0, offset: 0, length: 0 };
    const frame: FrameDef | undefined =
      unit && startNode
        ? {
            unit: unit.tokenType === T.Rows ? 'ROWS' : 'RANGE',
            start: this.visit(startNode) as FrameBound,
            end: endNode ? (this.visit(endNode) as FrameBound) : { kind: 'current_row', pos: tokenPos(unit) },
            pos: span(tokenPos(unit), nodePos(endNode ?? startNode)),
          }
        : undefined;
    return {
      ...(base ? { base: identOf(base) } : {}),
      partitionBy: partition ? (this.visit(partition) as Expr[]) : [],
      orderBy: nodes(ctx, 'orderItem').map((n) => this.visit(n) as OrderItem),
      ...(frame ? { frame } : {}),
      pos: at,
    };
  }

  orderItem(ctx: Ctx): OrderItem {
    const e = must(node(ctx, 'expression'), 'order expression');
    const dir = tok(ctx, 'direction');
    const nulls = tok(ctx, 'nulls');
    return {
      expr: this.expr(e),
      desc: dir?.tokenType === T.Desc,
      ...(nulls ? { nullsFirst: nulls.tokenType === T.First } : {}),
      pos: nodePos(e),
    };
  }

  frameBound(ctx: Ctx): FrameBound {
    const current = tok(ctx, 'CURRENT');
    if (current) return { kind: 'current_row', pos: tokenPos(current) };
    const e = this.expr(node(ctx, 'expression'));
    const side = must(tok(ctx, 'side'), 'PRECEDING or FOLLOWING');
    const preceding = side.tokenType === T.Preceding;
    if (e.kind === 'column' && !e.table && !e.name.quoted && e.name.name === 'unbounded') {
      return { kind: preceding ? 'unbounded_preceding' : 'unbounded_following', pos: span(e.pos, tokenPos(side)) };
    }
    return { kind: preceding ? 'preceding' : 'following', expr: e, pos: span(e.pos, tokenPos(side)) };
  }

  callArgs(ctx: Ctx): CallParts {
    const trimSpec = tok(ctx, 'trimSpec');
    if (trimSpec) {
      const chars = node(ctx, 'trimChars');
      return {
        star: false, distinct: false, trimSpec,
        args: [this.expr(node(ctx, 'trimSource'))],
        ...(chars ? { trimChars: this.expr(chars) } : {}),
      };
    }
    const fromTok = tok(ctx, 'FROM');
    const inTok = tok(ctx, 'IN');
    const toUnit = tok(ctx, 'toUnit');
    const forNode = node(ctx, 'forArg');
    const placingNode = node(ctx, 'placingArg');
    const nulls = tok(ctx, 'nullTreatment');
    const returningWord = tok(ctx, 'returningWord');
    const wrapperNode = node(ctx, 'jsonWrapper');
    const clauses = [...(wrapperNode ? [wrapperNode] : []), ...nodes(ctx, 'jsonClauses')].map((n) => this.visit(n) as JsonClause);
    return {
      ...(nulls ? { nulls } : {}),
      ...(returningWord ? { returning: { word: returningWord, type: this.visit(must(node(ctx, 'returning'), 'type')) as TypeRef } } : {}),
      ...(clauses.length > 0 ? { jsonClauses: clauses } : {}),
      star: tok(ctx, 'Star') !== undefined,
      distinct: tok(ctx, 'DISTINCT') !== undefined,
      args: nodes(ctx, 'args').map((n) => this.expr(n)),
      ...(fromTok ? { from: { token: fromTok, value: this.expr(node(ctx, 'fromArg')), ...(forNode ? { forValue: this.expr(forNode) } : {}) } } : {}),
      ...(inTok ? { in: { token: inTok, value: this.expr(node(ctx, 'inArg')) } } : {}),
      ...(toUnit ? { to: { token: must(tok(ctx, 'TO'), 'TO'), unit: toUnit } } : {}),
      ...(placingNode ? { placing: { token: must(tok(ctx, 'PLACING'), 'PLACING'), value: this.expr(placingNode) } } : {}),
    };
  }

  typeRef(ctx: Ctx): TypeRef {
    const nameTok = must(tok(ctx, 'Name'), 'type name');
    const written = (nameTok.tokenType === T.Identifier || T.KEYWORD_TOKENS.has(nameTok.tokenType) ? nameTok.image : unquote(nameTok.image)).toUpperCase();
    const name = TYPE_NAMES[written];
    const at = tokenPos(nameTok);
    if (!name) {
      const known = ['BYTES', 'BINARY', 'VARBINARY', 'MULTISET', 'INTERVAL'].includes(written);
      if (known) fail('UNSUPPORTED', `type ${written} is not supported; supported types are ${TYPE_LIST}`, at);
      fail('SQL_SYNTAX', `unknown type '${nameTok.image}'; expected ${TYPE_LIST}`, at);
    }
    const precisionWord = tok(ctx, 'PRECISION');
    if (precisionWord && written !== 'DOUBLE') fail('SQL_SYNTAX', `unexpected PRECISION after ${written}; only DOUBLE PRECISION exists`, tokenPos(precisionWord));
    const zone = tok(ctx, 'zone');
    if (zone && name !== 'TIMESTAMP') fail('SQL_SYNTAX', `a time zone applies only to TIMESTAMP, not ${written}`, tokenPos(zone));
    const precision = wholeNumber(tok(ctx, 'precision'));
    const scale = wholeNumber(tok(ctx, 'scale'));
    const params = [...nodes(ctx, 'typeParam'), ...nodes(ctx, 'rowField')].map((n) => this.visit(n) as TypeParam);
    const want = TYPE_PARAMS[name] ?? 0;
    if (name === 'ROW') {
      if (params.length === 0) fail('SQL_SYNTAX', 'ROW needs its fields: ROW<name type, ...> or ROW(name type, ...)', at);
    } else if (params.length !== want) {
      const form = name === 'ARRAY' ? 'ARRAY<element type>' : name === 'MAP' ? 'MAP<key type, value type>' : name;
      fail('SQL_SYNTAX', want === 0 ? `${written} takes no type parameters` : `${written} needs ${want === 1 ? 'one type parameter' : `${want} type parameters`}: ${form}`, at);
    }
    const last = tok(ctx, 'ZONE') ?? tok(ctx, 'RParen') ?? tok(ctx, 'Greater') ?? precisionWord ?? nameTok;
    return {
      name,
      ...(params.length > 0 ? { params } : {}),
      ...(precision !== undefined ? { precision } : {}),
      ...(scale !== undefined ? { scale } : {}),
      pos: span(at, tokenPos(last)),
    };
  }

  jsonWrapper(ctx: Ctx): JsonClause {
    const wrap = must(tok(ctx, 'wrap'), 'WITH or WITHOUT');
    {
      const wrapper = must(tok(ctx, 'wrapper'), 'WRAPPER');
      const words = toks(ctx, 'wrapWords').map(word);
      const without = wrap.tokenType === T.Without;
      const kind = words.find((w) => w !== 'ARRAY');
      const ok =
        word(wrapper) === 'WRAPPER' &&
        (without ? words.length === 0 || (words.length === 1 && words[0] === 'ARRAY') : words.filter((w) => w !== 'ARRAY').length <= 1 && (words.length < 2 || words[1] === 'ARRAY'));
      if (!ok) fail('SQL_SYNTAX', 'expected WITHOUT [ARRAY] WRAPPER or WITH [CONDITIONAL | UNCONDITIONAL] [ARRAY] WRAPPER', tokenPos(wrap));
      return { kind: 'wrapper', wrapper: without ? 'WITHOUT' : kind === 'CONDITIONAL' ? 'CONDITIONAL' : 'UNCONDITIONAL', pos: span(tokenPos(wrap), tokenPos(wrapper)) };
    }
  }

  jsonBehavior(ctx: Ctx): JsonClause {
    const b = must(tok(ctx, 'behavior'), 'behavior');
    const targetTok = must(tok(ctx, 'target'), 'EMPTY or ERROR');
    const target = word(targetTok);
    if (target !== 'EMPTY' && target !== 'ERROR') fail('SQL_SYNTAX', `expected ON EMPTY or ON ERROR, got ON ${targetTok.image}`, tokenPos(targetTok));
    const argNode = node(ctx, 'behaviorArg');
    const w = word(b);
    const pos = span(tokenPos(b), tokenPos(targetTok));
    let behavior: JsonBehavior;
    let arg: Expr | undefined;
    if (w === 'DEFAULT') {
      if (!argNode) fail('SQL_SYNTAX', `expected an expression after DEFAULT`, tokenPos(b));
      behavior = 'DEFAULT';
      arg = this.expr(argNode);
    } else if (w === 'EMPTY') {
      const kind = argNode ? this.expr(argNode) : undefined;
      const what = kind?.kind === 'column' && !kind.table && !kind.name.quoted ? kind.name.name.toUpperCase() : '';
      if (what !== 'ARRAY' && what !== 'OBJECT') fail('SQL_SYNTAX', 'expected EMPTY ARRAY or EMPTY OBJECT', tokenPos(b));
      behavior = what === 'ARRAY' ? 'EMPTY ARRAY' : 'EMPTY OBJECT';
    } else {
      if (argNode) fail('SQL_SYNTAX', `unexpected ${b.image} before ON ${target}; expected NULL, ERROR, DEFAULT <value>, EMPTY ARRAY, EMPTY OBJECT, TRUE, FALSE or UNKNOWN`, tokenPos(b));
      if (b.tokenType === T.Null || b.tokenType === T.True || b.tokenType === T.False) behavior = w as JsonBehavior;
      else if (w === 'ERROR' || w === 'UNKNOWN') behavior = w;
      else fail('SQL_SYNTAX', `unknown behavior ${b.image} ON ${target}; expected NULL, ERROR, DEFAULT <value>, EMPTY ARRAY, EMPTY OBJECT, TRUE, FALSE or UNKNOWN`, tokenPos(b));
    }
    return { kind: 'behavior', behavior, ...(arg ? { arg } : {}), target, pos };
  }

  rowField(ctx: Ctx): TypeParam {
    return {
      name: identOf(must(tok(ctx, 'fieldName'), 'field name')),
      type: this.visit(must(node(ctx, 'typeRef'), 'type')) as TypeRef,
      notNull: tok(ctx, 'NOT') !== undefined,
    };
  }

  typeParam(ctx: Ctx): TypeParam {
    return { type: this.visit(must(node(ctx, 'typeRef'), 'type')) as TypeRef, notNull: tok(ctx, 'NOT') !== undefined };
  }
}

/**
 * JSON_VALUE / JSON_QUERY / JSON_EXISTS with their clauses: each clause checked against the function (the
 * behaviors it takes, ON EMPTY before ON ERROR, each once, a wrapper only for JSON_QUERY, RETURNING not
 * for JSON_EXISTS); a DEFAULT's expression becomes an argument after the path.
 */
function jsonCall(name: string, parts: CallParts, pos: Pos): CallExpr {
  const allowed = JSON_BEHAVIORS[name];
  const first = parts.returning?.word ?? parts.jsonClauses?.[0]?.pos;
  const at = (x: IToken | Pos | undefined): Pos => (x === undefined ? pos : 'image' in x ? tokenPos(x) : x);
  if (allowed === undefined) fail('SQL_SYNTAX', `unexpected ${parts.returning ? 'RETURNING' : 'ON EMPTY / ON ERROR / WRAPPER clause'} in ${name}(...); only JSON_VALUE, JSON_QUERY and JSON_EXISTS take one`, at(first));
  if (parts.args.length !== 2) fail('SQL_SYNTAX', `${name} takes a JSON text and a path before its clauses: ${name}(json, path ...)`, at(first));
  if (parts.returning && name === 'JSON_EXISTS') fail('SQL_SYNTAX', 'JSON_EXISTS takes no RETURNING; it gives a BOOLEAN', tokenPos(parts.returning.word));
  const args = [...parts.args];
  let onEmpty: JsonBehavior | undefined;
  let onError: JsonBehavior | undefined;
  let wrapper: JsonClauses['wrapper'];
  for (const c of parts.jsonClauses ?? []) {
    if (c.kind === 'wrapper') {
      if (name !== 'JSON_QUERY') fail('SQL_SYNTAX', `${name} takes no WRAPPER clause; only JSON_QUERY does`, c.pos);
      if (wrapper !== undefined || onEmpty !== undefined || onError !== undefined) fail('SQL_SYNTAX', 'the WRAPPER clause comes once, before ON EMPTY and ON ERROR', c.pos);
      wrapper = c.wrapper;
      continue;
    }
    const takes = allowed[c.target];
    if (!takes.includes(c.behavior)) {
      fail('SQL_SYNTAX', takes.length === 0 ? `${name} takes no ON ${c.target} clause` : `${name} takes ${takes.map((b) => (b === 'DEFAULT' ? 'DEFAULT <value>' : b)).join(', ')} ON ${c.target}, not ${c.behavior}`, c.pos);
    }
    if (c.target === 'EMPTY') {
      if (onEmpty !== undefined || onError !== undefined) fail('SQL_SYNTAX', 'ON EMPTY comes once, before ON ERROR', c.pos);
      onEmpty = c.behavior;
    } else {
      if (onError !== undefined) fail('SQL_SYNTAX', 'ON ERROR comes once, after ON EMPTY', c.pos);
      onError = c.behavior;
    }
    if (c.arg) args.push(c.arg);
  }
  const json: JsonClauses = {
    ...(parts.returning ? { returning: parts.returning.type } : {}),
    ...(onEmpty ? { onEmpty } : {}),
    ...(onError ? { onError } : {}),
    ...(wrapper ? { wrapper } : {}),
  };
  return { kind: 'call', name, args, distinct: parts.distinct, star: parts.star, json, pos };
}

/** Units of FLOOR/CEIL(x TO unit), singular or plural (HOURS), upper-case. */
const ROUNDING_UNITS = ['MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR', 'DECADE', 'CENTURY', 'MILLENNIUM'];

function timeUnit(t: IToken): string {
  const word = (t.tokenType === T.Identifier || T.KEYWORD_TOKENS.has(t.tokenType) ? t.image : unquote(t.image)).toUpperCase();
  const unit = ROUNDING_UNITS.includes(word) ? word : word.endsWith('S') && ROUNDING_UNITS.includes(word.slice(0, -1)) ? word.slice(0, -1) : null;
  if (unit === null) fail('SQL_SYNTAX', `unknown time unit '${t.image}'; expected one of ${ROUNDING_UNITS.join(', ')}`, tokenPos(t));
  return unit;
}

function wholeNumber(t: IToken | undefined): number | undefined {
  if (!t) return undefined;
  if (!/^\d+$/.test(t.image)) fail('SQL_SYNTAX', `type length ${t.image} must be a whole number`, tokenPos(t));
  return Number(t.image);
}

/**
 * One CallExpr shape for the special syntaxes (see ast.ts CallExpr):
 *   EXTRACT(f FROM x) → EXTRACT('F', x)      SUBSTRING(s FROM a [FOR b]) → SUBSTRING(s, a[, b])
 *   TRIM([BOTH] [c] FROM s) → TRIM(s[, c])   TRIM(LEADING|TRAILING [c] FROM s) → TRIM_LEADING|TRIM_TRAILING(s[, c])
 *   POSITION(a IN b) → POSITION(a, b)
 *   OVERLAY(s PLACING r FROM a [FOR b]) → OVERLAY(s, r, a[, b])
 *   FLOOR(ts TO unit) → FLOOR_TO(ts, 'UNIT')  CEIL|CEILING(ts TO unit) → CEIL_TO(ts, 'UNIT')
 *   TIMESTAMPADD(DAY, n, ts) → TIMESTAMPADD('DAY', n, ts), and TIMESTAMPDIFF the same way
 * FLOOR_TO / CEIL_TO are Flink's time rounding (weeks start on Sunday, as Calcite's); the older
 * FLOOR(ts, 'unit') form keeps its Monday weeks (DATE_TRUNC's, PostgreSQL's).
 */
function normalizeCall(nameTok: IToken, parts: CallParts, pos: Pos): CallExpr {
  const written = nameTok.tokenType === T.Identifier || T.KEYWORD_TOKENS.has(nameTok.tokenType) ? nameTok.image : unquote(nameTok.image);
  const name = written.toUpperCase();
  const call = (n: string, args: Expr[]): CallExpr => ({ kind: 'call', name: n, args, distinct: parts.distinct, star: parts.star, pos });
  if (parts.nulls) {
    const word = parts.nulls.image.toUpperCase();
    if (name !== 'ARRAY_AGG') fail('SQL_SYNTAX', `unexpected ${word} NULLS in ${name}(...); only ARRAY_AGG takes it`, tokenPos(parts.nulls));
    return { ...call(name, parts.args), ignoreNulls: word === 'IGNORE' };
  }

  if (parts.returning || parts.jsonClauses) return jsonCall(name, parts, pos);

  if (parts.trimSpec) {
    if (name !== 'TRIM') fail('SQL_SYNTAX', `unexpected ${parts.trimSpec.image.toUpperCase()} in ${name}(...); only TRIM takes it`, tokenPos(parts.trimSpec));
    const spec = parts.trimSpec.tokenType === T.Leading ? 'TRIM_LEADING' : parts.trimSpec.tokenType === T.Trailing ? 'TRIM_TRAILING' : 'TRIM';
    return call(spec, parts.trimChars ? [...parts.args, parts.trimChars] : parts.args);
  }
  const [first] = parts.args;
  if (parts.placing && parts.from && first) {
    if (name !== 'OVERLAY') fail('SQL_SYNTAX', `unexpected PLACING in ${name}(...); only OVERLAY takes it`, tokenPos(parts.placing.token));
    const { value, forValue } = parts.from;
    return call('OVERLAY', forValue ? [first, parts.placing.value, value, forValue] : [first, parts.placing.value, value]);
  }
  if (parts.from && first) {
    const { token, value, forValue } = parts.from;
    if (name === 'EXTRACT') {
      if (first.kind !== 'column' || first.table) fail('SQL_SYNTAX', `expected a field name such as HOUR in EXTRACT(field FROM ...)`, first.pos);
      if (forValue) fail('SQL_SYNTAX', `unexpected FOR in EXTRACT(...)`, forValue.pos);
      const field = first.name.name.toUpperCase();
      return call('EXTRACT', [{ kind: 'literal', type: 'string', value: field, raw: `'${field}'`, pos: first.pos }, value]);
    }
    if (name === 'SUBSTRING' || name === 'SUBSTR') return call(name, forValue ? [first, value, forValue] : [first, value]);
    if (name === 'TRIM' && !forValue) return call('TRIM', [value, first]);
    fail('SQL_SYNTAX', `unexpected FROM in ${name}(...); only EXTRACT, SUBSTRING and TRIM take FROM`, tokenPos(token));
  }
  if (parts.to && first) {
    const to = parts.to;
    if (name !== 'FLOOR' && name !== 'CEIL' && name !== 'CEILING') {
      fail('SQL_SYNTAX', `unexpected TO in ${name}(...); only FLOOR and CEIL take TO, as in FLOOR(ts TO HOUR)`, tokenPos(to.token));
    }
    const unit = timeUnit(to.unit);
    return call(name === 'FLOOR' ? 'FLOOR_TO' : 'CEIL_TO', [first, { kind: 'literal', type: 'string', value: unit, raw: `'${unit}'`, pos: tokenPos(to.unit) }]);
  }
  if (parts.in && first) {
    if (name !== 'POSITION') fail('SQL_SYNTAX', `unexpected IN in ${name}(...); only POSITION takes IN`, tokenPos(parts.in.token));
    return call(name, [first, parts.in.value]);
  }
  // TIMESTAMPADD(DAY, 1, ts) / TIMESTAMPDIFF(HOUR, a, b): the unit is a word, read as a constant string.
  if ((name === 'TIMESTAMPADD' || name === 'TIMESTAMPDIFF') && first?.kind === 'column' && !first.table) {
    const word = first.name.name.toUpperCase();
    const unit = word.endsWith('S') && ROUNDING_UNITS.includes(word.slice(0, -1)) ? word.slice(0, -1) : word;
    return call(name, [{ kind: 'literal', type: 'string', value: unit, raw: `'${unit}'`, pos: first.pos }, ...parts.args.slice(1)]);
  }
  // POSITION('a' IN ('abc')): the parenthesis made it an IN predicate; same meaning.
  if (name === 'POSITION' && parts.args.length === 1 && first?.kind === 'in' && !first.negated && first.list.length === 1) {
    return call(name, [first.operand, first.list[0] as Expr]);
  }
  return call(name, parts.args);
}
