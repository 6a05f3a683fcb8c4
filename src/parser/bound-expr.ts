/**
 * Bound (resolved, typed) scalar expressions: the binder's output and the expression compiler's input.
 * Column references are positions in the operator's input row (rows are arrays), so a compiled
 * expression reads `row[i]` and never looks a name up at run time.
 */
import type { Pos } from './ast.js';
import type { SqlType } from './types.js';

export type BoundExpr =
  | { readonly kind: 'const'; readonly value: unknown; readonly type: SqlType }
  | { readonly kind: 'input'; readonly index: number; readonly name: string; readonly type: SqlType }
  /**
   * Scalar function or operator. `fn` is the registry name (upper-case): operators use their symbol
   * ('+', '=', '<>', 'AND', 'OR', 'NOT', '||', 'NEG'), predicates their keyword ('IS_NULL',
   * 'IS_NOT_NULL', 'IS_TRUE', 'LIKE', 'BETWEEN', 'IN', ...), functions their name ('UPPER', 'EXTRACT').
   */
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly BoundExpr[]; readonly type: SqlType }
  | {
      readonly kind: 'case';
      readonly whens: readonly { readonly when: BoundExpr; readonly then: BoundExpr }[];
      readonly else: BoundExpr | null;
      readonly type: SqlType;
    }
  | { readonly kind: 'cast'; readonly operand: BoundExpr; readonly try: boolean; readonly type: SqlType };

export type BoundExprOf<K extends BoundExpr['kind']> = Extract<BoundExpr, { kind: K }>;

/** Gives the binder's column resolution and aggregate handling to the expression binder. */
export interface ExprScope {
  /** Resolves a column reference or throws a DiagnosticError (UNKNOWN_COLUMN listing what is available). */
  column(ref: import('./ast.js').ColumnExpr): BoundExpr;
  /**
   * Called for aggregate calls (COUNT, SUM, AVG, MIN, MAX, ...) and window auxiliary functions
   * (TUMBLE_START, HOP_END, ...). Returns the expression that reads the aggregate's result, or throws a
   * DiagnosticError when aggregates are not allowed here (e.g. in WHERE). Absent = not allowed.
   */
  special?(call: import('./ast.js').CallExpr): BoundExpr | undefined;
  /** Where the expression is, for messages: 'WHERE', 'SELECT', 'GROUP BY', 'HAVING', 'WATERMARK'. */
  readonly clause: string;
}

export type { Pos };
