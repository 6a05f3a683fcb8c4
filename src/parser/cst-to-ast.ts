/**
 * CST → AST for statements and queries, on top of the expression visitor. Builds the plain immutable AST of
 * ast.ts; `validateVisitor()` in the constructor makes a grammar rule without a visitor method fail at load.
 *
 * Normalizations made here:
 *   - CREATE TABLE ... is CreateSourceStmt with spelling 'TABLE'; DROP/SHOW TABLE(S) mean sources and
 *     MATERIALIZED VIEW(S) mean views;
 *   - the short window form TUMBLE(t, ts, size) gets `table` and `descriptor` args like the TVF form, so the
 *     binder sees one shape (see WindowTvfRef in ast.ts);
 *   - WITH option keys are lower-cased, dotted keys joined with '.'.
 */
import type { CstNode, IToken } from 'chevrotain';
import type {
  ColumnDef,
  Cte,
  CreateSourceStmt,
  CreateViewStmt,
  Expr,
  FromItem,
  GroupingSets,
  Ident,
  JoinRef,
  JoinType,
  Pos,
  QueryStmt,
  Select,
  SelectItem,
  OrderItem,
  Statement,
  TvfArg,
  WindowDef,
  TvfArgValue,
  WithOption,
} from './ast.js';
import { fail } from './diagnostics.js';
import { insertSelect } from './insert-select.js';
import { ExpressionBuilder, identOf, must, node, nodes, span, tok, tokenPos, toks, type Ctx } from './cst-to-ast-expr.js';
import { unquote } from './literals.js';
import * as T from './tokens.js';

/** From the first to the last token under `ctx`: the text of the rule being visited. */
function ctxPos(ctx: Ctx): Pos {
  let first: Pos | undefined;
  let end = -1;
  for (const elements of Object.values(ctx)) {
    for (const el of elements ?? []) {
      let start: Pos;
      let last: number;
      if ('children' in el) {
        const l = must(el.location, 'location');
        start = { line: l.startLine ?? 0, column: l.startColumn ?? 0, offset: l.startOffset, length: 0 };
        last = l.endOffset ?? l.startOffset;
      } else {
        start = tokenPos(el);
        last = el.endOffset ?? el.startOffset;
      }
      // A rule that matched nothing (an absent alias) has no location (NaN offsets): it spans no text.
      if (!Number.isFinite(start.offset) || !Number.isFinite(last)) continue;
      if (!first || start.offset < first.offset) first = start;
      end = Math.max(end, last);
    }
  }
  const at = must(first, 'tokens');
  return { ...at, length: end - at.offset + 1 };
}

type TableElement =
  | { kind: 'column'; def: ColumnDef }
  | { kind: 'watermark'; column: Ident; expr: Expr; pos: Pos }
  | { kind: 'primary_key'; columns: Ident[]; pos: Pos };

export class AstBuilder extends ExpressionBuilder {
  constructor() {
    super();
    this.validateVisitor();
  }

  /** The AST of a `statement` (or `expression`) CST; `source` is the text the CST's offsets point into. */
  build<R>(cst: CstNode, source: string): R {
    this.source = source;
    return this.visit(cst) as R;
  }

  statement(ctx: Ctx): Statement {
    const select = node(ctx, 'queryExpr');
    if (select) return this.queryStmt(select);
    const inner = node(ctx, 'createStmt') ?? node(ctx, 'insertStmt') ?? node(ctx, 'dropStmt') ?? node(ctx, 'alterStmt') ?? node(ctx, 'showStmt') ??
      node(ctx, 'describeStmt') ?? node(ctx, 'explainStmt');
    return this.visit(must(inner, 'statement')) as Statement;
  }

  private queryStmt(queryNode: CstNode): QueryStmt {
    const query = this.topQuery(queryNode);
    return { kind: 'query', query, pos: query.pos };
  }

