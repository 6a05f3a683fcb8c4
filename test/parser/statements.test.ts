import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/parser/parse.js';
import { bin, call, checkStatement, col, id, interval, item, num, query, select, statementOf, str } from './helpers.js';

const bidsColumns = [
  { name: id('auction'), type: { name: 'BIGINT' }, notNull: true },
  { name: id('price'), type: { name: 'DOUBLE' }, notNull: false },
  { name: id('ts'), type: { name: 'TIMESTAMP', precision: 3 }, notNull: false },
];

describe('CREATE SOURCE / CREATE TABLE', () => {
  it('reads columns, the watermark and WITH options; TABLE is the Flink spelling of SOURCE', () => {
    const expected = {
      kind: 'create_source',
      name: id('bids'),
      columns: bidsColumns,
      watermark: { column: id('ts'), expr: bin('-', col('ts'), interval(5000, "INTERVAL '5' SECOND")) },
      with: [
        { key: 'connector', value: 'websocket' },
        { key: 'scan.startup.mode', value: 'earliest' },
        { key: 'rows-per-second', value: 10 },
        { key: 'follow', value: true },
        { key: 'offset', value: -1.5 },
      ],
      spelling: 'SOURCE',
      ifNotExists: false,
      orReplace: false,
    };
    checkStatement(
      [
        `CREATE SOURCE bids (auction BIGINT NOT NULL, price DOUBLE, ts TIMESTAMP(3),
           WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
         WITH (connector = 'websocket', 'scan.startup.mode' = 'earliest', 'rows-per-second' = 10, follow = true, offset = -1.5)`,
        `create source BIDS (auction bigint not null, price double precision, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, ts timestamp(3))
         with (CONNECTOR = 'websocket', scan.startup.mode = 'earliest', "rows-per-second" = 10, follow = TRUE, offset = -1.5);`,
      ],
      expected,
    );
    checkStatement(
      [`CREATE TABLE bids (auction BIGINT NOT NULL, price DOUBLE, ts TIMESTAMP(3) WITHOUT TIME ZONE, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
        WITH (connector = 'websocket', 'scan.startup.mode' = 'earliest', 'rows-per-second' = 10, follow = true, offset = -1.5)`],
      { ...expected, spelling: 'TABLE' },
    );
  });

  it('reads OR REPLACE, IF NOT EXISTS, a missing WITH and nullable columns', () => {
    checkStatement(
      ['CREATE OR REPLACE SOURCE IF NOT EXISTS s (a INT NULL)'],
      { kind: 'create_source', name: id('s'), columns: [{ name: id('a'), type: { name: 'INT' }, notNull: false }], with: [], spelling: 'SOURCE', ifNotExists: true, orReplace: true },
    );
  });

  it('keeps a column name as written (references match it in any case), as an alias is kept', () => {
    expect(statementOf('CREATE SOURCE T (shopId INT, `Rate` INT)')).toMatchObject({
      name: { name: 't' },
      columns: [{ name: { name: 'shopId', quoted: false } }, { name: { name: 'Rate', quoted: true } }],
    });
  });

  it('allows a source named `if`', () => {
    expect(statementOf('CREATE SOURCE if (a INT)')).toMatchObject({ name: { name: 'if' }, ifNotExists: false });
  });

  it('reads computed columns (name AS expr) among the columns, in declared order, and a WATERMARK on one', () => {
    expect(statementOf("CREATE TABLE t (x BIGINT, ts AS TO_TIMESTAMP(FROM_UNIXTIME(x / 1000)), pt AS PROCTIME(), WATERMARK FOR ts AS ts)")).toMatchObject({
      columns: [
        { name: id('x'), type: { name: 'BIGINT' }, notNull: false },
        { name: id('ts'), type: null, computed: call('TO_TIMESTAMP', [call('FROM_UNIXTIME', [bin('/', col('x'), num('1000'))])]) },
        { name: id('pt'), type: null, computed: call('PROCTIME', []) },
      ],
      watermark: { column: id('ts'), expr: col('ts') },
    });
  });

  it('rejects a second WATERMARK', () => {
    expect(parseScript("CREATE SOURCE s (ts TIMESTAMP(3), WATERMARK FOR ts AS ts, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)").diagnostics[0]).toMatchObject({
      code: 'SQL_SYNTAX', message: 'a source has at most one WATERMARK', line: 1, column: 59,
    });
  });
});

describe('CREATE VIEW', () => {
  it('reads views; MATERIALIZED is a synonym the AST remembers', () => {
    const q = select({ items: [{ kind: 'star' }], from: { kind: 'table', name: id('bids') } });
    checkStatement(['CREATE VIEW v AS SELECT * FROM bids'], { kind: 'create_view', name: id('v'), query: q, materialized: false, ifNotExists: false, orReplace: false });
    checkStatement(['CREATE OR REPLACE MATERIALIZED VIEW IF NOT EXISTS v AS SELECT * FROM bids;'], {
      kind: 'create_view', name: id('v'), query: q, materialized: true, ifNotExists: true, orReplace: true,
    });
  });
});

