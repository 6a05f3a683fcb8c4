import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE } from '../helpers/cli.js';
import { describe, expect, it } from 'vitest';
import type { Pos } from '../../src/parser/ast.js';
import { parseScript } from '../../src/parser/parse.js';
import { statementOf } from './helpers.js';

/** Every `pos` in a tree, with the path that leads to it (for failure messages). */
function positions(node: unknown, path = '$'): [string, Pos][] {
  if (node === null || typeof node !== 'object') return [];
  const out: [string, Pos][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pos') out.push([path, value as Pos]);
    else out.push(...positions(value, `${path}.${key}`));
  }
  return out;
}

/** Line and column of an offset, computed independently of the lexer. */
function lineColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, (before.at(-1)?.length ?? 0) + 1];
}

function checkPositions(script: string): void {
  const r = parseScript(script);
  expect(r.diagnostics).toEqual([]);
  for (const s of r.statements) {
    for (const [path, pos] of positions(s)) {
      const text = script.slice(pos.offset, pos.offset + pos.length);
      expect(Number.isInteger(pos.length) && pos.length > 0, `${path} length`).toBe(true);
      expect([pos.line, pos.column], `${path} line:column`).toEqual(lineColumn(script, pos.offset));
      // A node spans from its first token to its last: no surrounding blanks, never past the statement.
      expect(text.trim(), `${path} = ${JSON.stringify(text)}`).toBe(text);
      expect(pos.offset + pos.length).toBeLessThanOrEqual(s.pos.offset + s.pos.length);
    }
  }
}

describe('positions', () => {
  it('are consistent for every node of the conformance scripts', () => {
    const dir = join(CONFORMANCE, 'windows');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.sql'))) checkPositions(readFileSync(join(dir, f), 'utf8'));
  });

  it('are consistent for every node of a statement using most of the grammar', () => {
    checkPositions(`
      CREATE SOURCE s (a INT NOT NULL, b VARCHAR(10), ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (k = 'v');
      SELECT DISTINCT a AS x, t.*, -b, CASE WHEN a IN (1, 2) THEN 'y' ELSE NULL END, CAST(b AS INT), b::DOUBLE,
             EXTRACT(HOUR FROM ts), TRIM(LEADING 'x' FROM b), COUNT(DISTINCT a) FILTER (WHERE a BETWEEN 1 AND 2)
      FROM TABLE(HOP(DATA => TABLE s, TIMECOL => DESCRIPTOR(ts), SLIDE => INTERVAL '1' SECOND, SIZE => INTERVAL '2' SECOND)) t
      WHERE b LIKE 'a%' AND NOT a IS NULL OR TIMESTAMP '2020-01-01 00:00:00' < ts
      GROUP BY a, window_start HAVING COUNT(*) > 1 EMIT CHANGES;
      INSERT INTO s VALUES (1, 'a', TIMESTAMP '2020-01-01 00:00:00');
      EXPLAIN CREATE VIEW v AS SELECT * FROM (SELECT a FROM s) q
    `);
  });

  it('underline the whole select item, alias included', () => {
    const sql = 'SELECT a + 1 AS total, b FROM t';
    const stmt = statementOf(sql);
    if (stmt.kind !== 'query') throw new Error('expected a query');
    const texts = stmt.query.items.map((i) => sql.slice(i.pos.offset, i.pos.offset + i.pos.length));
    expect(texts).toEqual(['a + 1 AS total', 'b']);
  });
});
