/**
 * Every name a query can call, for the REPL's completion: the scalar function registry (functions.ts),
 * the aggregates (bind-select.ts), the window table functions and their auxiliaries, LAG and the
 * grouping functions. Derived from the lists the binder itself reads, so a function added to the
 * registry is offered without a second list to keep (test/repl/sql-text.test.ts checks it).
 */
import { AGG_NAMES } from './aggregate-names.js';
import { functionNames } from './functions.js';

/** Called with a syntax of their own (keywords in the grammar), offered too. */
const SYNTAX_CALLS = ['CAST', 'TRY_CAST'];

/** Table functions, window auxiliaries, OVER-only and grouping functions the binder knows by name. */
const OTHER_CALLS = [
  'TUMBLE', 'HOP', 'CUMULATE', 'SESSION', 'DESCRIPTOR',
  'TUMBLE_START', 'TUMBLE_END', 'TUMBLE_ROWTIME', 'HOP_START', 'HOP_END', 'HOP_ROWTIME',
  'SESSION_START', 'SESSION_END', 'SESSION_ROWTIME',
  'ROW_NUMBER', 'RANK', 'DENSE_RANK', 'LAG', 'GROUPING', 'GROUPING_ID',
];

/** Sorted, upper-case, each once. */
export function callableNames(): string[] {
  return [...new Set([...functionNames(), ...AGG_NAMES, ...SYNTAX_CALLS, ...OTHER_CALLS])].sort();
}
