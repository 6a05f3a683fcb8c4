/**
 * The syntax tree: what the user wrote, nothing resolved. Built by cst-to-ast.ts from Chevrotain's CST,
 * consumed by binder.ts. Plain immutable data; every node that can be blamed for an error carries a `pos`.
 *
 * Identifiers are normalized here: unquoted names are lower-cased (SQL case-insensitivity), quoted names
 * ("Name" or `Name`) keep their case and set `quoted`. Keywords are upper-case strings.
 */

/** Where a node starts in the script: 1-based line and column, 0-based offset; `length` in characters. */
export interface Pos {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length: number;
}

export interface Ident {
  readonly name: string;
  readonly quoted: boolean;
  readonly pos: Pos;
}

// ---------------------------------------------------------------------------------------------------
// Types

export type SqlTypeName =
  | 'BOOLEAN'
  | 'INT' // also INTEGER, SMALLINT, TINYINT
  | 'BIGINT'
  | 'FLOAT' // also REAL
  | 'DOUBLE' // also DOUBLE PRECISION
  | 'DECIMAL' // also NUMERIC, DEC
  | 'VARCHAR' // also STRING, CHAR, TEXT
  | 'TIMESTAMP' // TIMESTAMP(3), TIMESTAMP_LTZ(3)
  | 'DATE'
  | 'TIME' // TIME(p): held to the millisecond
  | 'ARRAY' // ARRAY<T>
  | 'MAP' // MAP<K, V>
  | 'ROW'; // ROW<a T, b U> and ROW(a T, b U)

export interface TypeRef {
  readonly name: SqlTypeName;
  /** DECIMAL(p, s) precision, VARCHAR(n) length, TIMESTAMP(p) precision. */
  readonly precision?: number;
  readonly scale?: number;
  /** ARRAY<T>: [T]; MAP<K, V>: [K, V]; ROW<a T, b U>: the fields, each with its name. */
  readonly params?: readonly TypeParam[];
  readonly pos: Pos;
}

/** A type inside ARRAY<...> / MAP<...> / ROW<...>, with its own NOT NULL (and a ROW field's name). */
export interface TypeParam {
  readonly type: TypeRef;
  readonly notNull: boolean;
  readonly name?: Ident;
}

// ---------------------------------------------------------------------------------------------------
// Expressions

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '=' | '<>' | '<' | '<=' | '>' | '>='
  | 'AND' | 'OR' | '||';

export type Expr =
  | LiteralExpr
  | IntervalExpr
  | ColumnExpr
  | BinaryExpr
  | UnaryExpr
  | IsNullExpr
  | IsBoolExpr
  | InExpr
  | BetweenExpr
  | LikeExpr
  | CaseExpr
  | CastExpr
  | CallExpr
  | SubqueryExpr;

export interface LiteralExpr {
  readonly kind: 'literal';
  /** 'number' keeps the source text in `raw` so DECIMAL literals stay exact (1.10 has scale 2). */
  readonly type: 'number' | 'string' | 'boolean' | 'null' | 'timestamp' | 'date' | 'time';
  /**
   * number → number; string → string; boolean → boolean; null → null; timestamp → epoch ms (UTC);
   * date → days since 1970-01-01; time → milliseconds since midnight.
   */
  readonly value: number | string | boolean | null;
  readonly raw: string;
  readonly pos: Pos;
}

/** INTERVAL '10' SECOND, INTERVAL '2 hours', INTERVAL '0.5' SECOND, INTERVAL '1' MINUTE. */
export interface IntervalExpr {
  readonly kind: 'interval';
  /** Length in milliseconds (may be fractional only if the user wrote sub-millisecond precision). */
  readonly ms: number;
  /** The text as written, for messages: INTERVAL '10' SECOND. */
  readonly text: string;
  readonly pos: Pos;
}

export interface ColumnExpr {
  readonly kind: 'column';
  /** `t.col`: the qualifier. */
  readonly table?: Ident;
  readonly name: Ident;
  readonly pos: Pos;
}

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly pos: Pos;
}

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: '-' | '+' | 'NOT';
  readonly operand: Expr;
  readonly pos: Pos;
}

