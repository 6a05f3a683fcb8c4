/**
 * ARRAY and MAP: value constructors, subscripts and functions, as Flink's (their run-time half is
 * src/functions/collections.ts).
 *
 *   ARRAY[a, b, ...]       → ARRAY<common type of the elements> NOT NULL        (call ARRAY_VALUE)
 *   MAP[k1, v1, ...]       → MAP<common key type, common value type> NOT NULL   (call MAP_VALUE)
 *   a[i]                   → the element, 1-based; NULL when i is out of range  (call ITEM)
 *   m[k]                   → the value of key k; NULL when there is none         (call ITEM)
 *   CARDINALITY(a | m)     → INT
 *   ELEMENT(a)             → the only element; NULL when empty (and, unlike Flink, when several)
 *   ARRAY_CONTAINS(a, x)   → BOOLEAN; x may be NULL (is there a NULL element?)
 *   MAP_KEYS(m), MAP_VALUES(m) → ARRAY<K>, ARRAY<V>
 *
 * Elements, keys and values of mixed numeric types are brought to their common type (ARRAY[1, 2.5] is
 * ARRAY<DECIMAL(2, 1)>), each element converted when built.
 */
import type { BoundExpr } from './bound-expr.js';
import { fail } from './diagnostics.js';
import { checkArity, commonType, commonTypeOf, isNull, show, type BoundCall, type FnDef, type Site, type StrictCode } from './functions-core.js';
import { coerce } from './functions-cast.js';
import { isIntegral, T, withNullable, type SqlType } from './types.js';
import { arrayContains, arrayItem, cardinality, element, mapFromList, mapGet, mapKeys, mapValues } from '../functions/collections.js';

const strict = (code: StrictCode): ((call: BoundCall) => StrictCode) => () => code;

/** Fails unless argument `i` is an ARRAY (or the NULL literal); returns its type. */
function collectionArg(args: readonly BoundExpr[], i: number, kinds: readonly ('ARRAY' | 'MAP')[], site: Site): SqlType {
  const t = args[i]!.type;
  if (kinds.includes(t.name as 'ARRAY') || isNull(t)) return t;
  fail('TYPE_MISMATCH', `${site.name} expects ${kinds.join(' or ')}, got ${show(t)}`, site.argPos[i] ?? site.pos);
}

/** `x` as a value of the element (or key) type `to`, or a TYPE_MISMATCH naming both. */
function asMember(x: BoundExpr, to: SqlType, what: string, at: Site['pos']): BoundExpr {
  if (isNull(x.type)) return { kind: 'const', value: null, type: withNullable(to, true) };
  const common = commonType(to, x.type);
  if (common === null || common.name !== to.name) fail('TYPE_MISMATCH', `${what} is ${show(to)}, got ${show(x.type)}`, at);
  return coerce(x, { ...to, nullable: x.type.nullable });
}

const arrayValue: FnDef = {
  name: 'ARRAY_VALUE',
  check(args, site) {
    if (args.length === 0) fail('TYPE_MISMATCH', 'ARRAY[] needs at least one element (its type comes from them)', site.pos);
    const t = commonTypeOf(args, 'elements of ARRAY[...]', site);
    if (isNull(t)) fail('TYPE_MISMATCH', 'cannot tell the element type of an ARRAY of NULLs', site.pos, 'CAST one element: ARRAY[CAST(NULL AS INT)]');
    const elem = withNullable(t, args.some((a) => a.type.nullable));
    return { args: args.map((a) => coerce(a, withNullable(elem, a.type.nullable))), type: T.array(elem, false) };
  },
  impl: { nullSafe: () => (a) => `[${a.join(', ')}]` },
};

