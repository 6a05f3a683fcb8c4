import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE } from '../helpers/cli.js';
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/parser/parse.js';

const dir = join(CONFORMANCE, 'windows');
const scripts = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();

describe('conformance scripts from Flink and RisingWave tests', () => {
  it('finds the six scripts', () => {
    expect(scripts).toHaveLength(6);
  });

  it.each(scripts)('parses %s without diagnostics into a source and a view', (file) => {
    const r = parseScript(readFileSync(join(dir, file), 'utf8'));
    expect(r.diagnostics).toEqual([]);
    expect(r.statements.map((s) => s.statement.kind)).toEqual(['create_source', 'create_view']);
    const source = r.statements[0]?.statement;
    expect(source?.kind === 'create_source' && source.watermark).toBeTruthy();
  });
});