export interface IsNullExpr {
  readonly kind: 'is_null';
  readonly operand: Expr;
  readonly negated: boolean;
  readonly pos: Pos;
}

/** x IS [NOT] TRUE / FALSE */
export interface IsBoolExpr {
  readonly kind: 'is_bool';
  readonly operand: Expr;
  readonly value: boolean;
  readonly negated: boolean;
  readonly pos: Pos;
}

export interface InExpr {
  readonly kind: 'in';
  readonly operand: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
  readonly pos: Pos;
}

/**
 * A subquery predicate: `[NOT] EXISTS (SELECT ...)` (operand null) or `x [NOT] IN (SELECT ...)`. The binder
 * runs it as a semi or anti join when it is a conjunct of WHERE (bind-subquery.ts), and refuses it elsewhere.
 */
/** EXISTS (SELECT ...), x IN (SELECT ...) and a scalar subquery `(SELECT agg(...) FROM ...)` (test 'scalar'). */
export interface SubqueryExpr {
  readonly kind: 'subquery_pred';
  readonly test: 'exists' | 'in' | 'scalar';
  readonly operand: Expr | null;
  readonly query: Select;
  readonly negated: boolean;
  readonly pos: Pos;
}

export interface BetweenExpr {
  readonly kind: 'between';
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly pos: Pos;
}

export interface LikeExpr {
  readonly kind: 'like';
  /** `SIMILAR TO` (SQL regular expressions) rather than LIKE. */
  readonly similar?: true;
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly escape?: Expr;
  readonly negated: boolean;
  readonly pos: Pos;
}

export interface CaseExpr {
  readonly kind: 'case';
  /** CASE x WHEN ... (simple form); absent for CASE WHEN cond ... */
  readonly operand?: Expr;
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly else?: Expr;
  readonly pos: Pos;
}

export interface CastExpr {
  readonly kind: 'cast';
  readonly operand: Expr;
  readonly type: TypeRef;
  /** TRY_CAST returns NULL instead of failing. */
  readonly try: boolean;
  readonly pos: Pos;
}

/**
 * Function or aggregate call. `name` is upper-case. Special syntaxes are normalized to plain calls:
 *   EXTRACT(HOUR FROM ts)          → EXTRACT('HOUR', ts)          (first arg a string literal)
 *   SUBSTRING(s FROM 2 FOR 3)      → SUBSTRING(s, 2, 3)
 *   TRIM([BOTH|LEADING|TRAILING] [c] FROM s) → TRIM(s) / TRIM_LEADING(s, c) / ...  (see cst-to-ast)
 *   POSITION(a IN b)               → POSITION(a, b)
 *   COUNT(*)                       → COUNT with star = true, args = []
 *   TUMBLE_START(ts, INTERVAL ...) etc. stay calls; the binder gives them meaning.
 *   TUMBLE(ts, size) / HOP(ts, slide, size) inside GROUP BY are calls named TUMBLE / HOP.
 */
export interface CallExpr {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly star: boolean;
  /** agg(...) FILTER (WHERE cond) */
  readonly filter?: Expr;
  /** ARRAY_AGG(x IGNORE NULLS): true; RESPECT NULLS (the default): false or absent. */
  readonly ignoreNulls?: boolean;
  /** agg(...) OVER (spec) or OVER name (an OVER aggregation, ROW_NUMBER, LAG/LEAD). */
  readonly over?: OverClause;
  /** JSON_VALUE / JSON_QUERY / JSON_EXISTS: RETURNING, ON EMPTY / ON ERROR and WRAPPER clauses. */
  readonly json?: JsonClauses;
  readonly pos: Pos;
}

/**
 * What a JSON function gives when its path finds nothing (ON EMPTY) or fails (ON ERROR). A DEFAULT's
 * expression is an argument of the call (after the path: the ON EMPTY one first), so every walk over the
 * call's arguments sees it.
 */
export type JsonBehavior = 'NULL' | 'ERROR' | 'DEFAULT' | 'EMPTY ARRAY' | 'EMPTY OBJECT' | 'TRUE' | 'FALSE' | 'UNKNOWN';

