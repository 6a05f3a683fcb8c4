/**
 * OVER window definitions: `OVER (spec)`, `OVER w` and `OVER (w ORDER BY ...)` resolved against the
 * SELECT's WINDOW clause into one definition (a window extending another may add what the other lacks,
 * as in the SQL standard); shared by OVER aggregation (bind-over.ts) and ROW_NUMBER (bind-topn.ts).
 */
import type { CallExpr, Expr, Ident, Select, WindowDef } from './ast.js';
import { fail } from './diagnostics.js';
import { someExpr } from './expr-walk.js';

export function resolveWindowDef(call: CallExpr, sel: Select): WindowDef {
  const over = call.over;
  if (over === undefined) throw new Error('invariant: resolveWindowDef on a call without OVER');
  if (over.kind === 'ref') return named(over.name.name, over.name.pos, sel, 0);
  return extend(over.spec, sel, 0);
}

function named(name: string, at: WindowDef['pos'], sel: Select, depth: number): WindowDef {
  const w = sel.windows?.find((x) => x.name.name === name);
  if (w === undefined) {
    const known = (sel.windows ?? []).map((x) => x.name.name);
    fail('INVALID_WINDOW', `no window named '${name}' in this SELECT` + (known.length ? `; defined: ${known.join(', ')}` : '; define it with WINDOW name AS (...)'), at);
  }
  return extend(w.def, sel, depth + 1);
}

function extend(def: WindowDef, sel: Select, depth: number): WindowDef {
  if (def.base === undefined) return def;
  if (depth > 16) fail('INVALID_WINDOW', `window '${def.base.name}' refers to itself`, def.base.pos);
  const base = named(def.base.name, def.base.pos, sel, depth);
  if (def.partitionBy.length > 0) fail('INVALID_WINDOW', `a window based on '${def.base.name}' cannot add PARTITION BY; put it in '${def.base.name}'`, def.partitionBy[0]!.pos);
  if (def.orderBy.length > 0 && base.orderBy.length > 0) fail('INVALID_WINDOW', `window '${def.base.name}' already has ORDER BY`, def.orderBy[0]!.pos);
  if (def.frame && base.frame) fail('INVALID_WINDOW', `window '${def.base.name}' already has a frame`, def.frame.pos);
  const frame = def.frame ?? base.frame;
  return { partitionBy: base.partitionBy, orderBy: def.orderBy.length > 0 ? def.orderBy : base.orderBy, ...(frame ? { frame } : {}), pos: def.pos };
}

/** True when the expression holds a call with OVER. */
export function hasOver(e: Expr): boolean {
  return someExpr(e, (x) => x.kind === 'call' && x.over !== undefined);
}

/**
 * True when a column reference names the column `name` as resolveColumn matches it: exactly, or, unquoted
 * (the parser lower-cases it), in any case — `rowNum` refers to a select item aliased `AS rowNum`, whose
 * name keeps its case.
 */
export function refersTo(ref: Ident, name: string): boolean {
  return ref.name === name || (!ref.quoted && ref.name === name.toLowerCase());
}

/** True when the expression reads a column called `name` (any qualifier). */
export function mentions(e: Expr, name: string): boolean {
  return someExpr(e, (x) => (x.kind === 'column' ? refersTo(x.name, name) : x.kind === 'call' && x.filter !== undefined && mentions(x.filter, name)));
}
