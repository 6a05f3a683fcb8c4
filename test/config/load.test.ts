/** Config loading: defaults, env interpolation, sql resolution, and one clear error per mistake (file:line: key:). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadSqlFiles, parseDuration, parseSize } from '../../src/config/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tumbleql-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

/** The ConfigError message for `yaml`, asserting it is one. */
function errorOf(yaml: string, env: NodeJS.ProcessEnv = {}): string {
  const p = write('tumbleql.yaml', yaml);
  try {
    loadConfig(p, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message.replace(p, 'tumbleql.yaml');
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads the DESIGN example with env interpolation and resolves files relative to the config', () => {
    write('queries/sources.sql', 'CREATE SOURCE s;');
    write('queries/views.sql', 'CREATE VIEW v AS SELECT * FROM s;');
    const p = write(
      'tumbleql.yaml',
      'server: { host: 0.0.0.0, port: ${PORT:-9000}, token: ${TUMBLEQL_TOKEN} }\n' +
        'state:  { path: ./.tumbleql/state.db, checkpoint_interval: 1s, retention: { rows: 10000, age: 1h } }\n' +
        'sql:    [ queries/sources.sql, queries/views.sql ]\n',
    );
    const c = loadConfig(p, { TUMBLEQL_TOKEN: 'tok' });
    expect(c.server).toMatchObject({ host: '0.0.0.0', port: 9000, token: 'tok', heartbeatMs: 1000, maxPayload: 1048576 });
    expect(c.hasServer).toBe(true);
    expect(c.state).toEqual({ path: join(dir, '.tumbleql/state.db'), checkpointIntervalMs: 1000, synchronous: 'NORMAL', retention: { rows: 10000, ageMs: 3_600_000 } });
    expect(loadSqlFiles(c)).toEqual([
      { file: join(dir, 'queries/sources.sql'), sql: 'CREATE SOURCE s;' },
      { file: join(dir, 'queries/views.sql'), sql: 'CREATE VIEW v AS SELECT * FROM s;' },
    ]);
  });

  it("reads state.sync: 'full' fsyncs commits and acknowledged pushes", () => {
    expect(loadConfig(write('tumbleql.yaml', 'state: { sync: full }\n')).state.synchronous).toBe('FULL');
    expect(loadConfig(write('tumbleql.yaml', 'state: { sync: normal }\n')).state.synchronous).toBe('NORMAL');
  });

  it('gives defaults for an empty file', () => {
    const c = loadConfig(write('tumbleql.yaml', ''));
    expect(c.server).toEqual({
      host: '127.0.0.1', port: 8080, maxPayload: 1048576, heartbeatMs: 1000, maxBufferedBytes: 8388608, maxSubscriptions: 100,
      tokens: [], allowUnauthenticated: false,
    });
    expect(c.limits).toEqual({});
    expect(c.fileRoots).toHaveLength(1); // the config's own directory
    expect(c.log).toEqual({ level: 'info', format: 'text' });
    expect(c.sql).toEqual([]);
    expect(c.hasServer).toBe(false);
  });

  it('takes inline SQL and reports where its first line is in the config', () => {
    const c = loadConfig(write('tumbleql.yaml', 'log: { format: json }\nsql: |\n  CREATE SOURCE s;\n  CREATE VIEW v AS SELECT * FROM s;\n'));
    expect(loadSqlFiles(c)).toEqual([{ file: 'tumbleql.yaml:3', line: 3, sql: 'CREATE SOURCE s;\nCREATE VIEW v AS SELECT * FROM s;\n' }]);
    expect(c.log.format).toBe('json');
  });

  it('expands globs (*, **) and directories in name order', () => {
    write('q/b.sql', 'b');
    write('q/a.sql', 'a');
    write('q/notes.txt', 'x');
    write('q/deep/c.sql', 'c');
    const files = (yaml: string) => loadConfig(write('tumbleql.yaml', yaml)).sql.map((s) => s.file.slice(dir.length + 1));
    expect(files('sql: q/*.sql')).toEqual(['q/a.sql', 'q/b.sql']);
    expect(files('sql: ["q/**/*.sql"]')).toEqual(['q/a.sql', 'q/b.sql', 'q/deep/c.sql']);
    expect(files('sql: [q]')).toEqual(['q/a.sql', 'q/b.sql']);
  });

  it('accepts a folder of .sql files or one .sql file as the config', () => {
    write('d/20-views.sql', 'v');
    write('d/10-sources.sql', 's');
    expect(loadSqlFiles(loadConfig(join(dir, 'd'))).map((s) => s.sql)).toEqual(['s', 'v']);
    expect(loadSqlFiles(loadConfig(join(dir, 'd/20-views.sql')))).toEqual([{ file: join(dir, 'd/20-views.sql'), sql: 'v' }]);
    expect(() => loadConfig(join(dir, 'nope'))).toThrow(/no such file or directory/);
    mkdirSync(join(dir, 'empty'));
    expect(() => loadConfig(join(dir, 'empty'))).toThrow(/no \.sql files/);
  });

  it('substitutes values that would be YAML syntax, and ignores references in comments', () => {
    const p = write('tumbleql.yaml', '# old: ${UNSET_IN_COMMENT}\nserver: { host: 127.0.0.1, token: ${T} }\n');
    expect(loadConfig(p, { T: 'a: b, {x} #y' }).server.token).toBe('a: b, {x} #y');
    expect(() => loadConfig(p, {})).toThrow('tumbleql.yaml:2: server.token: environment variable T is not set');
  });

  it('keeps $${X} literal and uses defaults for unset or empty variables', () => {
    const c = loadConfig(write('tumbleql.yaml', 'server:\n  token: "$${NOT_A_VAR}"\n  host: ${HOST:-localhost}\n'), { HOST: '' });
    expect(c.server.token).toBe('${NOT_A_VAR}');
    expect(c.server.host).toBe('localhost');
  });
});

