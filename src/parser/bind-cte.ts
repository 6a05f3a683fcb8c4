/**
 * WITH (common table expressions): `WITH a AS (SELECT ...), b (x, y) AS (SELECT ... FROM a) SELECT ...`.
 *
 * A CTE is a named subquery, as in Flink: each reference is planned as that subquery (a CTE read twice
 * is computed twice, as two branches of the plan), so it adds no operator and no state of its own.
 * Each CTE sees the CTEs before it and every source and view; a CTE's name hides a source or view of the
 * same name inside the query (SQL scoping). Not recursive: a CTE that names itself reads the relation of
 * that name outside the WITH, as in SQL without RECURSIVE.
 *
 * Every CTE is bound once where it is declared, so a mistake in one that is never read is still reported
 * at its place; references bind it again (plans are trees: one node per place it is read).
 */
import type { Cte, Ident, Select } from './ast.js';
import type { BoundSelect } from './bind-select.js';
import type { CatalogReader } from './catalog.js';
import { fail } from './diagnostics.js';
import type { Column, LogicalPlan } from './logical-plan.js';

export type CteBinder = (select: Select, catalog: CatalogReader) => BoundSelect;

/** The catalog a query with WITH binds against: its CTEs first, then the outer catalog. */
export function withCtes(ctes: readonly Cte[], outer: CatalogReader, bind: CteBinder): CatalogReader {
  let catalog = outer;
  for (const cte of ctes) {
    if (ctes.some((c) => c !== cte && c.name.name === cte.name.name && c.pos.offset < cte.pos.offset)) {
      fail('DUPLICATE_NAME', `WITH declares '${cte.name.name}' twice`, cte.name.pos);
    }
    const visible = catalog;
    const planOf = (): BoundSelect => renamed(cte, bind(cte.query, visible));
    planOf(); // checks it now, at its place
    catalog = overlay(visible, cte.name.name, planOf);
  }
  return catalog;
}

/** `outer` with one more relation, `name`, whose plan `planOf` gives (a CTE; the outer values of a subquery). */
export function overlay(outer: CatalogReader, name: string, planOf: () => BoundSelect): CatalogReader {
  return {
    source: (n) => (n === name ? undefined : outer.source(n)),
    view: (n) => (n === name ? undefined : outer.view(n)),
    cte: (n) => (n === name ? planOf() : outer.cte?.(n)),
    relationNames: () => [name, ...outer.relationNames().filter((n) => n !== name)],
    ...(outer.checkSource ? { checkSource: outer.checkSource.bind(outer) } : {}),
    ...(outer.checkSink ? { checkSink: outer.checkSink.bind(outer) } : {}),
  };
}

/** `name (a, b) AS (...)`: the query's columns under the listed names, one name per column. */
function renamed(cte: Cte, bound: BoundSelect): BoundSelect {
  const names = cte.columns;
  if (names === undefined) return bound;
  if (names.length !== bound.schema.length) {
    fail(
      'TYPE_MISMATCH',
      `WITH ${cte.name.name} names ${names.length} columns but its query gives ${bound.schema.length} (${bound.schema.map((c) => c.name).join(', ')})`,
      (names[0] as Ident).pos,
    );
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n.name)) fail('DUPLICATE_NAME', `column '${n.name}' is named twice in WITH ${cte.name.name}`, n.pos);
    seen.add(n.name);
  }
  const schema: Column[] = bound.schema.map((c, i) => ({ ...c, name: names[i]!.name }));
  const plan: LogicalPlan = {
    kind: 'project',
    inputs: [bound.plan],
    exprs: bound.schema.map((c, i) => ({ kind: 'input', index: i, name: c.name, type: c.type })),
    schema,
  };
  return { plan, schema };
}