  /**
   * The query of a statement (a queryExpr): `(q)` with nothing after it is q itself, however many
   * parentheses are around it (`CREATE VIEW v AS (SELECT ...)` binds as it always did); `(q) UNION ALL ...`
   * is the set operation over `SELECT * FROM (q)` (queryExpr).
   */
  private topQuery(queryNode: CstNode): Select {
    const inner = node(queryNode.children as Ctx, 'inner');
    if (inner && !node(queryNode.children as Ctx, 'setOpTail')) return this.topQuery(inner);
    return this.visit(queryNode) as Select;
  }

  // -------------------------------------------------------------------------------------------------
  // DDL

  createStmt(ctx: Ctx): CreateSourceStmt | CreateViewStmt {
    const body = must(node(ctx, 'createSourceBody') ?? node(ctx, 'createViewBody'), 'CREATE body');
    return this.visit(body, { orReplace: tok(ctx, 'OR') !== undefined, pos: ctxPos(ctx) }) as CreateSourceStmt | CreateViewStmt;
  }

  createSourceBody(ctx: Ctx, { orReplace, pos }: { orReplace: boolean; pos: Pos }): CreateSourceStmt {
    const elements = nodes(ctx, 'tableElement').map((n) => this.visit(n) as TableElement);
    const watermarks = elements.filter((e) => e.kind === 'watermark');
    const second = watermarks[1];
    if (second) fail('SQL_SYNTAX', 'a source has at most one WATERMARK', second.pos);
    const wm = watermarks[0];
    const keys = elements.filter((e) => e.kind === 'primary_key');
    if (keys[1]) fail('SQL_SYNTAX', 'a table has at most one PRIMARY KEY', keys[1].pos);
    const pk = keys[0];
    return {
      kind: 'create_source',
      name: identOf(must(tok(ctx, 'Name'), 'name')),
      columns: elements.flatMap((e) => (e.kind === 'column' ? [e.def] : [])),
      ...(wm ? { watermark: { column: wm.column, expr: wm.expr, pos: wm.pos } } : {}),
      ...(pk ? { primaryKey: { columns: pk.columns, pos: pk.pos } } : {}),
      with: nodes(ctx, 'withOption').map((n) => this.visit(n) as WithOption),
      spelling: tok(ctx, 'SOURCE') ? 'SOURCE' : 'TABLE',
      ifNotExists: this.visit(must(node(ctx, 'ifNotExists'), 'IF NOT EXISTS')) as boolean,
      orReplace,
      pos,
    };
  }

  createViewBody(ctx: Ctx, { orReplace, pos }: { orReplace: boolean; pos: Pos }): CreateViewStmt {
    const withOptions = nodes(ctx, 'withOption').map((n) => this.visit(n) as WithOption);
    const nameTok = must(tok(ctx, 'Name'), 'name');
    const name = identOf(nameTok);
    return {
      kind: 'create_view',
      name,
      // Listings show the name as written (HotAuctions); it is found in any case when unquoted.
      ...(!name.quoted && nameTok.image !== name.name ? { displayName: nameTok.image } : {}),
      query: this.topQuery(must(node(ctx, 'queryExpr'), 'query')),
      ...(withOptions.length > 0 ? { with: withOptions } : {}),
      materialized: tok(ctx, 'MATERIALIZED') !== undefined,
      ifNotExists: this.visit(must(node(ctx, 'ifNotExists'), 'IF NOT EXISTS')) as boolean,
      orReplace,
      pos,
    };
  }

  ifNotExists(ctx: Ctx): boolean {
    return tok(ctx, 'IF') !== undefined;
  }

  tableElement(ctx: Ctx): TableElement {
    const wm = node(ctx, 'watermarkDef');
    if (wm) return this.visit(wm) as TableElement;
    const pk = node(ctx, 'primaryKeyDef');
    if (pk) return this.visit(pk) as TableElement;
    const computed = node(ctx, 'computedColumnDef');
    if (computed) return { kind: 'column', def: this.visit(computed) as ColumnDef };
    return { kind: 'column', def: this.visit(must(node(ctx, 'columnDef'), 'column')) as ColumnDef };
  }

