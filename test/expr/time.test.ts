import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { between, bin, bind, bindError, call, col, inList, MS, NULL, num, run, str, ts } from './helpers.js';
import { formatSqlTimestamp, formatTimestamp, parseTimestamp } from '../../src/parser/functions.js';
import { compileDatePattern } from '../../src/parser/functions-datefmt.js';

// 2020-10-10 was a Saturday, day 284 of a leap year, ISO week 41.
const T0 = MS('2020-10-10T13:45:56.789Z');

describe('parseTimestamp', () => {
  const good: [string, string][] = [
    ['2020-10-10T00:00:05Z', '2020-10-10T00:00:05.000Z'],
    ['2020-10-10T00:00:05.123Z', '2020-10-10T00:00:05.123Z'],
    ['2020-10-10 00:00:05', '2020-10-10T00:00:05.000Z'],
    ['2020-10-10 00:00:05.1', '2020-10-10T00:00:05.100Z'],
    ['2020-10-10T00:00:05.123456789Z', '2020-10-10T00:00:05.123Z'],
    ['2020-10-10T02:00:05+02:00', '2020-10-10T00:00:05.000Z'],
    ['2020-10-09T19:30:05-0430', '2020-10-10T00:00:05.000Z'],
    ['2020-10-10T05:00:05+05', '2020-10-10T00:00:05.000Z'],
    ['2020-10-10T00:00', '2020-10-10T00:00:00.000Z'],
    ['2020-10-10', '2020-10-10T00:00:00.000Z'],
    ['  2020-10-10 00:00:05  ', '2020-10-10T00:00:05.000Z'],
    ['2020-1-5 1:02:03', '2020-01-05T01:02:03.000Z'],
    ['2024-02-29T00:00:00z', '2024-02-29T00:00:00.000Z'],
    ['1969-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z'],
  ];
  for (const [text, iso] of good) {
    it(`reads '${text}' as ${iso}`, () => {
      expect(parseTimestamp(text)).toBe(MS(iso));
    });
  }

  const bad = ['', 'yesterday', '2020-13-01', '2021-02-29', '2020-10-10T25:00:00', '2020-10-10 00:60', '2020-10-10T00:00:05Q',
    '20201010', '2020-10-10T00:00:05+2', '2020-10-10T', '1602288005000'];
  for (const text of bad) {
    it(`refuses '${text}'`, () => {
      expect(parseTimestamp(text)).toBeNull();
    });
  }

  it('agrees with Date for every instant in years 0000-9999 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62167219200000, max: 253402300799999 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(formatTimestamp(ms)).toBe(iso);
        expect(parseTimestamp(iso)).toBe(ms);
        expect(parseTimestamp(formatSqlTimestamp(ms))).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('EXTRACT and its shorthands', () => {
  const fields: [string, number][] = [
    ['YEAR', 2020], ['QUARTER', 4], ['MONTH', 10], ['WEEK', 41], ['DAY', 10], ['DOY', 284],
    ['DOW', 7], ['ISODOW', 6], ['HOUR', 13], ['MINUTE', 45], ['SECOND', 56], ['MILLISECOND', 789], ['MICROSECOND', 789000], ['NANOSECOND', 789000000],
    ['DECADE', 202], ['CENTURY', 21], ['MILLENNIUM', 3], ['ISOYEAR', 2020],
    ['EPOCH', Math.floor(T0 / 1000)],
  ];
  for (const [field, want] of fields) {
    it(`EXTRACT(${field} FROM 2020-10-10 13:45:56.789) = ${want}`, () => {
      expect(run(call('EXTRACT', str(field), col('ts')), { ts: T0 })).toBe(want);
    });
  }

  it('has Flink shorthands YEAR(ts), HOUR(ts), DAYOFWEEK(ts), ...', () => {
    expect(run(call('YEAR', col('ts')), { ts: T0 })).toBe(2020);
    expect(run(call('HOUR', col('ts')), { ts: T0 })).toBe(13);
    expect(run(call('DAYOFWEEK', col('ts')), { ts: T0 })).toBe(7);
    expect(run(call('DAYOFMONTH', col('ts')), { ts: T0 })).toBe(10);
  });

  it('handles timestamps before 1970 and ISO weeks across the new year', () => {
    expect(run(call('EXTRACT', str('HOUR'), col('ts')), { ts: MS('1969-12-31T23:00:00Z') })).toBe(23);
    expect(run(call('EXTRACT', str('WEEK'), col('ts')), { ts: MS('2021-01-03T00:00:00Z') })).toBe(53);
    expect(run(call('EXTRACT', str('WEEK'), col('ts')), { ts: MS('2024-12-30T00:00:00Z') })).toBe(1);
    expect(run(call('EXTRACT', str('ISOYEAR'), col('ts')), { ts: MS('2024-12-30T00:00:00Z') })).toBe(2025);
    expect(run(call('EXTRACT', str('ISOYEAR'), col('ts')), { ts: MS('2021-01-03T00:00:00Z') })).toBe(2020);
  });

  it('counts the fraction of the second only, and centuries from year 1, as Flink does', () => {
    expect(run(call('EXTRACT', str('MILLISECOND'), col('ts')), { ts: MS('2000-01-31T11:22:33.123Z') })).toBe(123);
    expect(run(call('EXTRACT', str('MILLISECOND'), col('ts')), { ts: MS('1969-12-31T23:59:59.250Z') })).toBe(250);
    expect(run(call('EXTRACT', str('CENTURY'), col('ts')), { ts: MS('2000-01-31T11:22:33Z') })).toBe(20);
    expect(run(call('EXTRACT', str('MILLENNIUM'), col('ts')), { ts: MS('2000-01-31T11:22:33Z') })).toBe(2);
    expect(run(call('EXTRACT', str('DECADE'), col('ts')), { ts: MS('2000-01-31T11:22:33Z') })).toBe(200);
  });

  it('is a BIGINT and refuses unknown fields and non-timestamps', () => {
    expect(bind(call('EXTRACT', str('HOUR'), col('ts'))).type.name).toBe('BIGINT');
    const d = bindError(call('EXTRACT', str('FORTNIGHT'), col('ts')));
    expect(d.code).toBe('INVALID_LITERAL');
    expect(d.message).toContain("unknown field 'FORTNIGHT'");
    expect(bindError(call('EXTRACT', str('HOUR'), col('s'))).message).toBe('EXTRACT expects TIMESTAMP as argument 2, got VARCHAR');
  });
});

describe('DATE_FORMAT, TO_TIMESTAMP and friends', () => {
  it('formats with a Java-style pattern', () => {
    expect(run(call('DATE_FORMAT', col('ts'), str('yyyy-MM-dd HH:mm:ss')), { ts: T0 })).toBe('2020-10-10 13:45:56');
    expect(run(call('DATE_FORMAT', col('ts'), str("yy/M/d h:mm a 'at' SSS")), { ts: T0 })).toBe("20/10/10 1:45 PM at 789");
    expect(run(call('DATE_FORMAT', col('ts'), str('EEE, dd MMM yyyy')), { ts: T0 })).toBe('Sat, 10 Oct 2020');
    expect(run(call('DATE_FORMAT', col('ts'), str("yyyy-MM-dd'T'HH:mm:ss.SSSX")), { ts: T0 })).toBe('2020-10-10T13:45:56.789Z');
    expect(run(call('DATE_FORMAT', str('2020-10-10 13:45:56'), str('HH:mm')))).toBe('13:45');
  });

  it('refuses an unsupported pattern letter at bind time', () => {
    const d = bindError(call('DATE_FORMAT', col('ts'), str('yyyy-QQ')));
    expect(d.code).toBe('INVALID_LITERAL');
    expect(d.message).toContain("unsupported letter 'Q'");
  });

  it('parses with TO_TIMESTAMP, with or without a pattern', () => {
    expect(run(call('TO_TIMESTAMP', str('2020-10-10 13:45:56')))).toBe(MS('2020-10-10T13:45:56Z'));
    expect(run(call('TO_TIMESTAMP', str('10/10/2020 13:45'), str('dd/MM/yyyy HH:mm')))).toBe(MS('2020-10-10T13:45:00Z'));
    expect(run(call('TO_TIMESTAMP', str('20201010134556'), str('yyyyMMddHHmmss')))).toBe(MS('2020-10-10T13:45:56Z'));
    expect(run(call('TO_TIMESTAMP', str('Oct 10 2020 1:45 PM'), str('MMM d yyyy h:mm a')))).toBe(MS('2020-10-10T13:45:00Z'));
    expect(run(call('TO_TIMESTAMP', str('nonsense')))).toBeNull();
    expect(run(call('TO_TIMESTAMP', str('2020-02-30 00:00'), str('yyyy-MM-dd HH:mm')))).toBeNull();
    expect(bind(call('TO_TIMESTAMP', str('x'))).type).toMatchObject({ name: 'TIMESTAMP', nullable: true });
  });

  it('round-trips DATE_FORMAT and TO_TIMESTAMP through a pattern (property)', () => {
    const p = compileDatePattern('yyyy-MM-dd HH:mm:ss.SSS');
    if (typeof p === 'string') throw new Error(p);
    fc.assert(fc.property(fc.integer({ min: 0, max: 253402300799999 }), (ms) => p.parse(p.format(ms)) === ms));
  });

  it('converts epochs: TO_TIMESTAMP_LTZ, FROM_UNIXTIME, UNIX_TIMESTAMP', () => {
    expect(run(call('TO_TIMESTAMP_LTZ', col('b'), num('3')), { b: T0 })).toBe(T0);
    expect(run(call('TO_TIMESTAMP_LTZ', col('b'), num('0')), { b: 1602288000 })).toBe(1602288000000);
    expect(run(call('FROM_UNIXTIME', num('1602288000')))).toBe('2020-10-10 00:00:00');
    expect(run(call('FROM_UNIXTIME', num('1602288000'), str('yyyy')))).toBe('2020');
    expect(run(call('UNIX_TIMESTAMP', col('ts')), { ts: T0 })).toBe(Math.floor(T0 / 1000));
    expect(run(call('UNIX_TIMESTAMP', str('2020-10-10 00:00:00')))).toBe(1602288000);
    expect(run(call('UNIX_TIMESTAMP', str('x')))).toBeNull();
    expect(bindError(call('UNIX_TIMESTAMP')).code).toBe('UNSUPPORTED');
  });

  it('truncates with DATE_TRUNC and FLOOR/CEIL(ts, unit)', () => {
    const at = (iso: string): number => MS(iso);
    expect(run(call('DATE_TRUNC', str('hour'), col('ts')), { ts: T0 })).toBe(at('2020-10-10T13:00:00Z'));
    expect(run(call('DATE_TRUNC', str('MONTH'), col('ts')), { ts: T0 })).toBe(at('2020-10-01T00:00:00Z'));
    expect(run(call('DATE_TRUNC', str('QUARTER'), col('ts')), { ts: T0 })).toBe(at('2020-10-01T00:00:00Z'));
    expect(run(call('DATE_TRUNC', str('WEEK'), col('ts')), { ts: T0 })).toBe(at('2020-10-05T00:00:00Z'));
    expect(run(call('DATE_TRUNC', str('YEAR'), col('ts')), { ts: T0 })).toBe(at('2020-01-01T00:00:00Z'));
    expect(run(call('FLOOR', col('ts'), str('MINUTE')), { ts: T0 })).toBe(at('2020-10-10T13:45:00Z'));
    expect(run(call('CEIL', col('ts'), str('DAY')), { ts: T0 })).toBe(at('2020-10-11T00:00:00Z'));
    expect(run(call('CEIL', col('ts'), str('MONTH')), { ts: at('2020-12-05T00:00:00Z') })).toBe(at('2021-01-01T00:00:00Z'));
    expect(run(call('CEIL', col('ts'), str('HOUR')), { ts: at('2020-12-05T01:00:00Z') })).toBe(at('2020-12-05T01:00:00Z'));
    expect(bindError(call('DATE_TRUNC', str('fortnight'), col('ts'))).code).toBe('INVALID_LITERAL');
  });
});

describe('comparing TIMESTAMP with text', () => {
  it('parses a constant string once at bind time', () => {
    const e = bind(bin('>', col('ts'), str('2020-10-10 00:00:00')));
    expect(e).toMatchObject({ kind: 'call', args: [{ kind: 'input' }, { kind: 'const', value: MS('2020-10-10T00:00:00Z') }] });
    expect(run(bin('>', col('ts'), str('2020-10-10T00:00:00Z')), { ts: T0 })).toBe(true);
    expect(run(bin('=', str('2020-10-10T13:45:56.789Z'), col('ts')), { ts: T0 })).toBe(true);
  });

  it('reports an unparsable constant as an invalid literal', () => {
    const d = bindError(bin('<', col('ts'), str('2020-13-01')));
    expect(d.code).toBe('INVALID_LITERAL');
    expect(d.message).toContain("'2020-13-01' is not a valid timestamp");
  });

  it('converts a VARCHAR column per row (unparsable text compares as NULL)', () => {
    expect(run(bin('<', col('ts'), col('s')), { ts: 0, s: '2020-01-01' })).toBe(true);
    expect(run(bin('<', col('ts'), col('s')), { ts: 0, s: 'junk' })).toBeNull();
  });

  it('works inside IN and BETWEEN', () => {
    expect(run(inList(col('ts'), [str('2020-10-10 13:45:56.789'), NULL]), { ts: T0 })).toBe(true);
    expect(run(between(col('ts'), str('2020-10-10'), str('2020-10-11')), { ts: T0 })).toBe(true);
    expect(run(between(col('ts'), ts('2020-10-10 00:00:00'), ts('2020-10-10 01:00:00')), { ts: T0 })).toBe(false);
  });

  it('still refuses numbers against timestamps', () => {
    expect(bindError(bin('=', col('ts'), num('5'))).message).toBe('cannot compare TIMESTAMP(3) with INT');
  });
});

describe('wall-clock functions', () => {
  it('refuses CURRENT_TIMESTAMP with the reason, whether written as a call or a bare name', () => {
    const d = bindError(call('CURRENT_TIMESTAMP'));
    expect(d.code).toBe('UNSUPPORTED');
    expect(d.message).toContain('event time');
    expect(bindError(col('current_timestamp')).code).toBe('UNSUPPORTED');
    expect(bindError(call('NOW')).code).toBe('UNSUPPORTED');
    expect(bindError(call('RAND')).message).toContain('deterministic');
  });
});
