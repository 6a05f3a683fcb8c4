import { describe, expect, it } from 'vitest';
import { call, checkStatement, col, descriptor, exprArg, id, interval, item, query, statementOf, table } from './helpers.js';

const fiveSeconds = interval(5000, "INTERVAL '5' SECOND");
const twoSeconds = interval(2000, "INTERVAL '2' SECOND");
const tenSeconds = interval(10_000, "INTERVAL '10' SECOND");
const items = [item(col('a')), item(call('COUNT', [], { star: true }), 'n')];
const groupByWindow = [col('a'), col('window_start'), col('window_end')];

describe('window spellings (DESIGN §2)', () => {
  it('reads the Flink TUMBLE TVF with positional arguments', () => {
    checkStatement(
      [
        "SELECT a, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND)) GROUP BY a, window_start, window_end",
        "select a, count(*) n from table(tumble(table bids, descriptor(ts), INTERVAL '5' SECOND)) group by a, window_start, window_end",
        "SELECT a, COUNT(*) AS n FROM TABLE(\n  TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND)) -- window\nGROUP BY a, window_start, window_end;",
      ],
      query({
        items,
        from: { kind: 'window_tvf', fn: 'TUMBLE', spelling: 'tvf', args: [{ value: table('bids') }, { value: descriptor('ts') }, { value: exprArg(fiveSeconds) }] },
        groupBy: groupByWindow,
      }),
    );
  });

  it('reads the Flink HOP TVF with the slide before the size, and an offset', () => {
    checkStatement(
      ["SELECT a, COUNT(*) AS n FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND, INTERVAL '1' SECOND)) AS w GROUP BY a, window_start, window_end"],
      query({
        items,
        from: {
          kind: 'window_tvf',
          fn: 'HOP',
          spelling: 'tvf',
          alias: id('w'),
          args: [{ value: table('bids') }, { value: descriptor('ts') }, { value: exprArg(twoSeconds) }, { value: exprArg(tenSeconds) }, { value: exprArg(interval(1000, "INTERVAL '1' SECOND")) }],
        },
        groupBy: groupByWindow,
      }),
    );
  });

  it('reads named TVF arguments, upper-casing the parameter names', () => {
    checkStatement(
      [
        "SELECT a, COUNT(*) AS n FROM TABLE(TUMBLE(DATA => TABLE bids, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL '5' SECOND)) GROUP BY a, window_start, window_end",
        "SELECT a, COUNT(*) AS n FROM TABLE(TUMBLE(data => TABLE bids, timecol => DESCRIPTOR(ts), size => INTERVAL '5' SECOND)) GROUP BY a, window_start, window_end",
      ],
      query({
        items,
        from: {
          kind: 'window_tvf',
          fn: 'TUMBLE',
          spelling: 'tvf',
          args: [
            { name: 'DATA', value: table('bids') },
            { name: 'TIMECOL', value: descriptor('ts') },
            { name: 'SIZE', value: exprArg(fiveSeconds) },
          ],
        },
        groupBy: groupByWindow,
      }),
    );
  });

  it('turns the RisingWave short form into table and descriptor arguments', () => {
    checkStatement(
      ["SELECT a, COUNT(*) AS n FROM TUMBLE(bids, ts, INTERVAL '5' SECOND) GROUP BY a, window_start, window_end"],
      query({
        items,
        from: { kind: 'window_tvf', fn: 'TUMBLE', spelling: 'short', args: [{ value: table('bids') }, { value: descriptor('ts') }, { value: exprArg(fiveSeconds) }] },
        groupBy: groupByWindow,
      }),
    );
    checkStatement(
      ["SELECT a, COUNT(*) AS n FROM hop(bids, ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND) w GROUP BY a, window_start, window_end"],
      query({
        items,
        from: {
          kind: 'window_tvf', fn: 'HOP', spelling: 'short', alias: id('w'),
          args: [{ value: table('bids') }, { value: descriptor('ts') }, { value: exprArg(twoSeconds) }, { value: exprArg(tenSeconds) }],
        },
        groupBy: groupByWindow,
      }),
    );
  });

  it('keeps legacy group windows as ordinary TUMBLE/HOP calls in GROUP BY and TUMBLE_START in SELECT', () => {
    checkStatement(
      ["SELECT TUMBLE_START(ts, INTERVAL '5' SECOND) AS ws, a, COUNT(*) AS n FROM bids GROUP BY TUMBLE(ts, INTERVAL '5' SECOND), a"],
      query({
        items: [item(call('TUMBLE_START', [col('ts'), fiveSeconds]), 'ws'), ...items],
        from: { kind: 'table', name: id('bids') },
        groupBy: [call('TUMBLE', [col('ts'), fiveSeconds]), col('a')],
      }),
    );
    checkStatement(
      ["SELECT HOP_END(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND) FROM bids GROUP BY HOP(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND)"],
      query({
        items: [item(call('HOP_END', [col('ts'), twoSeconds, tenSeconds]))],
        from: { kind: 'table', name: id('bids') },
        groupBy: [call('HOP', [col('ts'), twoSeconds, tenSeconds])],
      }),
    );
  });

  it('accepts any function name in TVF position (the binder decides) and a subquery as TVF input', () => {
    const stmt = statementOf("SELECT * FROM TABLE(CUMULATE(TABLE (SELECT * FROM bids), DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND))");
    expect(stmt.kind === 'query' && stmt.query.from).toMatchObject({ kind: 'window_tvf', fn: 'CUMULATE', args: [{ value: { kind: 'subquery' } }, {}, {}, {}] });
  });

  it('keeps TVF positions so the binder can blame one argument', () => {
    const sql = "SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND)) AS w";
    const stmt = statementOf(sql);
    if (stmt.kind !== 'query' || stmt.query.from.kind !== 'window_tvf') throw new Error('expected a window TVF');
    const from = stmt.query.from;
    expect(sql.slice(from.pos.offset, from.pos.offset + from.pos.length)).toBe("TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND)) AS w");
    const size = from.args[2];
    expect(size && sql.slice(size.pos.offset, size.pos.offset + size.pos.length)).toBe("INTERVAL '5' SECOND");
  });
});