export interface JsonClauses {
  readonly returning?: TypeRef;
  readonly onEmpty?: JsonBehavior;
  readonly onError?: JsonBehavior;
  readonly wrapper?: 'WITHOUT' | 'CONDITIONAL' | 'UNCONDITIONAL';
}

export type OverClause = { readonly kind: 'spec'; readonly spec: WindowDef } | { readonly kind: 'ref'; readonly name: Ident };

/** An OVER window: `[base] PARTITION BY ... ORDER BY ... ROWS|RANGE ...` (also a WINDOW clause entry). */
export interface WindowDef {
  /** OVER (w ORDER BY ...): extends the named window w. */
  readonly base?: Ident;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame?: FrameDef;
  readonly pos: Pos;
}

export interface OrderItem {
  readonly expr: Expr;
  readonly desc: boolean;
  /** NULLS FIRST / LAST as written; absent = the default (NULLS FIRST for ASC, LAST for DESC, as Flink). */
  readonly nullsFirst?: boolean;
  readonly pos: Pos;
}

export type FrameBound =
  | { readonly kind: 'unbounded_preceding'; readonly pos: Pos }
  | { readonly kind: 'unbounded_following'; readonly pos: Pos }
  | { readonly kind: 'current_row'; readonly pos: Pos }
  | { readonly kind: 'preceding' | 'following'; readonly expr: Expr; readonly pos: Pos };

export interface FrameDef {
  readonly unit: 'ROWS' | 'RANGE';
  readonly start: FrameBound;
  /** CURRENT ROW when only the start was written (`ROWS 2 PRECEDING`). */
  readonly end: FrameBound;
  readonly pos: Pos;
}

// ---------------------------------------------------------------------------------------------------
// Queries

/** `name [(columns)] AS (query)` of WITH: visible to the CTEs after it and to the query. */
export interface Cte {
  readonly name: Ident;
  readonly columns?: readonly Ident[];
  readonly query: Select;
  readonly pos: Pos;
}

export interface Select {
  readonly kind: 'select';
  /** WITH name AS (...), ...: common table expressions, in order. */
  readonly with?: readonly Cte[];
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from: FromItem;
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  /**
   * `GROUPING SETS (...)`, `ROLLUP(...)`, `CUBE(...)` of GROUP BY, each expanded to its sets. The query's
   * grouping sets are the cross product of these lists, each with the plain `groupBy` expressions added.
   */
  readonly groupingSets?: readonly GroupingSets[];
  readonly having?: Expr;
  /** WINDOW w AS (...): named OVER windows. */
  readonly windows?: readonly { readonly name: Ident; readonly def: WindowDef }[];
  /** EMIT FINAL (default when absent) or EMIT CHANGES. */
  readonly emit?: { readonly mode: 'final' | 'changes'; readonly pos: Pos };
  /** ORDER BY ... [LIMIT n [OFFSET m]]: a Top-N over the result (rows m + 1 to m + n of the order). */
  readonly orderBy?: readonly OrderItem[];
  readonly limit?: { readonly value: number; readonly pos: Pos };
  readonly offset?: { readonly value: number; readonly pos: Pos };
  /** `UNION [ALL] | INTERSECT | EXCEPT SELECT ...` branches after this one, in order (each without further branches). */
  readonly unionAll?: readonly Select[];
  /** On a branch of `unionAll`: the set operator before it, when it is not UNION ALL. */
  readonly setOp?: { readonly op: 'union' | 'intersect' | 'except'; readonly all: boolean; readonly pos: Pos };
  readonly pos: Pos;
}

export interface GroupingSets {
  readonly sets: readonly (readonly Expr[])[];
  readonly pos: Pos;
}

export type SelectItem =
  | { readonly kind: 'star'; readonly qualifier?: Ident; readonly pos: Pos }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly alias?: Ident; readonly pos: Pos };

export type FromItem = TableRef | SubqueryRef | WindowTvfRef | JoinRef | ValuesRef | UnnestRef;

/**
 * `UNNEST(expr) [WITH ORDINALITY] [AS t (x [, ordinal])]`: one row per element of an ARRAY (per entry of a
 * MAP: key and value), joined to the row of the relation on its left that `expr` reads (bind-unnest.ts).
 */
