/**
 * ROW values: the constructor and field access, as Flink's (their run-time half is src/functions/rows.ts).
 *
 *   ROW(a, b, ...), (a, b, ...)  → ROW<EXPR$0 A, EXPR$1 B, ...> NOT NULL         (call ROW)
 *   r.field, t.r.field, x.f.g    → the field's value; NULL when the row is NULL  (call DOT, its second
 *                                  argument the field's name as a string literal)
 *
 * `a.b` is read as column b of table a when the FROM has a relation a (bind-expr.ts), else as field b of
 * the ROW column a: Calcite's order, a table alias first.
 */
import { closest } from './catalog.js';
import { fail } from './diagnostics.js';
import { checkArity, isNull, show, type BoundCall, type FnDef, type StrictCode } from './functions-core.js';
import { fieldIndex, fieldsOf, T, withNullable } from './types.js';

const rowValue: FnDef = {
  name: 'ROW',
  check(args, site) {
    if (args.length === 0) fail('TYPE_MISMATCH', 'ROW() needs at least one field', site.pos);
    return { args, type: T.row(args.map((a, i) => ({ name: `EXPR$${i}`, type: isNull(a.type) ? T.null() : a.type })), false) };
  },
  impl: { nullSafe: () => (a) => `[${a.join(', ')}]` },
};

/** The position of the field a DOT call reads (its name checked by `dot.check`). */
export function dotIndex(call: BoundCall): number {
  const name = call.args[1];
  if (name?.kind !== 'const' || typeof name.value !== 'string') throw new Error('invariant: DOT without a field name');
  return fieldIndex(fieldsOf(call.args[0]!.type), name.value);
}

const dot: FnDef = {
  name: 'DOT',
  check(args, site) {
    checkArity(args, 2, 2, site);
    const r = args[0]!;
    const f = args[1]!;
    if (f.kind !== 'const' || typeof f.value !== 'string') fail('TYPE_MISMATCH', 'a field is named by an identifier: row.field', site.argPos[1] ?? site.pos);
    const name = f.value;
    if (r.type.name !== 'ROW') {
      fail('TYPE_MISMATCH', `cannot read field '${name}' of ${show(r.type)}: .field applies to ROW values`, site.argPos[1] ?? site.pos);
    }
    const fields = fieldsOf(r.type);
    const i = fieldIndex(fields, name);
    if (i < 0) {
      const names = fields.map((x) => x.name);
      const hint = closest(name, names);
      fail('UNKNOWN_COLUMN', `field '${name}' not found in ${show(r.type)}; its fields: ${names.join(', ')}`, site.argPos[1] ?? site.pos, hint ? `did you mean '${hint}'?` : undefined);
    }
    const t = fields[i]!.type;
    return { args, type: withNullable(t, t.nullable || r.type.nullable) };
  },
  impl: (call): StrictCode => {
    const i = dotIndex(call);
    return (a) => `${a[0]}[${i}]`;
  },
};

export const ROW_FUNCTIONS: readonly FnDef[] = [rowValue, dot];
