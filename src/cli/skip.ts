/**
 * `tumbleql run --skip <name>`: start without a catalog object, e.g. one that crashes or hangs the engine,
 * without deleting the state file. The engine leaves it in the file unrestored (EngineOptions.skip) and
 * here the CREATE statements for it are taken out of the SQL units. Statements that read a skipped object
 * then fail like any statement naming a missing one: skip those too, or remove the object for good with
 * `tumbleql state drop <name>`.
 */
import { parseScript } from '../parser/parse.js';

export function withoutSkipped<U extends { file: string; sql: string }>(units: readonly U[], skip: readonly string[]): U[] {
  if (skip.length === 0) return [...units];
  const names = new Set(skip.map((n) => n.toLowerCase()));
  return units.map((u) => {
    const { statements } = parseScript(u.sql);
    const created = (s: (typeof statements)[number]): string | null =>
      s.statement.kind === 'create_source' || s.statement.kind === 'create_view' ? s.statement.name.name.toLowerCase() : null;
    if (!statements.some((s) => names.has(created(s) ?? ''))) return u;
    // Blank out skipped statements in place, so line numbers of the others stay where the file has them.
    let sql = u.sql;
    for (const s of statements) {
      if (!names.has(created(s) ?? '')) continue;
      const start = s.pos.offset;
      const end = start + s.text.length;
      sql = sql.slice(0, start) + s.text.replace(/[^\n]/g, ' ') + sql.slice(end);
    }
    return { ...u, sql };
  });
}