  columnDef(ctx: Ctx): ColumnDef {
    // A column keeps its name as written, as an output column keeps its alias (DESIGN §2): `shopId INT`
    // gives rows the key shopId (Flink's and DuckDB's rule); references still match it in any case.
    const nameTok = must(tok(ctx, 'Name'), 'name');
    return {
      name: { ...identOf(nameTok), ...(identOf(nameTok).quoted ? {} : { name: nameTok.image }) },
      type: this.visit(must(node(ctx, 'typeRef'), 'type')) as ColumnDef['type'],
      notNull: tok(ctx, 'NOT') !== undefined,
      pos: ctxPos(ctx),
    };
  }

  computedColumnDef(ctx: Ctx): ColumnDef {
    const nameTok = must(tok(ctx, 'Name'), 'name');
    return {
      name: { ...identOf(nameTok), ...(identOf(nameTok).quoted ? {} : { name: nameTok.image }) },
      type: null,
      notNull: false,
      computed: this.expr(node(ctx, 'expression')),
      pos: ctxPos(ctx),
    };
  }

  primaryKeyDef(ctx: Ctx): TableElement {
    return { kind: 'primary_key', columns: toks(ctx, 'keyColumn').map(identOf), pos: ctxPos(ctx) };
  }

  watermarkDef(ctx: Ctx): TableElement {
    return { kind: 'watermark', column: identOf(must(tok(ctx, 'Name'), 'column')), expr: this.expr(node(ctx, 'expression')), pos: ctxPos(ctx) };
  }

  withOption(ctx: Ctx): WithOption {
    const quotedKey = tok(ctx, 'key');
    const keyword = tok(ctx, 'keywordKey');
    const key = quotedKey
      ? unquote(quotedKey.image)
      : keyword
        ? keyword.image
        : toks(ctx, 'keyPart').map((t) => identOf(t).name).join('.');
    const str = tok(ctx, 'StringLiteral');
    const num = tok(ctx, 'NumberLiteral');
    let value: string | number | boolean;
    if (str) value = unquote(str.image);
    else if (num) value = (tok(ctx, 'Minus') ? -1 : 1) * Number(num.image);
    else value = tok(ctx, 'TRUE') !== undefined;
    return { key: key.toLowerCase(), value, pos: ctxPos(ctx) };
  }

  dropStmt(ctx: Ctx): Statement {
    return {
      kind: 'drop',
      object: tok(ctx, 'SOURCE') || tok(ctx, 'TABLE') ? 'source' : 'view',
      name: identOf(must(tok(ctx, 'Name'), 'name')),
      ifExists: tok(ctx, 'IF') !== undefined,
      pos: ctxPos(ctx),
    };
  }

  alterStmt(ctx: Ctx): Statement {
    return { kind: 'alter_source', name: identOf(must(tok(ctx, 'Name'), 'name')), action: 'reset_watermark', pos: ctxPos(ctx) };
  }

  showStmt(ctx: Ctx): Statement {
    return { kind: 'show', object: tok(ctx, 'SOURCES') || tok(ctx, 'TABLES') ? 'sources' : 'views', pos: ctxPos(ctx) };
  }

  describeStmt(ctx: Ctx): Statement {
    return { kind: 'describe', name: identOf(must(tok(ctx, 'Name'), 'name')), pos: ctxPos(ctx) };
  }

  explainStmt(ctx: Ctx): Statement {
    const select = node(ctx, 'queryExpr');
    const inner = select ? this.queryStmt(select) : (this.visit(must(node(ctx, 'createStmt'), 'statement')) as Statement);
    if (inner.kind !== 'query' && inner.kind !== 'create_view') {
      fail('SQL_SYNTAX', 'EXPLAIN takes a SELECT or a CREATE VIEW statement', inner.pos);
    }
    return { kind: 'explain', statement: inner, pos: ctxPos(ctx) };
  }

  insertStmt(ctx: Ctx): Statement {
    const columns = toks(ctx, 'column');
    const select = node(ctx, 'selectStmt');
    if (select) return insertSelect(identOf(must(tok(ctx, 'Name'), 'table')), columns.map(identOf), this.visit(select) as Select, ctxPos(ctx));
    return {
      kind: 'insert',
      source: identOf(must(tok(ctx, 'Name'), 'source')),
      ...(columns.length > 0 ? { columns: columns.map(identOf) } : {}),
      rows: nodes(ctx, 'valuesRow').map((n) => this.visit(n) as Expr[]),
      pos: ctxPos(ctx),
    };
  }

