/**
 * Temporal joins against versioned views (parser/versioned.ts): a view that selects a versioned table's
 * key and time attribute, a deduplication on the time attribute (keep last or first), views over such
 * views and CTEs, each joined as the versions it is computed from; and every view that has no key, no
 * time attribute or a filter over a changelog refused at its name, as Flink refuses it.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { collect, sqlError } from '../executor/helpers.js';

const ORDERS = `CREATE SOURCE orders (id INT, currency VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);`;
const RATES = `CREATE TABLE rates (currency VARCHAR, rate DOUBLE, src VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts,
  PRIMARY KEY (currency) NOT ENFORCED);`;
const HISTORY = `CREATE SOURCE history (currency VARCHAR, rate DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);`;
const LAST = `CREATE VIEW last_rate AS SELECT currency, rate, ts FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY ts DESC) AS rn FROM history) WHERE rn = 1;`;
const FIRST = `CREATE VIEW first_rate AS SELECT currency, rate, ts FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY ts) AS rn FROM history) WHERE rn = 1;`;

function join(view: string, type = 'LEFT'): string {
  return `CREATE VIEW j AS SELECT o.id, r.rate FROM orders o ${type} JOIN ${view} FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.${view === 'renamed' ? 'cur' : 'currency'};`;
}

describe('a view that projects a versioned table', () => {
  it('joins the table\'s versions under the view\'s column names, deletes included', () => {
    const e = createEngine();
    e.execute(`${ORDERS} ${RATES} CREATE VIEW renamed AS SELECT ts AS valid_from, rate * 2 AS rate, currency AS cur FROM rates;` + join('renamed'));
    const out = collect(e, 'j');
    e.push('rates', [{ currency: 'EUR', rate: 1, ts: 1000 }, { currency: 'EUR', rate: 2, ts: 2000 }]);
    e.push('rates', [{ op: '-D', currency: 'EUR', rate: 2, ts: 3000 }]);
    e.push('orders', [{ id: 1, currency: 'EUR', ts: 1500 }, { id: 2, currency: 'EUR', ts: 2500 }, { id: 3, currency: 'EUR', ts: 3500 }]);
    e.flush();
    expect(out).toEqual(['+I {"id":1,"rate":2}', '+I {"id":2,"rate":4}', '+I {"id":3,"rate":null}']);
    void e.close();
  });

  it('reads a view over a view, and a CTE, through their plans; the joining view depends on the view it reads', () => {
    const e = createEngine();
    e.execute(`${ORDERS} ${RATES} CREATE VIEW v1 AS SELECT * FROM rates; CREATE VIEW v2 AS SELECT currency, ts, rate FROM v1;` + join('v2'));
    e.execute(`CREATE VIEW c AS WITH w AS (SELECT currency, rate, ts FROM rates)
      SELECT o.id, r.rate FROM orders o JOIN w FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;`);
    const out = collect(e, 'j');
    const outC = collect(e, 'c');
    // Orders first: they wait for the rates' watermark (a USD order behind it, with no USD version kept, would be late).
    e.push('orders', [{ id: 1, currency: 'EUR', ts: 1500 }, { id: 2, currency: 'USD', ts: 1500 }]);
    e.push('rates', [{ currency: 'EUR', rate: 1, ts: 1000 }, { currency: 'EUR', rate: 3, ts: 2000 }]);
    e.flush();
    expect(out).toEqual(['+I {"id":1,"rate":1}', '+I {"id":2,"rate":null}']);
    expect(outC).toEqual(['+I {"id":1,"rate":1}']);
    const drop = sqlError(() => e.execute('DROP VIEW v2'));
    expect(drop.diagnostics[0]).toMatchObject({ code: 'IN_USE' });
    expect(drop.diagnostics[0]!.message).toContain("'j'");
    void e.close();
  });
});

describe('a deduplication on the time attribute', () => {
  it('keep last: each row is the version of its key from its time on; a tie goes to the later arrival', () => {
    const e = createEngine();
    e.execute(`${ORDERS} ${HISTORY} ${LAST}` + join('last_rate', 'INNER'));
    const out = collect(e, 'j');
    e.push('history', [{ currency: 'EUR', rate: 1, ts: 1000 }, { currency: 'EUR', rate: 2, ts: 2000 }, { currency: 'EUR', rate: 5, ts: 2000 }]);
    e.push('orders', [{ id: 1, currency: 'EUR', ts: 1000 }, { id: 2, currency: 'EUR', ts: 1999 }, { id: 3, currency: 'EUR', ts: 2000 }, { id: 4, currency: 'EUR', ts: 999 }]);
    e.flush();
    // The replaced rows' retractions (-D) never delete EUR: order 1 still meets 1.0 after 2.0 arrived.
    expect(out.sort()).toEqual(['+I {"id":1,"rate":1}', '+I {"id":2,"rate":1}', '+I {"id":3,"rate":5}']);
    void e.close();
  });

  it('keep first: the key keeps its first row from that row\'s time on', () => {
    const e = createEngine();
    e.execute(`${ORDERS} ${HISTORY} ${FIRST}` + join('first_rate'));
    const out = collect(e, 'j');
    e.push('history', [{ currency: 'EUR', rate: 1, ts: 1000 }, { currency: 'EUR', rate: 2, ts: 2000 }]);
    e.push('orders', [{ id: 1, currency: 'EUR', ts: 500 }, { id: 2, currency: 'EUR', ts: 1500 }, { id: 3, currency: 'EUR', ts: 2500 }]);
    e.flush();
    expect(out.sort()).toEqual(['+I {"id":1,"rate":null}', '+I {"id":2,"rate":1}', '+I {"id":3,"rate":1}']);
    void e.close();
  });

  it('filters the history below the deduplication (an append-only input) without refusing it', () => {
    const e = createEngine();
    e.execute(`${ORDERS} ${HISTORY} CREATE VIEW pos AS SELECT currency, rate, ts FROM (
      SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY ts DESC) AS rn FROM history WHERE rate > 0) WHERE rn = 1;` + join('pos'));
    const out = collect(e, 'j');
    e.push('history', [{ currency: 'EUR', rate: 1, ts: 1000 }, { currency: 'EUR', rate: -1, ts: 2000 }]);
    e.push('orders', [{ id: 1, currency: 'EUR', ts: 2500 }]);
    e.flush();
    expect(out).toEqual(['+I {"id":1,"rate":1}']);
    void e.close();
  });
});

describe('views that are not versioned', () => {
  const cases: [string, string, RegExp][] = [
    ['no key: a projection of an append-only source', 'CREATE VIEW v AS SELECT currency, rate, ts FROM history', /no primary key can be derived from it \('history' has no PRIMARY KEY\)/],
    ['the key dropped', 'CREATE VIEW v AS SELECT rate, ts FROM rates', /no primary key .*drops the key column 'currency'/],
    ['the time attribute dropped', 'CREATE VIEW v AS SELECT currency, rate FROM rates', /no event-time attribute .*drops the time attribute 'ts'/],
    ['a filter over the versions', "CREATE VIEW v AS SELECT * FROM rates WHERE src = 'ecb'", /filters a changelog/],
    ['a Top-N of two rows', 'CREATE VIEW v AS SELECT currency, rate, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY ts DESC) AS rn FROM history) WHERE rn <= 2', /no primary key .*Top-N that keeps more than one row/],
    ['a Top-1 by another column', 'CREATE VIEW v AS SELECT currency, rate, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY rate DESC) AS rn FROM history) WHERE rn = 1', /no event-time attribute .*Top-1 not ordered by the time attribute/],
    ['a deduplication of a changelog', 'CREATE VIEW v AS SELECT currency, rate, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY ts DESC) AS rn FROM rates) WHERE rn = 1', /no primary key .*deduplicates a changelog/],
    ['an aggregation', 'CREATE VIEW v AS SELECT currency, MAX(rate) AS rate FROM history GROUP BY currency', /no event-time attribute .*an aggregation/],
  ];
  for (const [what, view, message] of cases) {
    it(`refuses ${what}, at the view's name in the join`, () => {
      const e = createEngine();
      e.execute(`${ORDERS} ${RATES} ${HISTORY} ${view};`);
      const err = sqlError(() => e.execute('SELECT o.id\nFROM orders o JOIN v FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency'));
      expect(err.diagnostics[0]).toMatchObject({ code: 'UNSUPPORTED', line: 2, column: 20 });
      expect(err.diagnostics[0]!.message).toMatch(message);
      expect(err.diagnostics[0]!.hint).toContain('ROW_NUMBER() OVER (PARTITION BY k ORDER BY rowtime [DESC]) = 1');
      void e.close();
    });
  }
});
