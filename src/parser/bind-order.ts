/**
 * ORDER BY without LIMIT on a continuous query. A stream has no final order, but Flink accepts — and
 * users port — `ORDER BY <time attribute> ASC`: results already leave in event-time order where that order
 * exists (windows fire in window order), so that ORDER BY is accepted and changes nothing. Any other
 * ORDER BY without LIMIT would have to wait for the end of an unbounded stream: a located error that
 * says what is accepted. (ORDER BY ... LIMIT n is a Top-N: bind-topn.ts.)
 */
import type { OrderItem, Select } from './ast.js';
import { resolveColumn, scopeOf } from './bind-from.js';
import { fail } from './diagnostics.js';
import type { Column } from './logical-plan.js';

/** Checks ORDER BY of a query without LIMIT: only the time attribute, ascending, is accepted (a no-op). */
export function checkStreamingOrderBy(sel: Select, schema: readonly Column[]): void {
  const order: readonly OrderItem[] = sel.orderBy ?? [];
  const first = order[0];
  if (first === undefined) return;
  const times = schema.filter((c) => c.rowtime).map((c) => c.name);
  const expected = times.length > 0 ? `ORDER BY ${times[0]} (its time attribute, ascending)` : 'no ORDER BY (its result has no time attribute)';
  const refuse = (what: string, at: OrderItem): never =>
    fail('UNSUPPORTED', `${what}: a continuous query emits rows as they are computed, so it accepts only ${expected}; add LIMIT n for a Top-N`, at.pos);
  const expr = first.expr;
  if (expr.kind !== 'column') return refuse('ORDER BY an expression is not supported without LIMIT', first);
  // An ordering key that is not an output column cannot be the result's time attribute either.
  const named = schema.some((c) => c.name === expr.name.name || (!expr.name.quoted && c.name.toLowerCase() === expr.name.name));
  if (!named) refuse(`ORDER BY ${expr.name.name} is not supported without LIMIT`, first);
  const col = resolveColumn(scopeOf(schema, ''), expr);
  if (!col.column.rowtime) refuse(`ORDER BY ${col.name} is not supported without LIMIT`, first);
  if (first.desc) refuse(`ORDER BY ${col.name} DESC is not supported without LIMIT`, first);
  if (order.length > 1) refuse('further ORDER BY keys after the time attribute are not supported without LIMIT', order[1]!);
}