  valuesList(ctx: Ctx): Expr[][] {
    return nodes(ctx, 'valuesRow').map((n) => this.visit(n) as Expr[]);
  }

  valuesRow(ctx: Ctx): Expr[] {
    return this.visit(must(node(ctx, 'expressionList'), 'values')) as Expr[];
  }

  // -------------------------------------------------------------------------------------------------
  // Queries

  selectStmt(ctx: Ctx): Select {
    const where = node(ctx, 'where');
    const { groupBy, groupingSets } = this.groupBy(nodes(ctx, 'groupByItem'));
    const having = node(ctx, 'having');
    const windowsNode = node(ctx, 'windowClause');
    const orderNodes = nodes(ctx, 'orderItem');
    const limitTok = tok(ctx, 'limit');
    if (limitTok && !/^\d+$/.test(limitTok.image)) fail('SQL_SYNTAX', `LIMIT takes a whole number, got ${limitTok.image}`, tokenPos(limitTok));
    const offsetTok = tok(ctx, 'offset');
    if (offsetTok && !/^\d+$/.test(offsetTok.image)) fail('SQL_SYNTAX', `OFFSET takes a whole number, got ${offsetTok.image}`, tokenPos(offsetTok));
    const emit = tok(ctx, 'EMIT');
    const mode = tok(ctx, 'FINAL') ?? tok(ctx, 'CHANGES');
    const tail = node(ctx, 'setOpTail');
    const branches = tail ? (this.visit(tail) as Select[]) : [];
    const ctes = nodes(ctx, 'cte').map((n) => this.visit(n) as Cte);
    const fromNode = node(ctx, 'fromItem');
    const select: Select = {
      kind: 'select',
      ...(ctes.length > 0 ? { with: ctes } : {}),
      distinct: tok(ctx, 'DISTINCT') !== undefined,
      items: nodes(ctx, 'selectItem').map((n) => this.visit(n) as SelectItem),
      from: fromNode ? this.joins(this.visit(fromNode) as FromItem, nodes(ctx, 'joinClause')) : { kind: 'values', rows: [[]], implicit: true, pos: ctxPos(ctx) },
      ...(where ? { where: this.expr(where) } : {}),
      groupBy,
      ...(groupingSets.length > 0 ? { groupingSets } : {}),
      ...(having ? { having: this.expr(having) } : {}),
      ...(windowsNode ? { windows: this.visit(windowsNode) as { name: Ident; def: WindowDef }[] } : {}),
      ...(orderNodes.length > 0 ? { orderBy: orderNodes.map((n) => this.visit(n) as OrderItem) } : {}),
      ...(limitTok ? { limit: { value: Number(limitTok.image), pos: tokenPos(limitTok) } } : {}),
      ...(offsetTok ? { offset: { value: Number(offsetTok.image), pos: tokenPos(offsetTok) } } : {}),
      ...(emit && mode
        ? { emit: { mode: mode.tokenType === T.Final ? 'final' : 'changes', pos: span(tokenPos(emit), tokenPos(mode)) } }
        : {}),
      pos: ctxPos(ctx),
    };
    return branches.length > 0 ? { ...select, unionAll: branches } : select;
  }

  /** The branches after a set operator, flattened: the next operand marked with the operator, then its own. */
  setOpTail(ctx: Ctx): Select[] {
    const next = this.visit(must(node(ctx, 'unionAll'), 'set operand')) as Select;
    const { unionAll: rest, ...first } = next;
    // The set operator before the branch that follows, unless it is UNION ALL (the default).
    const setOp: 'union' | 'intersect' | 'except' = tok(ctx, 'INTERSECT') ? 'intersect' : tok(ctx, 'EXCEPT') ? 'except' : 'union';
    const all = tok(ctx, 'unionAllWord') !== undefined;
    const marked = setOp === 'union' && all ? {} : { setOp: { op: setOp, all, pos: tokenPos(must(tok(ctx, setOp.toUpperCase()), 'set operator')) } };
    return [{ ...first, ...marked }, ...(rest ?? [])];
  }

