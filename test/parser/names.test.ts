import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/parser/parse.js';
import { checkStatement, col, errorOf, id, item, query, statementOf } from './helpers.js';

describe('identifiers and keywords', () => {
  it('reads keywords in any case', () => {
    checkStatement(
      ['SELECT a FROM t WHERE a IS NOT NULL', 'select a from t where a is not null', 'SeLeCt a FrOm t WhErE a Is NoT nUlL'],
      query({ items: [item(col('a'))], from: { kind: 'table', name: id('t') }, where: { kind: 'is_null', operand: col('a'), negated: true } }),
    );
  });

  it('lower-cases unquoted names and keeps quoted ones as written', () => {
    checkStatement(['SELECT Price FROM Bids', 'SELECT PRICE FROM BIDS'], query({ items: [item(col('price'))], from: { kind: 'table', name: id('bids') } }));
    checkStatement(['SELECT "Price" FROM `Bids`'], query({ items: [item({ kind: 'column', name: id('Price', true) })], from: { kind: 'table', name: id('Bids', true) } }));
    checkStatement(['SELECT "a""b" FROM t'], query({ items: [item({ kind: 'column', name: id('a"b', true) })], from: { kind: 'table', name: id('t') } }));
  });

  it('lets window words, type names and non-reserved keywords be column and table names', () => {
    const words = [
      'tumble', 'hop', 'window', 'session', 'cumulate', 'descriptor_x', 'source', 'view', 'views', 'emit', 'changes', 'final',
      'data', 'timecol', 'size', 'slide', 'offset', 'watermark', 'second', 'minute', 'hour', 'day', 'milliseconds', 'timestamp',
      'name', 'string', 'int', 'double', 'float', 'value', 'window_start', 'window_end', 'text', 'if', 'replace', 'show', 'plan',
      'describe', 'desc', 'explain', 'time', 'zone', 'local', 'precision', 'tables', 'materialized',
    ];
    for (const w of words) {
      checkStatement([`SELECT ${w} FROM ${w} WHERE ${w} > 1`], query({
        items: [item(col(w))],
        from: { kind: 'table', name: id(w) },
        where: { kind: 'binary', op: '>', left: col(w), right: { kind: 'literal', type: 'number', value: 1, raw: '1' } },
      }));
    }
  });

  it('reads non-reserved keywords as aliases and in column definitions', () => {
    expect(statementOf('SELECT a AS size, b second FROM t AS window')).toMatchObject({
      query: { items: [{ alias: id('size') }, { alias: id('second') }], from: { alias: id('window') } },
    });
    expect(statementOf('CREATE SOURCE s (watermark BIGINT, timestamp TIMESTAMP(3), `int` INT, name STRING, WATERMARK FOR timestamp AS timestamp)')).toMatchObject({
      columns: [{ name: id('watermark') }, { name: id('timestamp') }, { name: id('int', true) }, { name: id('name') }],
      watermark: { column: id('timestamp') },
    });
  });

  it('tells TIMESTAMP the column from TIMESTAMP the literal by the string after it', () => {
    expect(statementOf("SELECT timestamp FROM t WHERE timestamp > TIMESTAMP '2020-01-01 00:00:00'")).toMatchObject({
      query: { items: [item(col('timestamp'))], where: { left: col('timestamp'), right: { type: 'timestamp', value: Date.UTC(2020, 0, 1) } } },
    });
  });

  it('needs quotes for reserved words, as Flink does', () => {
    expect(errorOf('SELECT from FROM t')).toBe("1:8 unexpected 'from'; expected '*' or an expression");
    checkStatement(['SELECT "from", `table` FROM "select"'], query({
      items: [item({ kind: 'column', name: id('from', true) }), item({ kind: 'column', name: id('table', true) })],
      from: { kind: 'table', name: id('select', true) },
    }));
  });

  it('skips comments anywhere', () => {
    checkStatement(
      ['SELECT /* cols */ a -- first\n FROM /* src */ t -- end', 'SELECT a FROM t'],
      query({ items: [item(col('a'))], from: { kind: 'table', name: id('t') } }),
    );
    expect(parseScript('SELECT a /* ; */ FROM t -- ; \n').statements).toHaveLength(1);
  });
});