describe('config errors name file, line and key', () => {
  it.each([
    ['a bad sync level', 'state:\n  sync: always\n', "tumbleql.yaml:2: state.sync: expected 'normal' or 'full'"],
    ['a bad duration', 'server:\n  port: 8080\nstate:\n  path: x.db\n  checkpoint_interval: soon\n',
      "tumbleql.yaml:5: state.checkpoint_interval: expected a duration like '1s' or '500ms', got 'soon'"],
    ['an unknown key', 'server:\n  host: 127.0.0.1\n  prot: 8080\n',
      'tumbleql.yaml:3: server.prot: unknown key (expected one of host, port, token, tokens, allow_unauthenticated, max_payload, heartbeat, max_buffered_bytes, max_subscriptions, max_body_bytes, max_inflight_bytes)'],
    ['an unknown top-level key', 'sever: {}\n', 'tumbleql.yaml:1: sever: unknown key (expected one of server, sources, limits, state, cluster, log, sql)'],
    ['a port out of range', '\n\nserver: { port: 70000 }\n', 'tumbleql.yaml:3: server.port: expected a port (an integer 0–65535), got 70000'],
    ['a port that is text', 'server:\n  port: eighty\n', "tumbleql.yaml:2: server.port: expected a port (an integer 0–65535), got 'eighty'"],
    ['a bad retention', 'state:\n  retention:\n    rows: -1\n', 'tumbleql.yaml:3: state.retention.rows: expected a row count (an integer 1–…), got -1'],
    ['a bad log format', 'log:\n  format: xml\n', "tumbleql.yaml:2: log.format: expected one of text, json, got 'xml'"],
    ['a missing env variable', 'server:\n  host: 127.0.0.1\n  token: ${TUMBLEQL_TOKEN}\n',
      'tumbleql.yaml:3: server.token: environment variable TUMBLEQL_TOKEN is not set (write ${TUMBLEQL_TOKEN:-default} for a default)'],
    ['a missing sql file', 'sql:\n  - a.sql\n  - missing.sql\n', /^tumbleql\.yaml:3: sql\[1\]: file not found: missing\.sql/],
    ['a glob matching nothing', 'sql: queries/*.sql\n', "tumbleql.yaml:1: sql: no file matches 'queries/*.sql'"],
    ['a mapping for sql', 'sql: { a: 1 }\n', 'tumbleql.yaml:1: sql: expected inline SQL text or a list of .sql files/globs, got a mapping'],
    ['a YAML syntax error', 'server:\n  host: [unclosed\n', /^tumbleql\.yaml:\d+: /],
    ['a duplicate key', 'server:\n  port: 1\n  port: 2\n', /^tumbleql\.yaml:3: .*[Uu]nique/],
    ['a list at the top', '- a\n- b\n', 'tumbleql.yaml:1: expected a mapping with server, state, log and sql'],
  ])('%s', (_name, yaml, expected) => {
    write('a.sql', 'x');
    const msg = errorOf(yaml);
    if (typeof expected === 'string') expect(msg).toBe(expected);
    else expect(msg).toMatch(expected);
  });

  it('exposes file, line and key on the error', () => {
    const p = write('tumbleql.yaml', 'state:\n  checkpoint_interval: soon\n');
    try {
      loadConfig(p);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ file: p, line: 2, key: 'state.checkpoint_interval' });
    }
  });
});

describe('durations and sizes', () => {
  it('parses the documented spellings', () => {
    expect([parseDuration('1s'), parseDuration('500ms'), parseDuration('1.5m'), parseDuration(250), parseDuration('2h'), parseDuration('soon')]).toEqual([1000, 500, 90_000, 250, 7_200_000, null]);
    expect([parseSize('1MiB'), parseSize('64KiB'), parseSize('1MB'), parseSize(10), parseSize('0'), parseSize('big')]).toEqual([1048576, 65536, 1_000_000, 10, null, null]);
  });
});

describe('security settings', () => {
  it('reads server.tokens with ${ENV} values, file roots relative to the config, and limits', () => {
    const file = write(
      'tumbleql.yaml',
      [
        'server:',
        '  tokens:',
        '    - { name: ops, token: "${TQ_ADMIN}", role: admin, files: true }',
        '    - name: alice',
        '      token: ${TQ_ALICE}',
        '      role: subscriber',
        '      views: [notifications]',
        '      where: { user_id: 42 }',
        '  allow_unauthenticated: false',
        'sources: { file: { roots: [data, /srv/in] } }',
        'limits: { sql_bytes: 32KiB, windows_per_row: 500, generator_rows_per_second: 1000, line_bytes: 4KiB }',
      ].join('\n'),
    );
    const c = loadConfig(file, { TQ_ADMIN: 'a-secret', TQ_ALICE: 'b-secret' });
    expect(c.server.tokens).toEqual([
      { name: 'ops', token: 'a-secret', role: 'admin', files: true },
      { name: 'alice', token: 'b-secret', role: 'subscriber', views: ['notifications'], where: { user_id: 42 } },
    ]);
    expect(c.fileRoots).toEqual([join(dirname(file), 'data'), '/srv/in']);
    expect(c.limits).toEqual({ sqlBytes: 32768, windowsPerRow: 500, generatorRowsPerSecond: 1000, lineBytes: 4096 });
  });

  it('names a bad role with its line', () => {
    const file = write('tumbleql.yaml', 'server:\n  tokens:\n    - { name: x, token: t, role: root }\n');
    expect(() => loadConfig(file)).toThrow(/tumbleql.yaml:3: server.tokens\[0\].role: expected one of admin, producer, subscriber, got 'root'/);
  });
});