  /** `( query ) [tail]` is `SELECT * FROM (query)` with the tail's branches; otherwise the SELECT itself. */
  queryExpr(ctx: Ctx): Select {
    const inner = node(ctx, 'inner');
    if (!inner) return this.visit(must(node(ctx, 'selectStmt'), 'query')) as Select;
    const pos = ctxPos(ctx);
    const query = this.visit(inner) as Select;
    const tail = node(ctx, 'setOpTail');
    const branches = tail ? (this.visit(tail) as Select[]) : [];
    const wrapped: Select = { kind: 'select', distinct: false, items: [{ kind: 'star', pos: query.pos }], from: { kind: 'subquery', query, pos: query.pos }, groupBy: [], pos };
    return branches.length > 0 ? { ...wrapped, unionAll: branches } : wrapped;
  }

  /** GROUP BY elements: plain expressions, and GROUPING SETS / ROLLUP / CUBE expanded to their sets. */
  private groupBy(items: readonly CstNode[]): { groupBy: Expr[]; groupingSets: GroupingSets[] } {
    const groupBy: Expr[] = [];
    const groupingSets: GroupingSets[] = [];
    for (const item of items) {
      const g = this.visit(item) as Expr | GroupingSets;
      if ('sets' in g) groupingSets.push(g);
      else groupBy.push(g);
    }
    return { groupBy, groupingSets };
  }

  groupByItem(ctx: Ctx): Expr | GroupingSets {
    if (tok(ctx, 'groupingWord')) return { sets: nodes(ctx, 'groupingSet').map((n) => this.visit(n) as Expr[]), pos: ctxPos(ctx) };
    const e = this.expr(must(node(ctx, 'groupExpr'), 'GROUP BY expression'));
    if (e.kind === 'call' && (e.name === 'ROLLUP' || e.name === 'CUBE') && !e.star && !e.distinct && !e.filter && !e.over) {
      const parts = e.args.map(groupingElement);
      return { sets: e.name === 'ROLLUP' ? rollup(parts) : cube(parts), pos: e.pos };
    }
    return e;
  }

  groupingSet(ctx: Ctx): Expr[] {
    const e = node(ctx, 'expression');
    return e ? groupingElement(this.expr(e)) : [];
  }

  cte(ctx: Ctx): Cte {
    const columns = toks(ctx, 'column').map(identOf);
    return {
      name: identOf(must(tok(ctx, 'Name'), 'name')),
      ...(columns.length > 0 ? { columns } : {}),
      query: this.visit(must(node(ctx, 'selectStmt'), 'query')) as Select,
      pos: ctxPos(ctx),
    };
  }

  /** FROM a JOIN b JOIN c nests to the left: (a ⋈ b) ⋈ c. */
  private joins(first: FromItem, clauses: readonly CstNode[]): FromItem {
    let from = first;
    for (const c of clauses) {
      const j = this.visit(c) as Omit<JoinRef, 'left'>;
      from = { ...j, left: from, pos: span(from.pos, j.pos) };
    }
    return from;
  }

  joinClause(ctx: Ctx): Omit<JoinRef, 'left'> {
    const cross = node(ctx, 'crossItem');
    if (cross) {
      const pos = ctxPos(ctx);
      return { kind: 'join', type: 'inner', cross: true, right: this.visit(cross) as FromItem, on: { kind: 'literal', type: 'boolean', value: true, raw: 'TRUE', pos }, pos };
    }
    const comma = node(ctx, 'commaItem');
    const pos = ctxPos(ctx);
    const always = (at: Pos): Expr => ({ kind: 'literal', type: 'boolean', value: true, raw: 'TRUE', pos: at });
    if (comma) {
      // `FROM a, b`: an inner join whose condition is taken from WHERE when the query is bound.
      return { kind: 'join', type: 'inner', implicit: true, right: this.visit(comma) as FromItem, on: always(pos), pos };
    }
    const type = this.visit(must(node(ctx, 'joinType'), 'join type')) as JoinType;
    const natural = node(ctx, 'naturalItem');
    // NATURAL JOIN and USING: the condition is made when the inputs' columns are known (bind-using.ts).
    if (natural) return { kind: 'join', type, natural: true, right: this.visit(natural) as FromItem, on: always(pos), pos };
    const using = toks(ctx, 'usingColumn');
    const right = this.visit(must(node(ctx, 'fromItem'), 'join')) as FromItem;
    if (using.length > 0) {
      const at = span(tokenPos(must(tok(ctx, 'USING'), 'USING')), tokenPos(must(tok(ctx, 'RParen'), ')')));
      return { kind: 'join', type, using: using.map(identOf), right, on: always(at), pos };
    }
    return { kind: 'join', type, right, on: this.expr(node(ctx, 'on')), pos };
  }

