/**
 * The SQL grammar: a pure Chevrotain CstParser (no actions; cst-to-ast.ts builds the AST). Statement and
 * query rules live here; expressions and types in grammar-expr.ts, which this class extends.
 *
 * One instance is built at module load (grammar analysis is the expensive part) and reused for every parse
 * by setting `parser.input`. The parser sees one statement at a time: parse.ts splits the token stream at `;`.
 *
 * Where a non-reserved keyword could also be a name, the choice is made by a GATE on the next token(s) rather
 * than left to Chevrotain's lookahead, so the rule reads as the intent: e.g. `FROM t EMIT CHANGES` must not take
 * EMIT as an alias of t.
 *
 * Comma lists are written as item, MANY(comma, item): written as AT_LEAST_ONE_SEP, the start-up analysis
 * enumerated longer lookahead prefixes of their items, and building the parser took 4-6x the CPU.
 */
import type { IParserErrorMessageProvider, TokenType } from 'chevrotain';
import { ExpressionGrammar } from './grammar-expr.js';
import { expectedTokensProvider } from './syntax-errors.js';
import * as T from './tokens.js';

/** Names that cannot be an alias without AS, because they start the clause that may follow. */
const NOT_IMPLICIT_ALIAS: ReadonlySet<TokenType> = new Set([T.Emit, T.Inner, T.Left, T.Right, T.Full, T.Cross, T.Window, T.Natural, T.Using]);

function isWord(t: { image: string; tokenType: TokenType }, word: string): boolean {
  return t.tokenType === T.Identifier && t.image.toUpperCase() === word;
}

export class SqlGrammar extends ExpressionGrammar {
  constructor(errorMessageProvider: IParserErrorMessageProvider) {
    super(errorMessageProvider);
    this.performSelfAnalysis();
  }

  statement = this.RULE('statement', () => {
    this.OR([
      // A query, also one that starts with a parenthesized query: `(SELECT ...) UNION ALL (SELECT ...)`.
      { ALT: () => this.SUBRULE(this.queryExpr) },
      { ALT: () => this.SUBRULE(this.createStmt) },
      { ALT: () => this.SUBRULE(this.insertStmt) },
      { ALT: () => this.SUBRULE(this.dropStmt) },
      { ALT: () => this.SUBRULE(this.alterStmt) },
      { ALT: () => this.SUBRULE(this.showStmt) },
      { ALT: () => this.SUBRULE(this.describeStmt) },
      { ALT: () => this.SUBRULE(this.explainStmt) },
    ]);
  });

  // -------------------------------------------------------------------------------------------------
  // DDL

  /** CREATE [OR REPLACE] (SOURCE|TABLE ... | [MATERIALIZED] VIEW ...) */
  createStmt = this.RULE('createStmt', () => {
    this.CONSUME(T.Create);
    this.OPTION(() => {
      this.CONSUME(T.Or);
      this.CONSUME(T.Replace);
    });
    this.OR([{ ALT: () => this.SUBRULE(this.createSourceBody) }, { ALT: () => this.SUBRULE(this.createViewBody) }]);
  });

