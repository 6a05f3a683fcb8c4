/** The connector registry: CREATE SOURCE checks options, values and what the connector needs, with located errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONNECTOR_NAMES, connectorOf } from '../../src/executor/connectors/registry.js';
import { createEngine } from '../../src/index.js';
import { sqlError } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tumbleql-connectors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const COLS = `(k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)`;

function located(sql: string, code = 'INVALID_OPTION') {
  const err = sqlError(() => createEngine().execute(sql));
  expect(err.code).toBe(code);
  const d = err.diagnostics[0]!;
  const at = sql.split('\n')[d.line - 1]!.slice(d.column - 1);
  return { message: err.message, hint: d.hint, at };
}

describe('CREATE SOURCE against the connector registry', () => {
  it('refuses an unknown option with did-you-mean, located at the option', () => {
    const r = located(`CREATE SOURCE s ${COLS}\nWITH (connector = 'file', pth = 'x.jsonl')`);
    expect(r.message).toContain("unknown option 'pth' for connector 'file'; its options: path, follow");
    expect(r.hint).toBe("did you mean 'path'?");
    expect(r.at.startsWith('pth')).toBe(true);
  });

  it('refuses a file source without a path', () => {
    const r = located(`CREATE SOURCE s ${COLS} WITH (connector = 'file')`);
    expect(r.message).toContain("connector 'file' needs the option 'path'");
  });

  it('refuses a file it cannot read, located at the path', () => {
    const r = located(`CREATE SOURCE s ${COLS}\nWITH (connector = 'file', path = '${join(dir, 'missing.jsonl')}')`);
    expect(r.message).toMatch(/cannot read '.*missing\.jsonl': ENOENT/);
    expect(r.at.startsWith('path')).toBe(true);
  });

  it('accepts a readable file, and checks option values by kind', () => {
    const path = join(dir, 'ok.jsonl');
    writeFileSync(path, '');
    expect(() => createEngine().execute(`CREATE SOURCE s ${COLS} WITH (connector = 'file', path = '${path}', follow = false)`)).not.toThrow();
    expect(located(`CREATE SOURCE s ${COLS} WITH (connector = 'file', path = '${path}', follow = 'sometimes')`).message).toContain('follow must be true or false');
    expect(located(`CREATE SOURCE s ${COLS} WITH (idle_timeout = 'soon')`).message).toContain("idle_timeout must be a duration such as '5s'");
    expect(located(`CREATE SOURCE s ${COLS} WITH ('scan.startup.mode' = 'newest')`).message).toContain("scan.startup.mode must be 'earliest' or 'latest'");
    expect(located(`CREATE SOURCE s ${COLS} WITH (connector = 'datagen', fields.k.lenght = 3)`).hint).toMatch(/did you mean/);
  });

  it('refuses an unknown connector with did-you-mean', () => {
    const r = located(`CREATE SOURCE s ${COLS} WITH (connector = 'fil')`);
    expect(r.message).toContain("unknown connector 'fil'; available: websocket, file, datagen, nexmark");
    expect(r.hint).toBe("did you mean 'file'?");
    expect(located(`CREATE SOURCE s ${COLS} WITH (connector = 'kafka')`, 'UNSUPPORTED').message).toContain('not available yet');
  });

  it('declares boundedness, replay mode and splits per connector', () => {
    const of = (options: Record<string, string | number | boolean>) => connectorOf({ options });
    expect(CONNECTOR_NAMES).toEqual(['websocket', 'file', 'datagen', 'nexmark', 'nats']);
    expect(of({}).replay).toBe('input-log');
    expect(of({ connector: 'nats' }).replay).toBe('offsets');
    expect(of({ connector: 'nats' }).sink).toBeDefined();
    expect(of({ connector: 'file' }).sink).toBeUndefined();
    expect(of({ connector: 'file' }).replay).toBe('offsets');
    expect(of({ connector: 'nexmark' }).replay).toBe('regenerate');
    expect(of({ connector: 'file' }).bounded({ connector: 'file' })).toBe(true);
    expect(of({ connector: 'file' }).bounded({ connector: 'file', follow: true })).toBe(false);
    expect(of({ connector: 'datagen' }).bounded({ number_of_rows: 5 })).toBe(true);
    const e = createEngine();
    e.execute(`CREATE SOURCE s ${COLS}`);
    expect(e.sources()[0]).toMatchObject({ connector: 'websocket', bounded: false });
  });
});
