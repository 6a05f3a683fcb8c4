/**
 * The syntax of changelog tables and temporal joins: spellings that mean the same parse to one AST, key
 * words stay usable as names, and every refusal is a diagnostic located where the mistake is.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { sqlError } from '../executor/helpers.js';
import { noPos, statementOf } from '../parser/helpers.js';

const ORDERS = `CREATE SOURCE orders (id INT, currency VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);`;
const RATES = `CREATE TABLE rates (currency VARCHAR, rate DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (currency) NOT ENFORCED);`;

describe('PRIMARY KEY ... NOT ENFORCED', () => {
  it('parses in any case and position among the columns, with one or several key columns', () => {
    const a = statementOf('CREATE TABLE t (a INT, b VARCHAR, PRIMARY KEY (a, b) NOT ENFORCED)');
    const b = statementOf('create table t (primary key (A, b) not enforced, a int, b varchar)');
    expect(noPos(a)).toEqual(noPos(b));
    expect(noPos(a)).toMatchObject({ kind: 'create_source', primaryKey: { columns: [{ name: 'a' }, { name: 'b' }] } });
  });

  it('keeps primary, key, enforced, system_time and of usable as column names', () => {
    const e = createEngine();
    e.execute('CREATE SOURCE s (primary INT, key VARCHAR, enforced BOOLEAN, system_time BIGINT, of INT)');
    expect(e.execute('DESCRIBE s')[0]).toMatchObject({ rows: [['primary', 'INT', true, ''], ['key', 'VARCHAR', true, ''], ['enforced', 'BOOLEAN', true, ''], ['system_time', 'BIGINT', true, ''], ['of', 'INT', true, '']] });
    void e.close();
  });

  it('makes the key columns NOT NULL', () => {
    const e = createEngine();
    e.execute(RATES);
    expect(e.execute('DESCRIBE rates')[0]).toMatchObject({ rows: [['currency', 'VARCHAR', false, ''], ['rate', 'DOUBLE', true, ''], ['ts', 'TIMESTAMP(3)', true, 'ts']] });
    void e.close();
  });

  it('refuses a second PRIMARY KEY, an unknown or repeated key column, each where it is written', () => {
    const e = createEngine();
    const twice = sqlError(() => e.execute('CREATE TABLE t (a INT,\n  PRIMARY KEY (a) NOT ENFORCED, PRIMARY KEY (a) NOT ENFORCED)'));
    expect(twice.diagnostics[0]).toMatchObject({ code: 'SQL_SYNTAX', line: 2, column: 33 });
    const unknown = sqlError(() => e.execute('CREATE TABLE t (a INT, PRIMARY KEY (b) NOT ENFORCED)'));
    expect(unknown.diagnostics[0]).toMatchObject({ code: 'UNKNOWN_COLUMN', line: 1, column: 37 });
    const repeated = sqlError(() => e.execute('CREATE TABLE t (a INT, PRIMARY KEY (a, A) NOT ENFORCED)'));
    expect(repeated.diagnostics[0]).toMatchObject({ code: 'DUPLICATE_NAME', column: 40 });
    void e.close();
  });
});

describe('FOR SYSTEM_TIME AS OF', () => {
  it('parses with or without AS before the alias, and without an alias', () => {
    const with_ = statementOf('SELECT * FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency');
    const without = statementOf('select * from orders o join rates for system_time as of o.ts r on o.currency = r.currency');
    expect(noPos(with_)).toEqual(noPos(without));
    expect(noPos(with_)).toMatchObject({ query: { from: { right: { kind: 'table', alias: { name: 'r' }, asOf: { kind: 'column' } } } } });
    const bare = statementOf('SELECT * FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts ON o.currency = rates.currency');
    expect(noPos(bare)).toMatchObject({ query: { from: { right: { kind: 'table', name: { name: 'rates' } } } } });
  });

  it('locates each refusal at what is wrong', () => {
    const e = createEngine();
    e.execute(`${ORDERS} ${RATES} CREATE SOURCE plain (currency VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);`);
    const noKey = sqlError(() => e.execute('SELECT o.id\nFROM orders o JOIN plain FOR SYSTEM_TIME AS OF o.ts AS p ON o.currency = p.currency'));
    expect(noKey.diagnostics[0]).toMatchObject({ code: 'UNSUPPORTED', line: 2, column: 20 }); // plain
    expect(noKey.diagnostics[0]!.hint).toContain('PRIMARY KEY (k) NOT ENFORCED and WATERMARK FOR');
    const asOf = sqlError(() => e.execute('SELECT o.id FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.id AS r ON o.currency = r.currency'));
    expect(asOf.diagnostics[0]).toMatchObject({ code: 'UNSUPPORTED', column: 60 }); // o.id
    const on = sqlError(() => e.execute('SELECT o.id FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.id = r.rate'));
    expect(on.diagnostics[0]).toMatchObject({ code: 'UNSUPPORTED', column: 73 }); // the ON condition
    void e.close();
  });

  it('checks non-key equalities and other conditions against the version found', () => {
    const e = createEngine();
    e.execute(`${ORDERS} ${RATES}
      CREATE VIEW v AS SELECT o.id, r.rate FROM orders o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r
      ON o.currency = r.currency AND o.id = CAST(r.rate AS INT);`);
    const out: string[] = [];
    e.subscribe('v', (rs) => out.push(...rs.map((r) => JSON.stringify(r.row))));
    e.push('rates', [{ currency: 'EUR', rate: 1, ts: 1000 }]);
    e.push('orders', [{ id: 1, currency: 'EUR', ts: 2000 }, { id: 2, currency: 'EUR', ts: 2000 }]);
    e.flush();
    expect(out).toEqual(['{"id":1,"rate":1}', '{"id":2,"rate":null}']);
    void e.close();
  });
});