const mapValue: FnDef = {
  name: 'MAP_VALUE',
  check(args, site) {
    if (args.length === 0 || args.length % 2 !== 0) {
      fail('TYPE_MISMATCH', `MAP[...] takes key, value pairs (an even number of at least 2 arguments), got ${args.length}`, site.pos);
    }
    const keys = args.filter((_, i) => i % 2 === 0);
    const values = args.filter((_, i) => i % 2 === 1);
    const kt = commonTypeOf(keys, 'keys of MAP[...]', { ...site, argPos: site.argPos.filter((_, i) => i % 2 === 0) });
    const vt = commonTypeOf(values, 'values of MAP[...]', { ...site, argPos: site.argPos.filter((_, i) => i % 2 === 1) });
    if (isNull(kt) || isNull(vt)) fail('TYPE_MISMATCH', `cannot tell the ${isNull(kt) ? 'key' : 'value'} type of MAP[...] from NULLs alone`, site.pos, 'CAST one of them: CAST(NULL AS INT)');
    const k = withNullable(kt, keys.some((a) => a.type.nullable));
    const v = withNullable(vt, values.some((a) => a.type.nullable));
    const out = args.map((a, i) => coerce(a, withNullable(i % 2 === 0 ? k : v, a.type.nullable)));
    return { args: out, type: T.map(k, v, false) };
  },
  impl: { nullSafe: () => (a, cg) => `${cg.fn(mapFromList)}(${a.join(', ')})` },
};

/** a[i] and m[k]: Flink's ITEM operator. */
const item: FnDef = {
  name: 'ITEM',
  check(args, site) {
    checkArity(args, 2, 2, site);
    const c = args[0]!;
    const at = site.argPos[1] ?? site.pos;
    if (c.type.name === 'ARRAY') {
      const i = args[1]!;
      if (!isIntegral(i.type) && !isNull(i.type)) fail('TYPE_MISMATCH', `an ARRAY subscript must be an integer (INT or BIGINT), got ${show(i.type)}`, at);
      return { args, type: withNullable(c.type.element!, true) };
    }
    if (c.type.name === 'MAP') {
      const k = asMember(args[1]!, c.type.key!, `the key of ${show(c.type)}`, at);
      return { args: [c, k], type: withNullable(c.type.value!, true) };
    }
    fail('TYPE_MISMATCH', `cannot subscript ${show(c.type)}: [] applies to ARRAY and MAP values`, site.argPos[0] ?? site.pos);
  },
  impl: (call) => (call.args[0]!.type.name === 'MAP' ? strict((a, cg) => `${cg.fn(mapGet)}(${a[0]}, ${a[1]})`) : strict((a, cg) => `${cg.fn(arrayItem)}(${a[0]}, ${a[1]})`))(call),
};

const cardinalityFn: FnDef = {
  name: 'CARDINALITY',
  check(args, site) {
    checkArity(args, 1, 1, site);
    collectionArg(args, 0, ['ARRAY', 'MAP'], site);
    return { args, type: T.int(args[0]!.type.nullable) };
  },
  impl: strict((a, cg) => `${cg.fn(cardinality)}(${a[0]})`),
};

const elementFn: FnDef = {
  name: 'ELEMENT',
  check(args, site) {
    checkArity(args, 1, 1, site);
    const t = collectionArg(args, 0, ['ARRAY'], site);
    return { args, type: isNull(t) ? T.null() : withNullable(t.element!, true) };
  },
  impl: strict((a, cg) => `${cg.fn(element)}(${a[0]})`),
};

const arrayContainsFn: FnDef = {
  name: 'ARRAY_CONTAINS',
  check(args, site) {
    checkArity(args, 2, 2, site);
    const t = collectionArg(args, 0, ['ARRAY'], site);
    if (isNull(t)) return { args, type: T.boolean(true) };
    const x = asMember(args[1]!, t.element!, `the element of ${show(t)}`, site.argPos[1] ?? site.pos);
    return { args: [args[0]!, x], type: T.boolean(t.nullable) };
  },
  impl: { nullSafe: () => (a, cg) => `(${a[0]} == null ? null : ${cg.fn(arrayContains)}(${a[0]}, ${a[1]}))` },
};

function mapPart(name: 'MAP_KEYS' | 'MAP_VALUES'): FnDef {
  return {
    name,
    check(args, site) {
      checkArity(args, 1, 1, site);
      const t = collectionArg(args, 0, ['MAP'], site);
      if (isNull(t)) return { args, type: T.null() };
      return { args, type: T.array(name === 'MAP_KEYS' ? t.key! : t.value!, t.nullable) };
    },
    impl: strict((a, cg) => `${cg.fn(name === 'MAP_KEYS' ? mapKeys : mapValues)}(${a[0]})`),
  };
}

export const COLLECTION_FUNCTIONS: readonly FnDef[] = [
  arrayValue,
  mapValue,
  item,
  cardinalityFn,
  elementFn,
  arrayContainsFn,
  mapPart('MAP_KEYS'),
  mapPart('MAP_VALUES'),
];
