/**
 * Expression and type rules of the grammar. Precedence, loosest first, one rule per level:
 *
 *   OR < AND < NOT < comparison, IS, [NOT] IN / BETWEEN / LIKE / SIMILAR TO < || < + - < * / % < unary - + < :: < primary
 *
 * Binary levels are left-associative loops whose operators are token categories (CompareOp, AdditiveOp...),
 * so the CST keeps operands and operators in source order for the visitor to fold.
 * Special call syntaxes (EXTRACT(f FROM x), SUBSTRING(s FROM a FOR b), TRIM(LEADING c FROM s), POSITION(a IN
 * b)) are parsed as variants of the one argument list, whatever the function name; cst-to-ast normalizes them
 * and rejects FROM/IN where the function does not take them.
 */
import { CstParser, type CstNode, type IParserErrorMessageProvider, type ParserMethod, type TokenType } from 'chevrotain';
import * as T from './tokens.js';

const WINDOW_SPEC_WORDS: ReadonlySet<TokenType> = new Set([T.Partition, T.Rows, T.Range]);
/** What may follow `IS [NOT] JSON` (functions-json.ts). */
const IS_JSON_KIND_WORDS: ReadonlySet<string> = new Set(['VALUE', 'SCALAR', 'ARRAY', 'OBJECT']);

export class ExpressionGrammar extends CstParser {
  constructor(errorMessageProvider: IParserErrorMessageProvider) {
    super(T.allTokens, { maxLookahead: 4, nodeLocationTracking: 'full', recoveryEnabled: false, errorMessageProvider });
  }

