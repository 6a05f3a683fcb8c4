/**
 * The registry of scalar functions and operators: name → definition (type rule + implementation).
 * Families live in functions-*.ts:
 *
 *   functions-core.ts    registry types, type promotion (numericResult, commonType), signatures
 *   functions-arith.ts   + - * / % NEG, ABS FLOOR CEIL ROUND TRUNCATE MOD POWER SQRT EXP LN LOG10 …
 *   functions-logic.ts   = <> < <= > >= AND OR NOT, IS [NOT] NULL/TRUE/FALSE, IN, BETWEEN,
 *                        COALESCE IFNULL NULLIF IF
 *   functions-string.ts  || CONCAT CONCAT_WS UPPER LOWER CHAR_LENGTH SUBSTRING TRIM LTRIM RTRIM
 *                        POSITION REPLACE LIKE … and regular expressions
 *   functions-text.ts    INSTR TRANSLATE STARTSWITH ENDSWITH REGEXP_COUNT/INSTR/SUBSTR PARSE_URL IS_ALPHA …
 *   functions-json.ts    JSON_VALUE JSON_QUERY JSON_EXISTS JSON_STRING, IS [NOT] JSON (IS_JSON)
 *   functions-encoding.ts TO_BASE64 FROM_BASE64 MD5 SHA1 SHA2 SHA256 … HEX BIN URL_ENCODE ASCII CHR
 *   functions-time.ts    EXTRACT YEAR() … DATE_FORMAT TO_TIMESTAMP UNIX_TIMESTAMP DATE_TRUNC …
 *   functions-date.ts    TO_DATE TIMESTAMPADD TIMESTAMPDIFF (DATE and TIME values: functions-date-values.ts)
 *   functions-zone.ts    CONVERT_TZ
 *   functions-cast.ts    CAST / TRY_CAST
 *   functions-collections.ts  ARRAY[...] MAP[...] a[i] m[k] CARDINALITY ELEMENT ARRAY_CONTAINS MAP_KEYS …
 *   functions-rows.ts    ROW(a, b) (a, b) r.field
 *
 * Operators are registered under their symbol ('+', '=', '||'); predicates under their keyword
 * ('IS_NULL', 'NOT_IN', 'LIKE'); BoundExpr.fn holds the canonical name.
 */
import { ARITH_ALIASES, ARITH_FUNCTIONS } from './functions-arith.js';
import type { FnDef } from './functions-core.js';
import { LOGIC_EXTRA, LOGIC_FUNCTIONS } from './functions-logic.js';
import { STRING_ALIASES, STRING_FUNCTIONS } from './functions-string.js';
import { DATE_FUNCTIONS } from './functions-date.js';
import { ENCODING_FUNCTIONS } from './functions-encoding.js';
import { TEXT_FUNCTIONS } from './functions-text.js';
import { JSON_FUNCTIONS } from './functions-json.js';
import { ZONE_FUNCTIONS } from './functions-zone.js';
import { COLLECTION_FUNCTIONS } from './functions-collections.js';
import { ROW_FUNCTIONS } from './functions-rows.js';
import { TIME_FUNCTIONS, UNSUPPORTED_FUNCTIONS } from './functions-time.js';

export type { BoundCall, Codegen, FnDef, Site, SpecialFn, StrictCode, Typed } from './functions-core.js';
export { commonType, commonTypeOf, isSpecialFn, isStrictDef, numericResult, SPECIAL_FNS } from './functions-core.js';
export { comparable } from './functions-logic.js';
export { castCanFail, castCode, castRejects, CastRejection, rejectCast, castValue, checkCast, coerce, comparableNumbers, comparisonType, sameRepr, typeFromRef } from './functions-cast.js';
export { addLong, mulLong, subLong, wrapLong } from '../functions/integer.js';
export { formatSqlTimestamp, formatTimestamp, parseTimestamp } from './functions-datetime.js';

const REGISTRY = new Map<string, FnDef>();
for (const def of [...ARITH_FUNCTIONS, ...LOGIC_FUNCTIONS, ...STRING_FUNCTIONS, ...TEXT_FUNCTIONS, ...ENCODING_FUNCTIONS, ...JSON_FUNCTIONS, ...TIME_FUNCTIONS, ...DATE_FUNCTIONS, ...ZONE_FUNCTIONS, ...COLLECTION_FUNCTIONS, ...ROW_FUNCTIONS]) {
  if (REGISTRY.has(def.name)) throw new Error(`invariant: function ${def.name} registered twice`);
  REGISTRY.set(def.name, def);
}
for (const [alias, target] of Object.entries({ ...ARITH_ALIASES, ...STRING_ALIASES })) {
  const def = REGISTRY.get(target);
  if (!def) throw new Error(`invariant: alias ${alias} of unknown function ${target}`);
  REGISTRY.set(alias, def);
}
for (const [name, def] of Object.entries(LOGIC_EXTRA)) REGISTRY.set(name, def);

/** The definition of a function or operator by (upper-case) name or alias. */
export function lookupFunction(name: string): FnDef | undefined {
  return REGISTRY.get(name);
}

/** The canonical definition behind BoundExpr.fn; a missing one is a broken invariant. */
export function functionDef(fn: string): FnDef {
  const def = REGISTRY.get(fn);
  if (!def) throw new Error(`invariant: no function ${fn} in the registry`);
  return def;
}

/** Names a user can call (for completion and "did you mean"): words only, no operator symbols. */
export function functionNames(): string[] {
  return [...REGISTRY.keys()].filter((n) => /^[A-Z][A-Z0-9_]*$/.test(n) && !INTERNAL.has(n)).sort();
}

/** Registry entries that are spelled as syntax, not as function calls. */
const INTERNAL = new Set([
  'AND', 'OR', 'NOT', 'NEG', 'IS_NULL', 'IS_NOT_NULL', 'IS_TRUE', 'IS_NOT_TRUE', 'IS_FALSE', 'IS_NOT_FALSE',
  'IN', 'NOT_IN', 'BETWEEN', 'NOT_BETWEEN', 'LIKE', 'NOT_LIKE', 'SIMILAR', 'NOT_SIMILAR', 'TRIM_LEADING', 'TRIM_TRAILING', 'TRIM_BOTH',
  'IS_DISTINCT_FROM', 'IS_NOT_DISTINCT_FROM', 'FLOOR_TO', 'CEIL_TO', 'IS_JSON', 'ITEM', 'ARRAY_VALUE', 'MAP_VALUE',
]);

/** Why a known-but-refused function (CURRENT_TIMESTAMP, RAND, ...) is not available, or undefined. */
export function unsupportedReason(name: string): string | undefined {
  return UNSUPPORTED_FUNCTIONS[name];
}