export interface UnnestRef {
  readonly kind: 'unnest';
  readonly args: readonly Expr[];
  readonly ordinality: boolean;
  readonly alias?: Ident;
  readonly columns?: readonly Ident[];
  readonly pos: Pos;
}

/**
 * `(VALUES (1, 'a'), (2, 'b')) AS t (x, y)`: constant rows. A SELECT without FROM reads one empty row
 * (`implicit`), so `SELECT 1 + 2` is the select list computed once.
 */
export interface ValuesRef {
  readonly kind: 'values';
  readonly rows: readonly (readonly Expr[])[];
  readonly implicit: boolean;
  readonly alias?: Ident;
  /** Column names after the alias: `AS t (x, y)`. */
  readonly columns?: readonly Ident[];
  readonly pos: Pos;
}

export type JoinType = 'inner' | 'left' | 'right' | 'full';

/** `left [NATURAL] [INNER | LEFT | RIGHT | FULL [OUTER]] JOIN right {ON on | USING (cols)}`; chains nest to the left. */
export interface JoinRef {
  readonly kind: 'join';
  readonly type: JoinType;
  readonly left: FromItem;
  readonly right: FromItem;
  readonly on: Expr;
  /** `FROM a, b`: an inner join whose condition comes from the WHERE conjuncts that read both sides. */
  readonly implicit?: boolean;
  /**
   * `JOIN r USING (a, b)`: joined on equal columns of those names, each merged into one output column
   * (then `on` is TRUE, located at the USING clause).
   */
  readonly using?: readonly Ident[];
  /** `NATURAL JOIN r`: USING every column name both inputs have (`on` is TRUE). */
  readonly natural?: boolean;
  /** `a CROSS JOIN b`: an inner join without a condition (`on` is TRUE). */
  readonly cross?: boolean;
  readonly pos: Pos;
}

export interface TableRef {
  readonly kind: 'table';
  readonly name: Ident;
  readonly alias?: Ident;
  /** FOR SYSTEM_TIME AS OF expr: the table's version at that time (the right side of a temporal join). */
  readonly asOf?: Expr;
  /** Column names after the alias: `AS t (x, y)`. */
  readonly columns?: readonly Ident[];
  readonly pos: Pos;
}

export interface SubqueryRef {
  readonly kind: 'subquery';
  readonly query: Select;
  readonly alias?: Ident;
  /** Column names after the alias: `AS t (x, y)`. */
  readonly columns?: readonly Ident[];
  readonly pos: Pos;
}

/**
 * A windowing table function, whichever way it was spelled:
 *   TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' SECOND [, offset]))       spelling 'tvf'
 *   TABLE(TUMBLE(DATA => TABLE t, TIMECOL => DESCRIPTOR(ts), SIZE => ...))       spelling 'tvf', named
 *   TUMBLE(t, ts, INTERVAL '5' SECOND)                                           spelling 'short'
 * In the short form the parser turns the first argument into a `table` arg and the second into a
 * `descriptor` arg, so the binder sees one shape. `fn` is upper-case (TUMBLE, HOP, later CUMULATE...).
 */
export interface WindowTvfRef {
  readonly kind: 'window_tvf';
  readonly fn: string;
  readonly args: readonly TvfArg[];
  readonly spelling: 'tvf' | 'short';
  readonly alias?: Ident;
  /** Column names after the alias: `AS t (x, y)`. */
  readonly columns?: readonly Ident[];
  readonly pos: Pos;
}

export interface TvfArg {
  /** Upper-case argument name for `NAME => value`; absent for positional arguments. */
  readonly name?: string;
  readonly value: TvfArgValue;
  readonly pos: Pos;
}

export type TvfArgValue =
  | { readonly kind: 'table'; readonly name: Ident; readonly partitionBy?: readonly Ident[] }
  | { readonly kind: 'subquery'; readonly query: Select; readonly partitionBy?: readonly Ident[] }
  | { readonly kind: 'descriptor'; readonly columns: readonly Ident[] }
  | { readonly kind: 'expr'; readonly expr: Expr };

// ---------------------------------------------------------------------------------------------------
// Statements