  createSourceBody = this.RULE('createSourceBody', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Source) }, { ALT: () => this.CONSUME(T.Table) }]);
    this.SUBRULE(this.ifNotExists);
    this.CONSUME(T.Name);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.tableElement);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.tableElement);
    });
    this.CONSUME(T.RParen);
    this.OPTION(() => {
      this.CONSUME(T.With);
      this.CONSUME2(T.LParen);
      this.SUBRULE(this.withOption);
      this.MANY2(() => {
        this.CONSUME2(T.Comma);
        this.SUBRULE2(this.withOption);
      });
      this.CONSUME2(T.RParen);
    });
  });

  createViewBody = this.RULE('createViewBody', () => {
    this.OPTION(() => this.CONSUME(T.Materialized));
    this.CONSUME(T.View);
    this.SUBRULE(this.ifNotExists);
    this.CONSUME(T.Name);
    // WITH ('state.ttl' = '1h'): options of the view's operators (bind-state-ttl.ts).
    this.OPTION2(() => {
      this.CONSUME(T.With);
      this.CONSUME(T.LParen);
      this.SUBRULE(this.withOption);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.withOption);
      });
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.As);
    // The query may be in parentheses (`AS (WITH ... SELECT ...)`), as Flink's parser takes it, and may start
    // with a parenthesized operand of a set operation (`AS (SELECT ...) UNION ALL (SELECT ...)`).
    this.SUBRULE(this.queryExpr);
  });

  /** Empty, or IF NOT EXISTS. IF is non-reserved: a source may be called `if`. */
  ifNotExists = this.RULE('ifNotExists', () => {
    this.OPTION({
      GATE: () => this.LA(2).tokenType === T.Not,
      DEF: () => {
        this.CONSUME(T.If);
        this.CONSUME(T.Not);
        this.CONSUME(T.Exists);
      },
    });
  });

  tableElement = this.RULE('tableElement', () => {
    // The gates decide (WATERMARK and PRIMARY are names too); two tokens of lookahead keep the grammar's
    // start-up analysis from enumerating longer prefixes of column types it does not need.
    this.OR({
      MAX_LOOKAHEAD: 2,
      DEF: [
        { GATE: () => this.LA(2).tokenType === T.For, ALT: () => this.SUBRULE(this.watermarkDef) },
        { GATE: () => this.LA(1).tokenType === T.Primary && this.LA(2).tokenType === T.Key, ALT: () => this.SUBRULE(this.primaryKeyDef) },
        { GATE: () => this.LA(2).tokenType === T.As, ALT: () => this.SUBRULE(this.computedColumnDef) },
        { ALT: () => this.SUBRULE(this.columnDef) },
      ],
    });
  });

  columnDef = this.RULE('columnDef', () => {
    this.CONSUME(T.Name);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.OPTION2(() => this.CONSUME(T.Not));
      this.CONSUME(T.Null);
    });
  });

  /** `name AS expr`: a computed column (Flink's), its value computed from the row's declared columns. */
  computedColumnDef = this.RULE('computedColumnDef', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.As);
    this.SUBRULE(this.expression);
  });

  watermarkDef = this.RULE('watermarkDef', () => {
    this.CONSUME(T.Watermark);
    this.CONSUME(T.For);
    this.CONSUME(T.Name);
    this.CONSUME(T.As);
    this.SUBRULE(this.expression);
  });

  /** PRIMARY KEY (k, ...) NOT ENFORCED: a changelog (upsert) table keyed by k (Flink never enforces it). */
  primaryKeyDef = this.RULE('primaryKeyDef', () => {
    this.CONSUME(T.Primary);
    this.CONSUME(T.Key);
    this.CONSUME(T.LParen);
    this.CONSUME(T.Name, { LABEL: 'keyColumn' });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Name, { LABEL: 'keyColumn' });
    });
    this.CONSUME(T.RParen);
    this.CONSUME(T.Not);
    this.CONSUME(T.Enforced);
  });

  /** key = value, where key is a name, a dotted name or a string, and value a string, number or boolean. */
  withOption = this.RULE('withOption', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'key' }) },
      // `table = 'bid'` (Nexmark's option) reads naturally; TABLE is reserved elsewhere, not here.
      { ALT: () => this.CONSUME(T.Table, { LABEL: 'keywordKey' }) },
      {
        ALT: () => {
          this.CONSUME(T.Name, { LABEL: 'keyPart' });
          this.MANY(() => {
            this.CONSUME(T.Dot);
            this.CONSUME2(T.Name, { LABEL: 'keyPart' });
          });
        },
      },
    ]);
    this.CONSUME(T.Equals);
    this.OR2([
      { ALT: () => this.CONSUME2(T.StringLiteral) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Minus));
          this.CONSUME(T.NumberLiteral);
        },
      },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
    ]);
  });

  /** DROP SOURCE|TABLE|VIEW|MATERIALIZED VIEW [IF EXISTS] name */
  dropStmt = this.RULE('dropStmt', () => {
    this.CONSUME(T.Drop);
    this.OR([
      { ALT: () => this.CONSUME(T.Source) },
      { ALT: () => this.CONSUME(T.Table) },
      { ALT: () => this.CONSUME(T.View) },
      {
        ALT: () => {
          this.CONSUME(T.Materialized);
          this.CONSUME2(T.View);
        },
      },
    ]);
    this.OPTION({
      GATE: () => this.LA(2).tokenType === T.Exists,
      DEF: () => {
        this.CONSUME(T.If);
        this.CONSUME(T.Exists);
      },
    });
    this.CONSUME(T.Name);
  });

  /** ALTER SOURCE|TABLE name RESET WATERMARK */
  alterStmt = this.RULE('alterStmt', () => {
    this.CONSUME(T.Alter);
    this.OR([{ ALT: () => this.CONSUME(T.Source) }, { ALT: () => this.CONSUME(T.Table) }]);
    this.CONSUME(T.Name);
    this.CONSUME(T.Reset);
    this.CONSUME(T.Watermark);
  });

  /** SHOW SOURCES|TABLES|VIEWS|MATERIALIZED VIEWS */
  showStmt = this.RULE('showStmt', () => {
    this.CONSUME(T.Show);
    this.OR([
      { ALT: () => this.CONSUME(T.Sources) },
      { ALT: () => this.CONSUME(T.Tables) },
      { ALT: () => this.CONSUME(T.Views) },
      {
        ALT: () => {
          this.CONSUME(T.Materialized);
          this.CONSUME2(T.Views);
        },
      },
    ]);
  });

  describeStmt = this.RULE('describeStmt', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Describe) }, { ALT: () => this.CONSUME(T.Desc) }]);
    this.CONSUME(T.Name);
  });

  /** EXPLAIN [PLAN FOR] (SELECT ... | CREATE VIEW ...); cst-to-ast rejects EXPLAIN CREATE SOURCE. */
  explainStmt = this.RULE('explainStmt', () => {
    this.CONSUME(T.Explain);
    this.OPTION({
      GATE: () => this.LA(2).tokenType === T.For,
      DEF: () => {
        this.CONSUME(T.Plan);
        this.CONSUME(T.For);
      },
    });
    this.OR([{ ALT: () => this.SUBRULE(this.queryExpr) }, { ALT: () => this.SUBRULE(this.createStmt) }]);
  });

  /** INSERT INTO s [(cols)] VALUES (...), (...)  |  INSERT INTO t [(cols)] SELECT ... */
  insertStmt = this.RULE('insertStmt', () => {
    this.CONSUME(T.Insert);
    this.CONSUME(T.Into);
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.CONSUME2(T.Name, { LABEL: 'column' });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.CONSUME3(T.Name, { LABEL: 'column' });
      });
      this.CONSUME(T.RParen);
    });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Values);
          this.SUBRULE(this.valuesRow);
          this.MANY2(() => {
            this.CONSUME2(T.Comma);
            this.SUBRULE2(this.valuesRow);
          });
        },
      },
      // INSERT INTO t SELECT ...: a continuous job writing the query's rows into t (Flink's shape).
      { ALT: () => this.SUBRULE(this.selectStmt) },
    ]);
  });

  valuesRow = this.RULE('valuesRow', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expressionList);
    this.CONSUME(T.RParen);
  });

  // -------------------------------------------------------------------------------------------------
  // Queries

  /** [WITH cte, ...] SELECT [DISTINCT|ALL] items [FROM from_item] [WHERE] [GROUP BY] [HAVING] [EMIT FINAL|CHANGES] */
  override selectStmt = this.RULE('selectStmt', () => {
    this.option(10, () => {
      this.CONSUME(T.With);
      this.SUBRULE(this.cte);
      this.MANY3(() => {
        this.CONSUME2(T.Comma);
        this.SUBRULE2(this.cte);
      });
    });
    this.CONSUME(T.Select);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Distinct) }, { ALT: () => this.CONSUME(T.All) }]));
    this.SUBRULE(this.selectItem);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.selectItem);
    });
    // Without FROM (`SELECT 1`) the select list is computed once over one empty row (bind-values.ts).
    this.option(11, () => {
      this.CONSUME(T.From);
      this.SUBRULE(this.fromItem);
      this.MANY2(() => this.SUBRULE(this.joinClause));
    });
    this.OPTION2(() => {
      this.CONSUME(T.Where);
      this.SUBRULE(this.expression, { LABEL: 'where' });
    });
    this.OPTION3(() => {
      this.CONSUME(T.Group);
      this.CONSUME(T.By);
      this.SUBRULE(this.groupByItem);
      this.MANY4(() => {
        this.CONSUME3(T.Comma);
        this.SUBRULE2(this.groupByItem);
      });
    });
    this.OPTION4(() => {
      this.CONSUME(T.Having);
      this.SUBRULE2(this.expression, { LABEL: 'having' });
    });
    this.OPTION7(() => this.SUBRULE(this.windowClause));
    this.OPTION5(() => {
      this.CONSUME(T.Emit);
      this.OR2([{ ALT: () => this.CONSUME(T.Final) }, { ALT: () => this.CONSUME(T.Changes) }]);
    });
    // ORDER BY ... LIMIT n [OFFSET m [ROW | ROWS]]: a Top-N over the whole result (bind-topn.ts).
    this.OPTION8(() => {
      this.CONSUME(T.Order);
      this.CONSUME2(T.By);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.orderItem) });
    });
    this.OPTION9(() => {
      this.CONSUME(T.Limit);
      this.CONSUME(T.NumberLiteral, { LABEL: 'limit' });
      // OFFSET lexes as a name (it is also TUMBLE's named argument `OFFSET => ...`).
      this.option(12, {
        GATE: () => isWord(this.LA(1), 'OFFSET'),
        DEF: () => {
          this.CONSUME(T.Name, { LABEL: 'offsetWord' });
          this.CONSUME2(T.NumberLiteral, { LABEL: 'offset' });
          this.option(13, () => this.OR3([{ ALT: () => this.CONSUME(T.Row) }, { ALT: () => this.CONSUME(T.Rows) }]));
        },
      });
    });
    // SELECT ... {UNION | INTERSECT | EXCEPT} [ALL | DISTINCT] SELECT ...: right-recursive here, flattened
    // into one list by cst-to-ast (each branch after the first marked with its operator); bind-union folds
    // them left, INTERSECT first.
    this.OPTION6(() => this.SUBRULE(this.setOpTail));
  });

  /** {UNION | INTERSECT | EXCEPT} [ALL | DISTINCT] operand: the rest of a set operation. */
  setOpTail = this.RULE('setOpTail', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Union) }, { ALT: () => this.CONSUME(T.Intersect) }, { ALT: () => this.CONSUME(T.Except) }]);
    this.OPTION(() =>
      this.OR2([{ ALT: () => this.CONSUME(T.All, { LABEL: 'unionAllWord' }) }, { ALT: () => this.CONSUME(T.Distinct, { LABEL: 'unionDistinctWord' }) }]),
    );
    this.SUBRULE(this.queryExpr, { LABEL: 'unionAll' });
  });

  /**
   * A query that may be parenthesized: SELECT ..., or `( query ) [set operation tail]`, as an operand of a
   * set operation or a FROM subquery (`FROM ((a UNION ALL b) EXCEPT ALL c)`).
   */
  queryExpr = this.RULE('queryExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.queryExpr, { LABEL: 'inner' });
          this.CONSUME(T.RParen);
          this.OPTION(() => this.SUBRULE(this.setOpTail));
        },
      },
      { ALT: () => this.SUBRULE(this.selectStmt) },
    ]);
  });

  /** name [(col, ...)] AS (select): a common table expression of WITH. */
  /**
   * One GROUP BY element: an expression (ROLLUP(a, b) and CUBE(a, b) are calls, expanded by cst-to-ast), or
   * `GROUPING SETS (set, ...)` where a set is `()`, an expression or `(a, b)`. GROUPING and SETS are not
   * reserved: a GATE on the two words picks the grouping-sets form.
   */
  groupByItem = this.RULE('groupByItem', () => {
    this.OR([
      {
        GATE: () => isWord(this.LA(1), 'GROUPING') && isWord(this.LA(2), 'SETS'),
        ALT: () => {
          this.CONSUME(T.Name, { LABEL: 'groupingWord' });
          this.CONSUME2(T.Name, { LABEL: 'setsWord' });
          this.CONSUME(T.LParen);
          this.SUBRULE(this.groupingSet);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.groupingSet);
          });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.expression, { LABEL: 'groupExpr' }) },
    ]);
  });

  /** `()` (the empty set: one group of everything) or an expression; `(a, b)` is a row value. */
  groupingSet = this.RULE('groupingSet', () => {
    this.OR([
      {
        GATE: () => this.LA(1).tokenType === T.LParen && this.LA(2).tokenType === T.RParen,
        ALT: () => {
          this.CONSUME(T.LParen, { LABEL: 'empty' });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });

  cte = this.RULE('cte', () => {
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.CONSUME2(T.Name, { LABEL: 'column' });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.CONSUME3(T.Name, { LABEL: 'column' });
      });
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.As);
    this.CONSUME2(T.LParen);
    this.SUBRULE(this.selectStmt);
    this.CONSUME2(T.RParen);
  });

  selectItem = this.RULE('selectItem', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      {
        GATE: () => this.LA(2).tokenType === T.Dot && this.LA(3).tokenType === T.Star,
        ALT: () => {
          this.CONSUME(T.Name, { LABEL: 'qualifier' });
          this.CONSUME(T.Dot);
          this.CONSUME2(T.Star);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.expression);
          this.SUBRULE(this.alias);
        },
      },
    ]);
  });

  /** Empty, `AS name` or `name`. */
  alias = this.RULE('alias', () => {
    this.OPTION({
      GATE: () => !NOT_IMPLICIT_ALIAS.has(this.LA(1).tokenType) || this.LA(1).tokenType === T.As,
      DEF: () => {
        this.OPTION2(() => this.CONSUME(T.As));
        this.CONSUME(T.Name);
      },
    });
  });

  /**
   * name [alias] | (select) [alias] | (VALUES ...) [alias] | TABLE(fn(args)) [alias] | fn(args) [alias], then
   * optionally (col, ...) naming the columns
   * The last is RisingWave's short form TUMBLE(t, ts, size); any function name is accepted in either TVF
   * position, the binder says which exist.
   */
  fromItem = this.RULE('fromItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Table);
          this.CONSUME(T.LParen);
          this.CONSUME(T.Name, { LABEL: 'fn' });
          this.SUBRULE(this.tvfArgs);
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.LParen);
          this.OR2([{ ALT: () => this.SUBRULE(this.queryExpr) }, { ALT: () => this.SUBRULE(this.valuesList) }]);
          this.CONSUME2(T.RParen);
        },
      },
      {
        GATE: () => this.LA(2).tokenType === T.LParen,
        ALT: () => {
          this.CONSUME2(T.Name, { LABEL: 'shortFn' });
          this.SUBRULE2(this.tvfArgs);
        },
      },
      {
        ALT: () => {
          this.CONSUME3(T.Name, { LABEL: 'table' });
          // rates FOR SYSTEM_TIME AS OF o.ts: the version of the table valid at that time (temporal join).
          this.OPTION(() => {
            this.CONSUME(T.For);
            this.CONSUME(T.SystemTime);
            this.CONSUME(T.As);
            this.CONSUME(T.Of);
            this.SUBRULE(this.expression, { LABEL: 'asOf' });
          });
        },
      },
    ]);
    // UNNEST(a) WITH ORDINALITY: the element's position as one more column (ORDINALITY is no keyword).
    this.OPTION3({
      GATE: () => this.LA(1).tokenType === T.With && /^ORDINALITY$/i.test(this.LA(2).image),
      DEF: () => {
        this.CONSUME(T.With);
        this.CONSUME6(T.Name, { LABEL: 'ordinality' });
      },
    });
    this.SUBRULE(this.alias);
    // (VALUES ...) AS t (a, b): names for the columns (any relation may rename them this way).
    this.OPTION2(() => {
      this.CONSUME4(T.LParen);
      this.CONSUME4(T.Name, { LABEL: 'aliasColumn' });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.CONSUME5(T.Name, { LABEL: 'aliasColumn' });
      });
      this.CONSUME4(T.RParen);
    });
  });

  /** VALUES (e, ...), (e, ...): constant rows, as a table expression in FROM. */
  valuesList = this.RULE('valuesList', () => {
    this.CONSUME(T.Values);
    this.SUBRULE(this.valuesRow);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.valuesRow);
    });
  });

  /**
   * [INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER]] JOIN from_item {ON condition | USING (col, ...)},
   * NATURAL [INNER | LEFT ...] JOIN from_item, or `, from_item` (the comma join of Nexmark's q4: an inner
   * join whose condition is in WHERE).
   */
  joinClause = this.RULE('joinClause', () => {
    this.OR3([
      {
        ALT: () => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.fromItem, { LABEL: 'commaItem' });
        },
      },
      {
        // CROSS JOIN from_item: no condition (Flink's spelling for UNNEST: FROM t CROSS JOIN UNNEST(t.a) AS u (x)).
        ALT: () => {
          this.CONSUME(T.Cross);
          this.CONSUME3(T.Join);
          this.SUBRULE4(this.fromItem, { LABEL: 'crossItem' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Natural);
          this.SUBRULE(this.joinType);
          this.CONSUME(T.Join);
          this.SUBRULE3(this.fromItem, { LABEL: 'naturalItem' });
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.joinType);
          this.CONSUME2(T.Join);
          this.SUBRULE(this.fromItem);
          this.OR([
            {
              ALT: () => {
                this.CONSUME(T.On);
                this.SUBRULE(this.expression, { LABEL: 'on' });
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.Using);
                this.CONSUME(T.LParen);
                this.CONSUME(T.Name, { LABEL: 'usingColumn' });
                this.MANY(() => {
                  this.CONSUME2(T.Comma);
                  this.CONSUME2(T.Name, { LABEL: 'usingColumn' });
                });
                this.CONSUME(T.RParen);
              },
            },
          ]);
        },
      },
    ]);
  });

  /** [INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER]] before JOIN. */
  joinType = this.RULE('joinType', () => {
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Inner) },
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(T.Left) },
              { ALT: () => this.CONSUME(T.Right) },
              { ALT: () => this.CONSUME(T.Full) },
            ]);
            this.OPTION2(() => this.CONSUME(T.Outer));
          },
        },
      ]),
    );
  });

  tvfArgs = this.RULE('tvfArgs', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.tvfArg);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.tvfArg);
      });
    });
    this.CONSUME(T.RParen);
  });

  /** [NAME =>] (TABLE t | TABLE (select) | DESCRIPTOR(c, ...) | expr) */
  tvfArg = this.RULE('tvfArg', () => {
    this.OPTION({
      GATE: () => this.LA(2).tokenType === T.Arrow,
      DEF: () => {
        this.CONSUME(T.Name, { LABEL: 'argName' });
        this.CONSUME(T.Arrow);
      },
    });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Table);
          this.OR2([
            { ALT: () => this.CONSUME2(T.Name, { LABEL: 'table' }) },
            {
              ALT: () => {
                this.CONSUME(T.LParen);
                this.SUBRULE(this.selectStmt);
                this.CONSUME(T.RParen);
              },
            },
          ]);
          // SESSION(TABLE t PARTITION BY k, ...) or PARTITION BY (k1, k2): the table argument's partitioning
          // (several columns need the parentheses: a comma after one column starts the next argument).
          this.OPTION2(() => {
            this.CONSUME(T.Partition);
            this.CONSUME(T.By);
            this.OR3([
              { ALT: () => this.CONSUME5(T.Name, { LABEL: 'partitionCol' }) },
              {
                ALT: () => {
                  this.CONSUME3(T.LParen);
                  this.CONSUME6(T.Name, { LABEL: 'partitionCol' });
                  this.MANY3(() => {
                    this.CONSUME3(T.Comma);
                    this.CONSUME7(T.Name, { LABEL: 'partitionCol' });
                  });
                  this.CONSUME3(T.RParen);
                },
              },
            ]);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Descriptor);
          this.CONSUME2(T.LParen);
          this.CONSUME3(T.Name, { LABEL: 'column' });
          this.MANY2(() => {
            this.CONSUME(T.Comma);
            this.CONSUME4(T.Name, { LABEL: 'column' });
          });
          this.CONSUME2(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });
}

/** The one shared instance (see the header). Not re-entrant: parse.ts uses it for one statement at a time. */
export const parser = new SqlGrammar(expectedTokensProvider);