describe('SELECT', () => {
  it('reads every clause', () => {
    checkStatement(
      ['SELECT DISTINCT a, b AS x, t.*, * FROM bids AS t WHERE a > 1 GROUP BY a, b HAVING COUNT(*) > 3 EMIT CHANGES'],
      query({
        distinct: true,
        items: [item(col('a')), item(col('b'), 'x'), { kind: 'star', qualifier: id('t') }, { kind: 'star' }],
        from: { kind: 'table', name: id('bids'), alias: id('t') },
        where: bin('>', col('a'), num('1')),
        groupBy: [col('a'), col('b')],
        having: bin('>', call('COUNT', [], { star: true }), num('3')),
        emit: { mode: 'changes' },
      }),
    );
  });

  it('reads EMIT FINAL, and EMIT right after a table is not an alias', () => {
    checkStatement(['SELECT a FROM t EMIT FINAL', 'select a from t emit final'], query({ items: [item(col('a'))], from: { kind: 'table', name: id('t') }, emit: { mode: 'final' } }));
  });

  it('reads a subquery in FROM with or without AS', () => {
    const inner = select({ items: [item(col('a'))], from: { kind: 'table', name: id('t') } });
    checkStatement(['SELECT a FROM (SELECT a FROM t) AS s', 'SELECT a FROM (SELECT a FROM t) s'], query({ items: [item(col('a'))], from: { kind: 'subquery', query: inner, alias: id('s') } }));
  });

  it('reads GROUP BY with constants and expressions', () => {
    expect(statementOf("SELECT COUNT(*) FROM t GROUP BY 1, 'x', a + 1")).toMatchObject({ query: { groupBy: [num('1'), str('x'), bin('+', col('a'), num('1'))] } });
  });
});

describe('other statements', () => {
  it('reads INSERT INTO ... VALUES with and without a column list', () => {
    checkStatement(["INSERT INTO s (a, b) VALUES (1, 'x'), (-2, NULL)"], {
      kind: 'insert',
      source: id('s'),
      columns: [id('a'), id('b')],
      rows: [[num('1'), str('x')], [num('-2'), { kind: 'literal', type: 'null', value: null, raw: 'NULL' }]],
    });
    checkStatement(['insert into s values (1)'], { kind: 'insert', source: id('s'), rows: [[num('1')]] });
  });

  it('reads DROP of sources, tables and (materialized) views', () => {
    checkStatement(['DROP SOURCE s', 'DROP TABLE s', 'drop source S;'], { kind: 'drop', object: 'source', name: id('s'), ifExists: false });
    checkStatement(['DROP VIEW IF EXISTS v', 'DROP MATERIALIZED VIEW IF EXISTS v'], { kind: 'drop', object: 'view', name: id('v'), ifExists: true });
  });

  it('reads SHOW, DESCRIBE and DESC', () => {
    checkStatement(['SHOW SOURCES', 'SHOW TABLES', 'show sources'], { kind: 'show', object: 'sources' });
    checkStatement(['SHOW VIEWS', 'SHOW MATERIALIZED VIEWS'], { kind: 'show', object: 'views' });
    checkStatement(['DESCRIBE bids', 'DESC bids', 'describe BIDS'], { kind: 'describe', name: id('bids') });
  });

  it('reads EXPLAIN of a query or of CREATE VIEW', () => {
    const q = query({ items: [item(col('a'))], from: { kind: 'table', name: id('t') } });
    checkStatement(['EXPLAIN SELECT a FROM t', 'EXPLAIN PLAN FOR SELECT a FROM t'], { kind: 'explain', statement: q });
    expect(statementOf('EXPLAIN CREATE VIEW v AS SELECT a FROM t')).toMatchObject({ kind: 'explain', statement: { kind: 'create_view', name: id('v') } });
    expect(parseScript('EXPLAIN DROP VIEW v').diagnostics[0]?.code).toBe('SQL_SYNTAX');
    expect(parseScript('EXPLAIN CREATE SOURCE s (a INT)').diagnostics[0]?.message).toBe('EXPLAIN takes a SELECT or a CREATE VIEW statement');
  });
});

describe('scripts', () => {
  it('splits at semicolons, ignores empty statements and keeps each statement text and position', () => {
    const script = "-- setup\nCREATE SOURCE s (a INT);;\n\nSELECT a /* all */ FROM s ;\n SHOW VIEWS";
    const r = parseScript(script);
    expect(r.diagnostics).toEqual([]);
    expect(r.statements.map((s) => s.text)).toEqual(['CREATE SOURCE s (a INT)', 'SELECT a /* all */ FROM s', 'SHOW VIEWS']);
    expect(r.statements.map((s) => [s.pos.line, s.pos.column])).toEqual([[2, 1], [4, 1], [5, 2]]);
    for (const s of r.statements) expect(script.slice(s.pos.offset, s.pos.offset + s.pos.length)).toBe(s.text);
    expect(r.statements[1]?.statement.pos).toEqual(r.statements[1]?.pos);
  });

  it('returns nothing for an empty script or one of only comments', () => {
    expect(parseScript('')).toEqual({ statements: [], diagnostics: [] });
    expect(parseScript('  -- nothing\n /* here */ ;')).toEqual({ statements: [], diagnostics: [] });
  });
});
describe('WITH options', () => {
  it('accepts the reserved word TABLE as an option key (Nexmark: table = \'bid\')', () => {
    const r = parseScript(`CREATE SOURCE b (x INT) WITH (connector = 'nexmark', table = 'bid', 'events' = 10)`);
    expect(r.diagnostics).toEqual([]);
    const s = r.statements[0]!.statement;
    expect(s.kind === 'create_source' ? s.with.map((o) => [o.key, o.value]) : []).toEqual([
      ['connector', 'nexmark'],
      ['table', 'bid'],
      ['events', 10],
    ]);
  });
});