export type Statement =
  | CreateSourceStmt
  | CreateViewStmt
  | QueryStmt
  | InsertStmt
  | DropStmt
  | AlterSourceStmt
  | ShowStmt
  | DescribeStmt
  | ExplainStmt;

export interface ColumnDef {
  readonly name: Ident;
  /** Null for a computed column, whose type is its expression's. */
  readonly type: TypeRef | null;
  readonly notNull: boolean;
  /** `name AS expr`: a computed column (Flink's), computed from the row's physical columns; `PROCTIME()` makes it processing time. */
  readonly computed?: Expr;
  readonly pos: Pos;
}

export interface WithOption {
  /** Lower-case key; dotted keys ('scan.startup.mode') and quoted keys are kept as written (lower-cased). */
  readonly key: string;
  readonly value: string | number | boolean;
  readonly pos: Pos;
}

export interface CreateSourceStmt {
  readonly kind: 'create_source';
  readonly name: Ident;
  readonly columns: readonly ColumnDef[];
  /** WATERMARK FOR col AS expr */
  readonly watermark?: { readonly column: Ident; readonly expr: Expr; readonly pos: Pos };
  /** PRIMARY KEY (cols) NOT ENFORCED: a changelog (upsert) table. */
  readonly primaryKey?: { readonly columns: readonly Ident[]; readonly pos: Pos };
  readonly with: readonly WithOption[];
  /** CREATE SOURCE or CREATE TABLE (Flink's spelling of the same thing). */
  readonly spelling: 'SOURCE' | 'TABLE';
  readonly ifNotExists: boolean;
  readonly orReplace: boolean;
  readonly pos: Pos;
}

export interface CreateViewStmt {
  readonly kind: 'create_view';
  readonly name: Ident;
  /** The name as written when it differs from `name` (an unquoted name with capitals): for listings. */
  readonly displayName?: string;
  readonly query: Select;
  /** CREATE VIEW v WITH ('state.ttl' = '1h') AS ...: options of the view's operators. */
  readonly with?: readonly WithOption[];
  readonly materialized: boolean;
  readonly ifNotExists: boolean;
  readonly orReplace: boolean;
  readonly pos: Pos;
  /**
   * `INSERT INTO t [(cols)] SELECT ...`: a continuous job, i.e. a view named `insert_into_<t>` whose output
   * rows are written to the table t (insert-select.ts). Absent for CREATE VIEW.
   */
  readonly insertInto?: { readonly table: Ident; readonly columns: readonly Ident[] };
}

/** An ad-hoc continuous SELECT. */
export interface QueryStmt {
  readonly kind: 'query';
  readonly query: Select;
  readonly pos: Pos;
}

/** INSERT INTO source [(cols)] VALUES (...), (...): pushes rows into a source (REPL, tests). */
export interface InsertStmt {
  readonly kind: 'insert';
  readonly source: Ident;
  readonly columns?: readonly Ident[];
  readonly rows: readonly (readonly Expr[])[];
  readonly pos: Pos;
}

export interface DropStmt {
  readonly kind: 'drop';
  readonly object: 'source' | 'view';
  readonly name: Ident;
  readonly ifExists: boolean;
  readonly pos: Pos;
}

/** ALTER SOURCE name RESET WATERMARK: the source's watermark starts over (a poisoned one is cleared). */
export interface AlterSourceStmt {
  readonly kind: 'alter_source';
  readonly name: Ident;
  readonly action: 'reset_watermark';
  readonly pos: Pos;
}

export interface ShowStmt {
  readonly kind: 'show';
  readonly object: 'sources' | 'views';
  readonly pos: Pos;
}

export interface DescribeStmt {
  readonly kind: 'describe';
  readonly name: Ident;
  readonly pos: Pos;
}

export interface ExplainStmt {
  readonly kind: 'explain';
  /** EXPLAIN SELECT ... or EXPLAIN CREATE VIEW ... AS SELECT ... */
  readonly statement: QueryStmt | CreateViewStmt;
  readonly pos: Pos;
}

/** One statement of a script with the exact text it came from (for the catalog and messages). */
export interface ParsedStatement {
  readonly statement: Statement;
  readonly text: string;
  readonly pos: Pos;
}