  joinType(ctx: Ctx): JoinType {
    return tok(ctx, 'LEFT') ? 'left' : tok(ctx, 'RIGHT') ? 'right' : tok(ctx, 'FULL') ? 'full' : 'inner';
  }

  selectItem(ctx: Ctx): SelectItem {
    const expression = node(ctx, 'expression');
    if (!expression) {
      const qualifier = tok(ctx, 'qualifier');
      return { kind: 'star', ...(qualifier ? { qualifier: identOf(qualifier) } : {}), pos: ctxPos(ctx) };
    }
    // An output column keeps its alias as written (DESIGN §2: `AS UserId` gives the key UserId); references
    // to it still resolve case-insensitively when unquoted (bind-from's resolveColumn).
    const aliasTok = tok((must(node(ctx, 'alias'), 'alias') as CstNode).children as Ctx, 'Name');
    const alias = aliasTok ? { ...identOf(aliasTok), name: aliasTok.tokenType === T.QuotedIdentifier || aliasTok.tokenType === T.BacktickIdentifier ? unquote(aliasTok.image) : aliasTok.image } : undefined;
    return { kind: 'expr', expr: this.expr(expression), ...(alias ? { alias } : {}), pos: ctxPos(ctx) };
  }

  alias(ctx: Ctx): Ident | undefined {
    const name = tok(ctx, 'Name');
    return name ? identOf(name) : undefined;
  }

  fromItem(ctx: Ctx): FromItem {
    const alias = this.visit(must(node(ctx, 'alias'), 'alias')) as Ident | undefined;
    const columns = toks(ctx, 'aliasColumn').map(identOf);
    const aliased = { ...(alias ? { alias } : {}), ...(columns.length > 0 ? { columns } : {}) };
    const pos = ctxPos(ctx);
    const values = node(ctx, 'valuesList');
    if (values) return { kind: 'values', rows: this.visit(values) as Expr[][], implicit: false, ...aliased, pos };
    const fn = tok(ctx, 'fn');
    if (fn) {
      const args = this.visit(must(node(ctx, 'tvfArgs'), 'arguments')) as TvfArg[];
      return { kind: 'window_tvf', fn: functionName(fn), args, spelling: 'tvf', ...aliased, pos };
    }
    const select = node(ctx, 'queryExpr');
    if (select) return { kind: 'subquery', query: this.visit(select) as Select, ...aliased, pos };
    const shortFn = tok(ctx, 'shortFn');
    const ordinality = tok(ctx, 'ordinality');
    if (ordinality && (!shortFn || functionName(shortFn) !== 'UNNEST')) fail('SQL_SYNTAX', 'WITH ORDINALITY applies only to UNNEST(...)', tokenPos(ordinality));
    if (shortFn) {
      const name = functionName(shortFn);
      const args = this.visit(must(node(ctx, 'tvfArgs'), 'arguments')) as TvfArg[];
      if (name === 'UNNEST') {
        const exprs = args.map((a) => {
          if (a.name !== undefined || a.value.kind !== 'expr') fail('SQL_SYNTAX', 'UNNEST takes an ARRAY or MAP expression: UNNEST(t.tags)', a.pos);
          return a.value.expr;
        });
        return { kind: 'unnest', args: exprs, ordinality: ordinality !== undefined, ...aliased, pos };
      }
      return { kind: 'window_tvf', fn: name, args: shortFormArgs(name, args), spelling: 'short', ...aliased, pos };
    }
    const asOf = node(ctx, 'asOf');
    if (asOf && columns.length > 0) fail('SQL_SYNTAX', 'column names after the alias do not apply to FOR SYSTEM_TIME AS OF', columns[0]!.pos);
    return { kind: 'table', name: identOf(must(tok(ctx, 'table'), 'table')), ...aliased, ...(asOf ? { asOf: this.expr(asOf) } : {}), pos };
  }

