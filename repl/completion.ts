/**
 * Tab completion. Looks at the word before the cursor and what comes before it:
 *   FROM/JOIN/TABLE/INTO/DESCRIBE/DROP SOURCE|VIEW ▸ source and view names
 *   alias.  ▸ columns of that relation          \d \subscribe \late \rejects ▸ names of the right kind
 *   in WHERE/HAVING/ON ▸ columns of the FROM first, then keywords, functions, the FROM's relations
 *   anywhere else ▸ columns of the relations named in the statement's FROM clause, keywords, functions.
 *   an empty prompt ▸ what a statement can start with, and the meta commands
 *   a statement's WITH ▸ its CTEs complete as relations, with their columns (completion-cte.ts)
 * The relations in scope are read from the whole statement around the cursor, so completing in the select
 * list works when FROM is already written further on. Keywords take the case of what the user typed.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { META_COMMANDS } from './commands.js';
import { ctesOf } from './completion-cte.js';

export interface CatalogColumn { readonly name: string; readonly rowtime?: boolean }
export interface CatalogRelation { readonly name: string; readonly columns: readonly CatalogColumn[] }

export interface CompletionContext {
  readonly sources: readonly CatalogRelation[];
  readonly views: readonly CatalogRelation[];
  readonly keywords: readonly string[];
  readonly functions: readonly string[];
}

export interface Completion {
  /** Replace `text.slice(start, end)` with a candidate. */
  readonly start: number;
  readonly end: number;
  readonly candidates: readonly string[];
}

const WORD = /[\p{L}\p{N}_$]/u;
const RELATION_AFTER = new Set(['FROM', 'JOIN', 'TABLE', 'DESCRIBE', 'DESC']);

/** The statement around `cursor`: from the previous top-level `;` to the next one. */
function statementAround(text: string, cursor: number): { text: string; offset: number } {
  const before = text.lastIndexOf(';', cursor - 1);
  const after = text.indexOf(';', cursor);
  const start = before + 1;
  return { text: text.slice(start, after < 0 ? text.length : after), offset: start };
}

interface Ref { readonly name: string; readonly alias?: string }

const NOT_ALIAS = new Set(['WHERE', 'GROUP', 'HAVING', 'ON', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'CROSS',
  'ORDER', 'LIMIT', 'UNION', 'EMIT', 'WINDOW', 'AS', 'DESCRIPTOR']);

