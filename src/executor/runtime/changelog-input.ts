/**
 * The change kind of an input row of a changelog table (PRIMARY KEY ... NOT ENFORCED). A JSON row may
 * carry it under the key `op` (`__op` when the table has a column named op): "+I" or "+U" (an upsert:
 * a row whose key is already present updates it), "-U" or "-D" (the key's row is deleted; the row needs
 * its key and, for a temporal join, its event time). No op means an upsert, as upsert-kafka reads a
 * keyed record. The planner's ChangelogNormalize turns these into an exact changelog.
 */
import type { RowOp } from '../api.js';
import type { SourceDef } from '../../parser/catalog.js';

const OPS: ReadonlySet<string> = new Set(['+I', '-U', '+U', '-D']);

export type OpReader = (input: unknown) => RowOp | { readonly error: string };

/** The op reader of a changelog table; null for an append-only source (its rows are all +I). */
export function changelogOpReader(def: SourceDef): OpReader | null {
  if (!def.primaryKey) return null;
  const key = opKey(def);
  return (input) => {
    if (typeof input !== 'object' || input === null || !Object.hasOwn(input, key)) return '+I';
    const op = (input as Record<string, unknown>)[key];
    if (op === undefined || op === null) return '+I';
    if (typeof op === 'string' && OPS.has(op)) return op as RowOp;
    return { error: `${key} must be one of "+I", "-U", "+U", "-D", got ${JSON.stringify(op)}` };
  };
}

/** The JSON key that carries a row's op. */
export function opKey(def: SourceDef): string {
  return def.columns.some((c) => c.name.toLowerCase() === 'op') ? '__op' : 'op';
}

/** Whether a row op is valid input for this source: only a changelog table takes retractions. */
export function checkOp(def: SourceDef, op: unknown): RowOp | { readonly error: string } {
  if (op === undefined || op === null || op === '+I') return '+I';
  if (typeof op !== 'string' || !OPS.has(op)) return { error: `op must be one of "+I", "-U", "+U", "-D", got ${JSON.stringify(op)}` };
  if (!def.primaryKey) {
    return { error: `op ${JSON.stringify(op)} needs a changelog source: '${def.name}' has no PRIMARY KEY (k) NOT ENFORCED, so its rows are all +I` };
  }
  return op as RowOp;
}
