/**
 * PRIMARY KEY (k, ...) NOT ENFORCED on CREATE TABLE/SOURCE: declares a changelog (upsert) table keyed
 * by those columns. As in Flink, the key columns become NOT NULL (a row without its key is refused at
 * the input) and the key is not checked for uniqueness: a row with a key already present is an update.
 */
import type { Ident } from './ast.js';
import type { SourceColumn } from './catalog.js';
import { fail } from './diagnostics.js';

/** Resolves the key columns (case-insensitively unless quoted) and marks them NOT NULL in `columns`. */
export function bindPrimaryKey(keys: readonly Ident[], columns: SourceColumn[]): number[] {
  const out: number[] = [];
  for (const k of keys) {
    const i = columns.findIndex((c) => c.name === k.name || (!k.quoted && c.name.toLowerCase() === k.name.toLowerCase()));
    if (i < 0) fail('UNKNOWN_COLUMN', `PRIMARY KEY column '${k.name}' is not a column of the table; available: ${columns.map((c) => c.name).join(', ')}`, k.pos);
    if (out.includes(i)) fail('DUPLICATE_NAME', `column '${k.name}' appears twice in the PRIMARY KEY`, k.pos);
    out.push(i);
    const c = columns[i]!;
    columns[i] = { ...c, type: { ...c.type, nullable: false }, notNull: true };
  }
  return out;
}