/** Relations the statement reads: `FROM x [AS] a`, `JOIN x`, `TABLE x` (window TVFs), `TUMBLE(x, ...)`. */
export function relationsInScope(statement: string): Ref[] {
  const out: Ref[] = [];
  const re = /\b(FROM|JOIN|TABLE)\s+([\p{L}_][\p{L}\p{N}_$]*|"[^"]+"|`[^`]+`)(?:\s+(?:AS\s+)?([\p{L}_][\p{L}\p{N}_$]*))?/giu;
  for (const m of statement.matchAll(re)) {
    const name = unquote(m[2] ?? '');
    if (['TABLE', 'TUMBLE', 'HOP', 'CUMULATE', 'SESSION', 'LATERAL'].includes(name.toUpperCase())) continue;
    const alias = m[3] && !NOT_ALIAS.has(m[3].toUpperCase()) ? m[3] : undefined;
    out.push(alias ? { name, alias } : { name });
  }
  const short = /\b(?:TUMBLE|HOP|CUMULATE|SESSION)\s*\(\s*([\p{L}_][\p{L}\p{N}_$]*)\s*,/giu;
  for (const m of statement.matchAll(short)) {
    const name = m[1] ?? '';
    if (name.toUpperCase() !== 'TABLE' && name.toUpperCase() !== 'DATA') out.push({ name });
  }
  return out;
}

function unquote(name: string): string {
  return /^["`]/.test(name) ? name.slice(1, -1) : name;
}

function find(ctx: CompletionContext, name: string): CatalogRelation | undefined {
  const lower = name.toLowerCase();
  return [...ctx.sources, ...ctx.views].find((r) => r.name.toLowerCase() === lower);
}

function matching(candidates: Iterable<string>, prefix: string): string[] {
  const p = prefix.toLowerCase();
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of candidates) {
    const key = c.toLowerCase();
    if (key.startsWith(p) && !seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}

function keywordCase(words: readonly string[], prefix: string): string[] {
  const lower = prefix !== '' && prefix === prefix.toLowerCase();
  return words.map((w) => (lower ? w.toLowerCase() : w.toUpperCase()));
}

export function complete(text: string, cursor: number, catalog: CompletionContext): Completion {
  // The statement's CTEs complete like views (names after FROM, columns after `name.`).
  const ctes = ctesOf(statementAround(text, cursor).text, (n) => find(catalog, n), relationsInScope);
  const ctx: CompletionContext = ctes.length > 0 ? { ...catalog, views: [...ctes, ...catalog.views] } : catalog;
  let start = cursor;
  while (start > 0 && WORD.test(text[start - 1] as string)) start--;
  const prefix = text.slice(start, cursor);
  const lineStart = text.lastIndexOf('\n', cursor - 1) + 1;
  const line = text.slice(lineStart, cursor);
  const result = (candidates: string[], from = start): Completion => ({ start: from, end: cursor, candidates });

  // Meta commands: `\su<Tab>` and their arguments.
  const meta = /^\s*\\(\S*)(\s+(.*))?$/.exec(line);
  if (meta) {
    if (meta[2] === undefined) return result(matching(META_COMMANDS.map((c) => '\\' + c.name), '\\' + (meta[1] ?? '')), lineStart + line.indexOf('\\'));
    const cmd = meta[1] ?? '';
    const names = cmd === 'rejects' ? ctx.sources : cmd === 'subscribe' || cmd === 'late' ? ctx.views : [...ctx.sources, ...ctx.views];
    if (cmd === 'i' || cmd === 'include') return result(completePath(meta[3] ?? ''), cursor - (meta[3] ?? '').length);
    return result(matching(names.map((r) => r.name), prefix));
  }

  // `alias.col` / `relation.col`
  if (text[start - 1] === '.') {
    let q = start - 1;
    while (q > 0 && WORD.test(text[q - 1] as string)) q--;
    const qualifier = text.slice(q, start - 1);
    const stmt = statementAround(text, cursor);
    const ref = relationsInScope(stmt.text).find((r) => (r.alias ?? r.name).toLowerCase() === qualifier.toLowerCase());
    const rel = find(ctx, ref?.name ?? qualifier);
    return result(matching(rel?.columns.map((c) => c.name) ?? [], prefix));
  }

  const before = text.slice(0, start).match(/([\p{L}_]+)\s*(\(\s*)?$/u);
  const prev = (before?.[1] ?? '').toUpperCase();
  const prev2 = (text.slice(0, start).match(/([\p{L}_]+)\s+[\p{L}_]+\s*$/u)?.[1] ?? '').toUpperCase();
  const names = (rs: readonly CatalogRelation[]): string[] => matching(rs.map((r) => r.name), prefix);
  if (prev === 'INTO' || (prev2 === 'DROP' && prev === 'SOURCE')) return result(names(ctx.sources));
  if (prev2 === 'DROP' && (prev === 'VIEW')) return result(names(ctx.views));
  if (RELATION_AFTER.has(prev) && before?.[2] === undefined) return result(names([...ctes, ...ctx.sources, ...ctx.views]));

  const stmt = statementAround(text, cursor);
  // Tab on an empty prompt (or at the start of a new statement) lists what can start one.
  if (prefix === '' && stmt.text.slice(0, cursor - stmt.offset).trim() === '') {
    return result([...STATEMENT_STARTS, ...META_COMMANDS.map((c) => '\\' + c.name)]);
  }
  const refs = relationsInScope(stmt.text);
  const scope = refs.map((r) => find(ctx, r.name)).filter((r) => r !== undefined);
  if (prev === 'DESCRIPTOR' && before?.[2] !== undefined) {
    const rowtime = scope.flatMap((r) => r.columns.filter((c) => c.rowtime).map((c) => c.name));
    return result(matching(rowtime.length > 0 ? rowtime : scope.flatMap((r) => r.columns.map((c) => c.name)), prefix));
  }
  const columns = scope.flatMap((r) => r.columns.map((c) => c.name));
  // In a condition (WHERE, HAVING, ON) a name is a column, or a relation of the FROM used as a qualifier:
  // columns rank first and other relations of the catalog are not offered at all.
  if (inCondition(stmt.text.slice(0, cursor - stmt.offset))) {
    if (prefix === '') return result(columns);
    return result(matching([
      ...columns,
      ...keywordCase(ctx.keywords, prefix),
      ...keywordCase(ctx.functions, prefix),
      ...refs.map((r) => r.alias ?? r.name),
    ], prefix));
  }
  if (prefix === '') return result([]);
  return result(matching([
    ...columns,
    ...keywordCase(ctx.keywords, prefix),
    ...keywordCase(ctx.functions, prefix),
    ...[...ctx.sources, ...ctx.views].map((r) => r.name),
  ], prefix));
}

/** What a statement can start with: listed by Tab on an empty prompt, with the meta commands. */
const STATEMENT_STARTS = ['SELECT', 'CREATE SOURCE', 'CREATE VIEW', 'CREATE TABLE', 'WITH', 'DROP SOURCE', 'DROP VIEW', 'INSERT INTO', 'SHOW SOURCES', 'SHOW VIEWS', 'DESCRIBE', 'EXPLAIN'];

/** Whether the text before the cursor is inside a WHERE / HAVING / ON condition (the last clause keyword). */
function inCondition(before: string): boolean {
  const clauses = [...before.matchAll(/\b(WHERE|HAVING|ON|SELECT|FROM|GROUP|ORDER|EMIT|WINDOW|JOIN)\b/giu)];
  const last = clauses[clauses.length - 1]?.[1]?.toUpperCase();
  return last === 'WHERE' || last === 'HAVING' || last === 'ON';
}

/** File names for `\i`: entries of the typed directory that start with the typed base name. */
function completePath(typed: string, list: (dir: string) => string[] = safeList): string[] {
  const dir = typed.endsWith('/') ? typed : dirname(typed);
  const base = typed.endsWith('/') ? '' : basename(typed);
  const prefixDir = typed.endsWith('/') ? typed : dir === '.' && !typed.startsWith('./') ? '' : dir + '/';
  return list(dir === '' ? '.' : dir)
    .filter((n) => n.startsWith(base) && (base.startsWith('.') || !n.startsWith('.')))
    .map((n) => prefixDir + n + (isDir(join(dir, n)) ? '/' : ''))
    .sort();
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The longest prefix all candidates share (case-insensitively), spelled as the first candidate. */
export function commonPrefix(candidates: readonly string[]): string {
  const first = candidates[0];
  if (first === undefined) return '';
  let n = first.length;
  for (const c of candidates) {
    let i = 0;
    while (i < n && i < c.length && c[i]?.toLowerCase() === first[i]?.toLowerCase()) i++;
    n = i;
  }
  return first.slice(0, n);
}
