/**
 * The aggregate functions by name: those a query can call (bind-select.ts binds them) and those known
 * from Flink but not built, which bind as aggregates only to say so (a call of one outside GROUP BY, or of
 * an unknown name close to one, gets an aggregate's message, not an unknown function's).
 */
import type { AggFn } from './logical-plan.js';

export const AGG_FNS: readonly AggFn[] = [
  'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'LISTAGG', 'FIRST_VALUE', 'LAST_VALUE',
  'STDDEV_POP', 'STDDEV_SAMP', 'VAR_POP', 'VAR_SAMP', 'BOOL_AND', 'BOOL_OR', 'ARRAY_AGG',
];

/** Calcite's (and Flink's) aliases: STDDEV is STDDEV_SAMP, VARIANCE is VAR_SAMP. */
export const AGG_ALIASES: Readonly<Record<string, AggFn>> = { STDDEV: 'STDDEV_SAMP', VARIANCE: 'VAR_SAMP' };

/** Every aggregate a query can call (completion and messages). */
export const AGG_NAMES: readonly string[] = [...AGG_FNS, ...Object.keys(AGG_ALIASES)];

/** Flink's aggregates not built here. */
const NOT_BUILT = ['COLLECT', 'STRING_AGG', 'APPROX_COUNT_DISTINCT'];

/** Every name that binds as an aggregate call. */
export const AGGREGATE_NAMES: ReadonlySet<string> = new Set([...AGG_NAMES, ...NOT_BUILT]);
