/**
 * PROCTIME() columns (runtime/processing-time.ts, docs/time.md "Processing time"): stamped as rows are
 * taken in — the engine's clock (rows of a batch share it; it never moves back), or in 'arrival' mode
 * (tumbleql replay) the count of rows taken in, strictly increasing over every source. Rows read again
 * (a view created later, a restart replaying the input log) keep the time they were stamped with.
 */
import { describe, expect, it } from 'vitest';
import { TumbleEngine } from '../../src/executor/engine.js';
import { createEngine } from '../../src/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { collect, durable, statePathPerTest } from './helpers.js';

const SCRIPT = `
CREATE SOURCE a (k INT, pt AS PROCTIME());
CREATE SOURCE b (k INT, t BIGINT, ts AS TO_TIMESTAMP(FROM_UNIXTIME(t)), pt AS PROCTIME(), WATERMARK FOR ts AS ts);
CREATE VIEW va AS SELECT k, pt FROM a;
CREATE VIEW vb AS SELECT k, ts, pt FROM b;`;

const iso = (ms: number): string => new Date(ms).toISOString();
const statePath = statePathPerTest();

describe('processing time', () => {
  it('stamps a batch with the clock when it is taken in, and never moves back with the clock', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const e = createEngine({ clock });
    e.execute(SCRIPT);
    const rows = collect(e, 'va');
    e.push('a', [{ k: 1 }, { k: 2 }]);
    clock.advance(1500);
    e.push('a', [{ k: 3 }]);
    (clock as unknown as { t: number }).t -= 10_000; // the clock is set back
    e.push('a', [{ k: 4 }]);
    const t0 = Date.UTC(2026, 0, 1);
    expect(rows).toEqual([
      `+I {"k":1,"pt":"${iso(t0)}"}`,
      `+I {"k":2,"pt":"${iso(t0)}"}`,
      `+I {"k":3,"pt":"${iso(t0 + 1500)}"}`,
      `+I {"k":4,"pt":"${iso(t0 + 1500)}"}`,
    ]);
  });

  it("in 'arrival' mode stamps the n-th row taken in, over every source, n ms after the epoch", () => {
    const e = new TumbleEngine({ processingTime: 'arrival' });
    e.execute(SCRIPT);
    const a = collect(e, 'va');
    const b = collect(e, 'vb');
    e.push('a', [{ k: 1 }, { k: 2 }]);
    e.push('b', [{ k: 3, t: 60 }, { k: 4, t: 'x' }, { k: 5, t: 61 }]); // the bad row is rejected, not counted
    e.push('a', [{ k: 6 }]);
    expect(a).toEqual(['+I {"k":1,"pt":"1970-01-01T00:00:00.001Z"}', '+I {"k":2,"pt":"1970-01-01T00:00:00.002Z"}', '+I {"k":6,"pt":"1970-01-01T00:00:00.005Z"}']);
    expect(b).toEqual(['+I {"k":3,"ts":"1970-01-01T00:01:00.000Z","pt":"1970-01-01T00:00:00.003Z"}', '+I {"k":5,"ts":"1970-01-01T00:01:01.000Z","pt":"1970-01-01T00:00:00.004Z"}']);
    // A view created later from 'earliest' reads the retained rows with the times they were stamped with.
    e.execute('CREATE VIEW later AS SELECT k, pt FROM a');
    expect(collect(e, 'later')).toEqual(a);
  });

  it('a computed event-time column that is NULL rejects the row, with the reason', () => {
    const e = createEngine();
    e.execute(SCRIPT);
    const r = e.push('b', [{ k: 1, t: null }]);
    expect(r.rejected.map((x) => x.reason)).toEqual(["event-time column 'ts' (computed) is null"]);
  });

  it('after a crash, rows replayed from the input log keep their times and later arrivals count on', () => {
    const path = statePath();
    const e = durable(path, { processingTime: 'arrival' });
    e.execute(SCRIPT);
    e.push('a', [{ k: 1 }, { k: 2 }]);
    e.checkpoint();
    e.push('a', [{ k: 3 }]); // logged, not checkpointed
    e.crash();
    const r = durable(path, { processingTime: 'arrival' });
    r.execute(SCRIPT);
    r.push('a', [{ k: 4 }]);
    r.checkpoint();
    const crashed = r.readLog('va', 1, 100).map((x) => `${x.seq} ${x.op} ${JSON.stringify(x.row)}`);
    void r.close();
    expect(crashed).toEqual([
      '1 +I {"k":1,"pt":"1970-01-01T00:00:00.001Z"}',
      '2 +I {"k":2,"pt":"1970-01-01T00:00:00.002Z"}',
      '3 +I {"k":3,"pt":"1970-01-01T00:00:00.003Z"}',
      '4 +I {"k":4,"pt":"1970-01-01T00:00:00.004Z"}',
    ]);
  });
});