  tvfArgs(ctx: Ctx): TvfArg[] {
    return nodes(ctx, 'tvfArg').map((n) => this.visit(n) as TvfArg);
  }

  tvfArg(ctx: Ctx): TvfArg {
    const argName = tok(ctx, 'argName');
    const table = tok(ctx, 'table');
    const select = node(ctx, 'selectStmt');
    let value: TvfArgValue;
    const parts = toks(ctx, 'partitionCol').map(identOf);
    const partitionBy = parts.length > 0 ? { partitionBy: parts } : {};
    if (table) value = { kind: 'table', name: identOf(table), ...partitionBy };
    else if (select) value = { kind: 'subquery', query: this.visit(select) as Select, ...partitionBy };
    else if (tok(ctx, 'DESCRIPTOR')) value = { kind: 'descriptor', columns: toks(ctx, 'column').map(identOf) };
    else value = { kind: 'expr', expr: this.expr(node(ctx, 'expression')) };
    return { ...(argName ? { name: identOf(argName).name.toUpperCase() } : {}), value, pos: ctxPos(ctx) };
  }
}

function functionName(t: IToken): string {
  return (t.tokenType === T.QuotedIdentifier || t.tokenType === T.BacktickIdentifier ? unquote(t.image) : t.image).toUpperCase();
}

/**
 * RisingWave's TUMBLE(t, ts, size): the first argument names the table and the second the time column,
 * written as plain names. Give them the TVF form's shapes (TABLE t, DESCRIPTOR(ts)); named DATA/TIMECOL
 * arguments get the same treatment.
 */
function shortFormArgs(fn: string, args: readonly TvfArg[]): TvfArg[] {
  let positional = 0;
  return args.map((arg) => {
    const role = arg.name ?? (['DATA', 'TIMECOL'][positional] ?? '');
    if (arg.name === undefined) positional++;
    if (arg.value.kind !== 'expr' || (role !== 'DATA' && role !== 'TIMECOL')) return arg;
    const e = arg.value.expr;
    if (role === 'DATA') {
      if (e.kind !== 'column' || e.table) fail('SQL_SYNTAX', `expected a table name as the data argument of ${fn}(...)`, e.pos);
      return { ...arg, value: { kind: 'table', name: e.name } };
    }
    if (e.kind !== 'column') fail('SQL_SYNTAX', `expected a time column as the time argument of ${fn}(...)`, e.pos);
    return { ...arg, value: { kind: 'descriptor', columns: [e.name] } };
  });
}

/** One element of a grouping set list: `(a, b)` (a row value) is the set {a, b}; anything else a single expression. */
function groupingElement(e: Expr): Expr[] {
  if (e.kind === 'call' && (e.name === 'ROLLUP' || e.name === 'CUBE')) {
    fail('UNSUPPORTED', `${e.name} inside GROUPING SETS is not supported; list the sets`, e.pos);
  }
  return e.kind === 'call' && e.name === 'ROW' && !e.star ? [...e.args] : [e];
}

/** ROLLUP(a, b, c): (a, b, c), (a, b), (a), (). */
function rollup(parts: readonly Expr[][]): Expr[][] {
  const sets: Expr[][] = [];
  for (let n = parts.length; n >= 0; n--) sets.push(parts.slice(0, n).flat());
  return sets;
}

/** CUBE(a, b): every subset, (a, b), (a), (b), (). */
function cube(parts: readonly Expr[][]): Expr[][] {
  const sets: Expr[][] = [];
  const n = parts.length;
  for (let mask = (1 << n) - 1; mask >= 0; mask--) sets.push(parts.filter((_, i) => (mask & (1 << (n - 1 - i))) !== 0).flat());
  return sets;
}
