/**
 * The common table expressions of the statement being typed (`WITH big AS (SELECT ...), small (a, b) AS
 * (...)`), as relations completion can offer: their names after FROM/JOIN, their columns after `big.` and
 * in the select list. A CTE's columns are its column list when written, else what its select list names:
 * an alias, a plain (or qualified) column, or `*` / `t.*` expanded from the relations its own FROM reads.
 * Text only, like the rest of completion: a half-typed statement must still complete.
 */
import type { CatalogRelation } from './completion.js';

const NAME = /^\s*([\p{L}_][\p{L}\p{N}_$]*|"[^"]+"|`[^`]+`)\s*/u;

/** Index just after the parenthesis that closes the one at `open`, or the text's end when unclosed. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return text.length;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Top-level comma-separated parts of `text` (commas inside parentheses or strings do not split). */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      i = end < 0 ? text.length : end;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const unquote = (name: string): string => (/^["`]/.test(name) ? name.slice(1, -1) : name);

/** Column names a SELECT body gives, as far as the text tells. */
function selectColumns(body: string, known: (name: string) => CatalogRelation | undefined, relations: (sql: string) => { name: string; alias?: string }[]): string[] {
  const m = /^\s*SELECT\s+(?:DISTINCT\s+|ALL\s+)?([\s\S]*?)(?:\bFROM\b([\s\S]*))?$/iu.exec(body);
  if (!m) return [];
  const refs = relations(`FROM${m[2] ?? ''}`);
  const out: string[] = [];
  for (const item of splitTop(m[1] ?? '')) {
    const star = /^(?:([\p{L}_][\p{L}\p{N}_$]*)\s*\.\s*)?\*$/u.exec(item);
    if (star) {
      const q = star[1]?.toLowerCase();
      for (const r of refs) if (q === undefined || (r.alias ?? r.name).toLowerCase() === q) out.push(...(known(r.name)?.columns.map((c) => c.name) ?? []));
      continue;
    }
    const alias = /(?:\bAS\s+|\s)([\p{L}_][\p{L}\p{N}_$]*|"[^"]+"|`[^`]+`)\s*$/iu.exec(item);
    const plain = /^(?:[\p{L}_][\p{L}\p{N}_$]*\s*\.\s*)?([\p{L}_][\p{L}\p{N}_$]*|"[^"]+"|`[^`]+`)$/u.exec(item);
    const name = alias?.[1] ?? plain?.[1];
    if (name !== undefined) out.push(unquote(name));
  }
  return out;
}

/**
 * The CTEs declared by the statement's WITH, in order; each sees those before it and the catalog.
 * `relations` is completion's reader of FROM/JOIN/TABLE names.
 */
export function ctesOf(statement: string, catalog: (name: string) => CatalogRelation | undefined, relations: (sql: string) => { name: string; alias?: string }[]): CatalogRelation[] {
  const start = /^\s*WITH\b/iu.exec(statement);
  if (!start) return [];
  const out: CatalogRelation[] = [];
  const known = (name: string): CatalogRelation | undefined => out.find((c) => c.name.toLowerCase() === name.toLowerCase()) ?? catalog(name);
  let at = start[0].length;
  for (;;) {
    const name = NAME.exec(statement.slice(at));
    if (!name) break;
    at += name[0].length;
    let columns: string[] | undefined;
    if (statement[at] === '(') {
      const end = closing(statement, at);
      columns = splitTop(statement.slice(at + 1, end - 1)).map(unquote);
      at = end;
    }
    const as = /^\s*AS\s*\(/iu.exec(statement.slice(at));
    if (!as) break;
    const open = at + as[0].length - 1;
    const end = closing(statement, open);
    const body = statement.slice(open + 1, end - 1);
    out.push({ name: unquote(name[1] ?? ''), columns: (columns ?? selectColumns(body, known, relations)).map((c) => ({ name: c })) });
    at = end;
    const comma = /^\s*,/u.exec(statement.slice(at));
    if (!comma) break;
    at += comma[0].length;
  }
  return out;
}