  /**
   * SELECT, defined by the statement grammar that extends this class: subqueries (`EXISTS (SELECT ...)`,
   * `x IN (SELECT ...)`) refer to it. Rules are only recorded in performSelfAnalysis, after the subclass
   * has defined it.
   */
  declare readonly selectStmt: ParserMethod<[], CstNode>;

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.orExpr);
  });

  orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.notExpr);
    });
  });

  notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.predicate) },
    ]);
  });

  predicate = this.RULE('predicate', () => {
    this.SUBRULE(this.concatExpr);
    // `a IN b` without a parenthesis is POSITION(a IN b)'s argument, not an IN predicate: leave it to callArgs.
    this.MANY({
      GATE: () => this.LA(1).tokenType !== T.In || this.LA(2).tokenType === T.LParen,
      DEF: () => this.SUBRULE(this.predicateSuffix),
    });
  });

  predicateSuffix = this.RULE('predicateSuffix', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.CompareOp);
          this.SUBRULE(this.concatExpr);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Is);
          this.OPTION(() => this.CONSUME(T.Not));
          this.OR2([
            { ALT: () => this.CONSUME(T.Null) },
            { ALT: () => this.CONSUME(T.True) },
            { ALT: () => this.CONSUME(T.False) },
            {
              // IS [NOT] JSON [VALUE | SCALAR | ARRAY | OBJECT]: JSON is non-reserved and the kinds are names, so
              // columns may be called so.
              ALT: () => {
                this.CONSUME(T.Json, { LABEL: 'isJson' });
                this.OPTION4({
                  GATE: () => IS_JSON_KIND_WORDS.has(this.LA(1).image.toUpperCase()),
                  DEF: () => this.CONSUME(T.Name, { LABEL: 'jsonKind' }),
                });
              },
            },
            {
              // IS [NOT] DISTINCT FROM: equality where NULL equals NULL (join keys that match NULLs).
              ALT: () => {
                this.CONSUME(T.Distinct);
                this.CONSUME(T.From);
                this.SUBRULE6(this.concatExpr, { LABEL: 'distinctFrom' });
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.CONSUME2(T.Not));
          this.OR3([
            {
              ALT: () => {
                this.CONSUME(T.In);
                this.CONSUME(T.LParen);
                this.OR4([
                  { GATE: () => this.LA(1).tokenType === T.Select, ALT: () => this.SUBRULE(this.selectStmt, { LABEL: 'inQuery' }) },
                  { ALT: () => this.SUBRULE(this.expressionList) },
                ]);
                this.CONSUME(T.RParen);
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.Between);
                this.SUBRULE2(this.concatExpr, { LABEL: 'low' });
                this.CONSUME(T.And);
                this.SUBRULE3(this.concatExpr, { LABEL: 'high' });
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.Like);
                this.SUBRULE4(this.concatExpr, { LABEL: 'pattern' });
                this.OPTION3(() => {
                  this.CONSUME(T.Escape);
                  this.SUBRULE5(this.concatExpr, { LABEL: 'escape' });
                });
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.Similar);
                this.CONSUME(T.To);
                this.SUBRULE8(this.concatExpr, { LABEL: 'pattern' });
                this.OPTION5(() => {
                  this.CONSUME2(T.Escape);
                  this.SUBRULE9(this.concatExpr, { LABEL: 'escape' });
                });
              },
            },
          ]);
        },
      },
    ]);
  });

  expressionList = this.RULE('expressionList', () => {
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression);
    });
  });

  concatExpr = this.RULE('concatExpr', () => {
    this.SUBRULE(this.additiveExpr);
    this.MANY(() => {
      this.CONSUME(T.Concat);
      this.SUBRULE2(this.additiveExpr);
    });
  });

  additiveExpr = this.RULE('additiveExpr', () => {
    this.SUBRULE(this.multiplicativeExpr);
    this.MANY(() => {
      this.CONSUME(T.AdditiveOp);
      this.SUBRULE2(this.multiplicativeExpr);
    });
  });

  multiplicativeExpr = this.RULE('multiplicativeExpr', () => {
    this.SUBRULE(this.unaryExpr);
    this.MANY(() => {
      this.CONSUME(T.MultiplicativeOp);
      this.SUBRULE2(this.unaryExpr);
    });
  });

  unaryExpr = this.RULE('unaryExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.AdditiveOp);
          this.SUBRULE(this.unaryExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.postfixExpr) },
    ]);
  });

  /**
   * primary [:: type | [index] | .field]* — PostgreSQL-style casts, subscripts (`arr[1]`, `m['k']`) and a
   * ROW's fields (`arr[1].f0`) bind tighter than any operator.
   */
  postfixExpr = this.RULE('postfixExpr', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.DoubleColon);
            this.SUBRULE(this.typeRef);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.SUBRULE(this.expression, { LABEL: 'subscript' });
            this.CONSUME(T.RBracket);
          },
        },
        {
          // A ROW's field of any other expression: arr[1].f0, (ROW(1, 'a')).EXPR$1
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME(T.Name, { LABEL: 'field' });
          },
        },
      ]);
    });
  });

  /** ARRAY[a, b, ...] and MAP[k1, v1, k2, v2, ...]: ARRAY and MAP stay names elsewhere. */
  collectionValue = this.RULE('collectionValue', () => {
    this.CONSUME(T.Name, { LABEL: 'kind' });
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression, { LABEL: 'items' });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression, { LABEL: 'items' });
      });
    });
    this.CONSUME(T.RBracket);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Null) },
      { ALT: () => this.SUBRULE(this.intervalLiteral) },
      {
        ALT: () => {
          this.CONSUME(T.Exists);
          this.CONSUME2(T.LParen);
          this.SUBRULE2(this.selectStmt, { LABEL: 'existsQuery' });
          this.CONSUME2(T.RParen);
        },
      },
      // TIMESTAMP, DATE and TIME are also column names: a literal only when a string follows.
      { GATE: () => this.LA(2).tokenType === T.StringLiteral, ALT: () => this.SUBRULE(this.timestampLiteral) },
      { ALT: () => this.SUBRULE(this.caseExpr) },
      { ALT: () => this.SUBRULE(this.castExpr) },
      {
        GATE: () => this.LA(2).tokenType === T.LBracket && /^(ARRAY|MAP)$/i.test(this.LA(1).image),
        ALT: () => this.SUBRULE(this.collectionValue),
      },
      {
        // (expr), a row value (a, b) (the left side of IN (SELECT x, y ...)), or a scalar subquery (SELECT ...)
        ALT: () => {
          this.CONSUME(T.LParen);
          this.OR2({
            MAX_LOOKAHEAD: 1,
            DEF: [
              { ALT: () => this.SUBRULE3(this.selectStmt, { LABEL: 'scalarQuery' }) },
              {
                ALT: () => {
                  this.SUBRULE(this.expression);
                  this.MANY(() => {
                    this.CONSUME(T.Comma);
                    this.SUBRULE2(this.expression, { LABEL: 'rowItem' });
                  });
                },
              },
            ],
          });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.nameExpr) },
    ]);
  });

  /** INTERVAL '10' SECOND, INTERVAL '2 hours', INTERVAL '1:30' MINUTE TO SECOND */
  intervalLiteral = this.RULE('intervalLiteral', () => {
    this.CONSUME(T.Interval);
    this.CONSUME(T.StringLiteral);
    this.OPTION(() => {
      this.CONSUME(T.IntervalUnit, { LABEL: 'unit' });
      this.OPTION2(() => {
        this.CONSUME(T.To);
        this.CONSUME2(T.IntervalUnit, { LABEL: 'toUnit' });
      });
    });
  });

  /** TIMESTAMP '2024-01-02 12:34:56', DATE '2024-01-02', TIME '12:34:56' */
  timestampLiteral = this.RULE('timestampLiteral', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Timestamp, { LABEL: 'kind' }) },
      { ALT: () => this.CONSUME(T.Date, { LABEL: 'kind' }) },
      { ALT: () => this.CONSUME(T.Time, { LABEL: 'kind' }) },
    ]);
    this.CONSUME(T.StringLiteral);
  });

  caseExpr = this.RULE('caseExpr', () => {
    this.CONSUME(T.Case);
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: 'operand' }));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.whenClause));
    this.OPTION2(() => {
      this.CONSUME(T.Else);
      this.SUBRULE2(this.expression, { LABEL: 'else' });
    });
    this.CONSUME(T.End);
  });

  whenClause = this.RULE('whenClause', () => {
    this.CONSUME(T.When);
    this.SUBRULE(this.expression, { LABEL: 'when' });
    this.CONSUME(T.Then);
    this.SUBRULE2(this.expression, { LABEL: 'then' });
  });

  castExpr = this.RULE('castExpr', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Cast) }, { ALT: () => this.CONSUME(T.TryCast) }]);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.As);
    this.SUBRULE(this.typeRef);
    this.CONSUME(T.RParen);
  });

  /** `col`, `t.col`, `col.field`, `t.col.field.field`, `fn(args) [FILTER (WHERE cond)]`. */
  nameExpr = this.RULE('nameExpr', () => {
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.OR([
        {
          // t.col, and then a ROW's fields: col.field, t.col.field.inner (bind-expr.ts sorts them out).
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME2(T.Name, { LABEL: 'column' });
            this.MANY(() => {
              this.CONSUME2(T.Dot);
              this.CONSUME3(T.Name, { LABEL: 'field' });
            });
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.callArgs);
            this.OPTION2(() => {
              this.CONSUME(T.Filter);
              this.CONSUME(T.LParen);
              this.CONSUME(T.Where);
              this.SUBRULE(this.expression, { LABEL: 'filter' });
              this.CONSUME(T.RParen);
            });
            this.OPTION3(() => this.SUBRULE(this.overClause));
          },
        },
      ]);
    });
  });

  /** OVER (window spec) | OVER name — an OVER aggregation or ROW_NUMBER() (bind-over.ts, bind-topn.ts). */
  overClause = this.RULE('overClause', () => {
    this.CONSUME(T.Over);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.windowSpec);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.CONSUME(T.Name, { LABEL: 'windowName' }) },
    ]);
  });

  /** WINDOW w AS (spec) [, w2 AS (spec)]* — named windows of a SELECT. */
  windowClause = this.RULE('windowClause', () => {
    this.CONSUME(T.Window);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.CONSUME(T.Name, { LABEL: 'windowName' });
        this.CONSUME(T.As);
        this.CONSUME(T.LParen);
        this.SUBRULE(this.windowSpec);
        this.CONSUME(T.RParen);
      },
    });
  });

  /** [base window] [PARTITION BY e, ...] [ORDER BY item, ...] [ROWS|RANGE (BETWEEN bound AND bound | bound)] */
  windowSpec = this.RULE('windowSpec', () => {
    // PARTITION, ROWS and RANGE are names too: here they start their clause.
    this.OPTION({
      GATE: () => !WINDOW_SPEC_WORDS.has(this.LA(1).tokenType),
      DEF: () => this.CONSUME(T.Name, { LABEL: 'base' }),
    });
    this.OPTION2(() => {
      this.CONSUME(T.Partition);
      this.CONSUME(T.By);
      this.SUBRULE(this.expressionList, { LABEL: 'partitionBy' });
    });
    this.OPTION3(() => {
      this.CONSUME(T.Order);
      this.CONSUME2(T.By);
      // A comma loop rather than AT_LEAST_ONE_SEP: the separator form makes Chevrotain enumerate every
      // four-token prefix of an expression when it builds this decision (seconds at every start).
      this.SUBRULE(this.orderItem);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.orderItem);
      });
    });
    this.OPTION4(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Rows, { LABEL: 'unit' }) }, { ALT: () => this.CONSUME(T.Range, { LABEL: 'unit' }) }]);
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(T.Between);
            this.SUBRULE(this.frameBound, { LABEL: 'frameStart' });
            this.CONSUME(T.And);
            this.SUBRULE2(this.frameBound, { LABEL: 'frameEnd' });
          },
        },
        { ALT: () => this.SUBRULE3(this.frameBound, { LABEL: 'frameStart' }) },
      ]);
    });
  });

  /** e [ASC|DESC] [NULLS FIRST|LAST] */
  orderItem = this.RULE('orderItem', () => {
    this.SUBRULE(this.expression);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Asc, { LABEL: 'direction' }) }, { ALT: () => this.CONSUME(T.Desc, { LABEL: 'direction' }) }]));
    this.OPTION2(() => {
      this.CONSUME(T.Nulls);
      this.OR2([{ ALT: () => this.CONSUME(T.First, { LABEL: 'nulls' }) }, { ALT: () => this.CONSUME(T.Last, { LABEL: 'nulls' }) }]);
    });
  });

  /** CURRENT ROW | e PRECEDING | e FOLLOWING, where e may be the word UNBOUNDED (read by cst-to-ast). */
  frameBound = this.RULE('frameBound', () => {
    this.OR([
      {
        GATE: () => this.LA(2).tokenType === T.Row,
        ALT: () => {
          this.CONSUME(T.Current);
          this.CONSUME(T.Row);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.expression);
          this.OR2([{ ALT: () => this.CONSUME(T.Preceding, { LABEL: 'side' }) }, { ALT: () => this.CONSUME(T.Following, { LABEL: 'side' }) }]);
        },
      },
    ]);
  });

  /**
   * ( ) | ( * ) | ( [DISTINCT|ALL] e [, e]* ) | ( e FROM e [FOR e] ) | ( e IN e ) | ( e TO unit )
   * | ( e PLACING e FROM e [FOR e] )
   * | ( BOTH|LEADING|TRAILING [e] FROM e )
   */
  callArgs = this.RULE('callArgs', () => {
    this.CONSUME(T.LParen);
    this.OPTION({
      MAX_LOOKAHEAD: 2,
      DEF: () => this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(T.Both, { LABEL: 'trimSpec' }) },
              { ALT: () => this.CONSUME(T.Leading, { LABEL: 'trimSpec' }) },
              { ALT: () => this.CONSUME(T.Trailing, { LABEL: 'trimSpec' }) },
            ]);
            this.OPTION2(() => this.SUBRULE(this.expression, { LABEL: 'trimChars' }));
            this.CONSUME(T.From, { LABEL: 'trimFrom' });
            this.SUBRULE2(this.expression, { LABEL: 'trimSource' });
          },
        },
        {
          ALT: () => {
            this.OPTION3(() => this.OR3([{ ALT: () => this.CONSUME(T.Distinct) }, { ALT: () => this.CONSUME(T.All) }]));
            this.SUBRULE3(this.expression, { LABEL: 'args' });
            this.OPTION4({
              MAX_LOOKAHEAD: 1,
              DEF: () => this.OR4([
                {
                  ALT: () => {
                    this.CONSUME2(T.From);
                    this.SUBRULE4(this.expression, { LABEL: 'fromArg' });
                    this.OPTION5(() => {
                      this.CONSUME(T.For);
                      this.SUBRULE5(this.expression, { LABEL: 'forArg' });
                    });
                  },
                },
                {
                  ALT: () => {
                    this.CONSUME(T.In);
                    this.SUBRULE6(this.expression, { LABEL: 'inArg' });
                  },
                },
                {
                  // OVERLAY(s PLACING r FROM pos [FOR len])
                  ALT: () => {
                    this.CONSUME(T.Placing);
                    this.SUBRULE8(this.expression, { LABEL: 'placingArg' });
                    this.CONSUME3(T.From);
                    this.SUBRULE9(this.expression, { LABEL: 'fromArg' });
                    this.OPTION6(() => {
                      this.CONSUME2(T.For);
                      this.subrule(10, this.expression, { LABEL: 'forArg' });
                    });
                  },
                },
                {
                  // FLOOR(ts TO HOUR) / CEIL(ts TO DAY): cst-to-ast checks the function and the unit.
                  ALT: () => {
                    this.CONSUME(T.To);
                    this.CONSUME(T.Name, { LABEL: 'toUnit' });
                  },
                },
                {
                  ALT: () => {
                    this.AT_LEAST_ONE({
                      MAX_LOOKAHEAD: 1,
                      DEF: () => {
                        this.CONSUME(T.Comma);
                        this.SUBRULE7(this.expression, { LABEL: 'args' });
                      },
                    });
                  },
                },
              ]),
            });
          },
        },
      ]),
    });
    // JSON_VALUE(j, p RETURNING INT DEFAULT 0 ON EMPTY ERROR ON ERROR), JSON_QUERY(j, p WITH ARRAY WRAPPER):
    // RETURNING and the behaviors' words are no keywords (cst-to-ast checks which function takes which).
    // One token of lookahead (and the gates): deeper lookahead through expressions costs the grammar's
    // construction exponential time.
    this.option(20, {
      MAX_LOOKAHEAD: 1,
      GATE: () => /^RETURNING$/i.test(this.LA(1).image),
      DEF: () => {
        this.consume(20, T.Name, { LABEL: 'returningWord' });
        this.subrule(20, this.typeRef, { LABEL: 'returning' });
      },
    });
    this.option(21, {
      MAX_LOOKAHEAD: 1,
      GATE: () => this.LA(1).tokenType === T.With || this.LA(1).tokenType === T.Without,
      DEF: () => this.subrule(21, this.jsonWrapper),
    });
    this.many(20, {
      MAX_LOOKAHEAD: 1,
      GATE: () => this.LA(2).tokenType === T.On || /^(DEFAULT|EMPTY)$/i.test(this.LA(1).image),
      DEF: () => this.subrule(22, this.jsonBehavior, { LABEL: 'jsonClauses' }),
    });
    // ARRAY_AGG(x IGNORE NULLS | RESPECT NULLS): IGNORE and RESPECT are no keywords.
    this.OPTION9({
      MAX_LOOKAHEAD: 2,
      GATE: () => this.LA(2).tokenType === T.Nulls && /^(IGNORE|RESPECT)$/i.test(this.LA(1).image),
      DEF: () => {
        this.CONSUME7(T.Name, { LABEL: 'nullTreatment' });
        this.CONSUME(T.Nulls);
      },
    });
    this.CONSUME(T.RParen);
  });

  /**
   * The wrapper of JSON_QUERY after its path: `WITH [CONDITIONAL | UNCONDITIONAL] [ARRAY] WRAPPER` or
   * `WITHOUT [ARRAY] WRAPPER` (the words are checked by cst-to-ast).
   */
  jsonWrapper = this.RULE('jsonWrapper', () => {
    this.OR([{ ALT: () => this.CONSUME(T.With, { LABEL: 'wrap' }) }, { ALT: () => this.CONSUME(T.Without, { LABEL: 'wrap' }) }]);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => /^(CONDITIONAL|UNCONDITIONAL|ARRAY)$/i.test(this.LA(1).image),
      DEF: () => this.CONSUME(T.Name, { LABEL: 'wrapWords' }),
    });
    this.CONSUME2(T.Name, { LABEL: 'wrapper' });
  });

  /**
   * `behavior ON EMPTY | ERROR` of a JSON function, the behavior NULL, TRUE, FALSE, a word (ERROR, UNKNOWN,
   * EMPTY ARRAY, EMPTY OBJECT) or DEFAULT expr (the word after EMPTY and DEFAULT's expression are both read
   * as an expression; cst-to-ast tells them apart).
   */
  jsonBehavior = this.RULE('jsonBehavior', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Null, { LABEL: 'behavior' }) },
      { ALT: () => this.CONSUME(T.True, { LABEL: 'behavior' }) },
      { ALT: () => this.CONSUME(T.False, { LABEL: 'behavior' }) },
      {
        ALT: () => {
          this.CONSUME(T.Name, { LABEL: 'behavior' });
          this.OPTION({ MAX_LOOKAHEAD: 1, GATE: () => this.LA(1).tokenType !== T.On, DEF: () => this.SUBRULE(this.expression, { LABEL: 'behaviorArg' }) });
        },
      },
    ]);
    this.CONSUME(T.On);
    this.CONSUME2(T.Name, { LABEL: 'target' });
  });

  /**
   * A type: a name (checked by cst-to-ast, so type names stay usable as column names) with optional
   * (precision [, scale]), DOUBLE PRECISION, and TIMESTAMP ... WITHOUT TIME ZONE / WITH [LOCAL] TIME ZONE.
   */
  typeRef = this.RULE('typeRef', () => {
    const name = this.CONSUME(T.Name);
    // ARRAY<T>, MAP<K, V>: only after those names, so `x::INT < 5` stays a comparison.
    this.OPTION6({
      GATE: () => /^(ARRAY|MAP|MULTISET)$/i.test(name.image),
      DEF: () => {
        this.CONSUME(T.Less);
        this.SUBRULE(this.typeParam);
        this.MANY(() => {
          this.CONSUME2(T.Comma);
          this.SUBRULE2(this.typeParam);
        });
        this.CONSUME(T.Greater);
      },
    });
    // ROW<a INT, b STRING> and ROW(a INT, b STRING), as Flink writes them.
    this.OPTION7({
      GATE: () => /^ROW$/i.test(name.image) && this.LA(1).tokenType === T.Less,
      DEF: () => {
        this.CONSUME2(T.Less);
        this.SUBRULE(this.rowField);
        this.MANY2(() => {
          this.CONSUME3(T.Comma);
          this.SUBRULE2(this.rowField);
        });
        this.CONSUME2(T.Greater);
      },
    });
    this.OPTION8({
      GATE: () => /^ROW$/i.test(name.image) && this.LA(1).tokenType === T.LParen,
      DEF: () => {
        this.CONSUME2(T.LParen);
        this.SUBRULE3(this.rowField);
        this.MANY3(() => {
          this.CONSUME4(T.Comma);
          this.SUBRULE4(this.rowField);
        });
        this.CONSUME2(T.RParen);
      },
    });
    this.OPTION(() => this.CONSUME(T.Precision));
    this.OPTION2(() => {
      this.CONSUME(T.LParen);
      this.CONSUME(T.NumberLiteral, { LABEL: 'precision' });
      this.OPTION3(() => {
        this.CONSUME(T.Comma);
        this.CONSUME2(T.NumberLiteral, { LABEL: 'scale' });
      });
      this.CONSUME(T.RParen);
    });
    this.OPTION4(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Without, { LABEL: 'zone' }) },
        {
          ALT: () => {
            this.CONSUME(T.With, { LABEL: 'zone' });
            this.OPTION5(() => this.CONSUME(T.Local));
          },
        },
      ]);
      this.CONSUME(T.Time);
      this.CONSUME(T.Zone);
    });
  });

  /** A field of ROW<...> / ROW(...): `name type [NOT NULL] ['description']`. */
  rowField = this.RULE('rowField', () => {
    this.CONSUME(T.Name, { LABEL: 'fieldName' });
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.CONSUME(T.Not);
      this.CONSUME(T.Null);
    });
    this.OPTION2(() => this.CONSUME(T.StringLiteral, { LABEL: 'description' }));
  });

  /** A type inside ARRAY<...> / MAP<...>: `INT`, `VARCHAR NOT NULL`. */
  typeParam = this.RULE('typeParam', () => {
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.CONSUME(T.Not);
      this.CONSUME(T.Null);
    });
  });
}
