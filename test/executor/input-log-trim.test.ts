/**
 * A checkpoint is committed, then the input log is trimmed through its offsets. On a full disk the trim
 * can fail after the commit found room (a trim appends a record to the log too). That failure is only a
 * late trim: the checkpoint stands, the engine goes on, and the next commit trims the same entries. The
 * periodic checkpoint completes on the commit thread's reply, outside any request, where a throw used to
 * end the process (`tumbleql run` under a full disk). The failure is injected into the trim: a full
 * tmpfs refuses it only in a race (test/security/disk-full-run.test.ts runs the real disk).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputLog } from '../../src/executor/state/input-log.js';
import { StateError } from '../../src/executor/state/index.js';
import { durable, statePathPerTest } from './helpers.js';

const statePath = statePathPerTest();
const SQL = `CREATE SOURCE s (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW v AS SELECT k FROM s;`;

/** Makes the next `times` trims fail as a full disk does. */
function failTrims(times: number) {
  let left = times;
  const real = InputLog.prototype.trim;
  return vi.spyOn(InputLog.prototype, 'trim').mockImplementation(function (this: InputLog, source: string, through: number) {
    if (left > 0) {
      left--;
      throw new StateError('STATE_IO', 'input log: the disk is full; nothing was written (database or disk is full)');
    }
    real.call(this, source, through);
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a failed input-log trim after a committed checkpoint', () => {
  it('does not fail a checkpoint on request; the next one trims through the same entries', async () => {
    const path = statePath();
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const e = durable(path);
    e.execute(SQL);
    e.push('s', [{ k: 1, ts: 1 }]);
    e.push('s', [{ k: 2, ts: 2 }]);
    const trims = failTrims(1);
    expect(() => e.checkpoint()).not.toThrow();
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/input log could not be trimmed; the next checkpoint trims it/);
    e.push('s', [{ k: 3, ts: 3 }]);
    expect(() => e.checkpoint()).not.toThrow();
    const [failed, next] = trims.mock.calls.map((c) => c[1]);
    expect(next).toBeGreaterThanOrEqual(failed!);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/input log is trimmed again/);
    await e.close();
  });

  it('does not end the process when a periodic checkpoint commits on the commit thread', async () => {
    const path = statePath();
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const e = durable(path, { checkpointIntervalMs: 20 });
    e.execute(SQL);
    const rows: unknown[] = [];
    e.subscribe('v', (batch) => rows.push(...batch.map((r) => r.row)));
    const trims = failTrims(2);
    e.push('s', [{ k: 1, ts: 1 }]);
    // Two periodic commits whose trims fail (each in the commit thread's reply), then one that trims.
    await vi.waitFor(() => expect(trims.mock.calls.length).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 20 });
    e.push('s', [{ k: 2, ts: 2 }]);
    await vi.waitFor(() => expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/input log is trimmed again/), { timeout: 10_000, interval: 20 });
    expect(rows).toEqual([{ k: 1 }, { k: 2 }]);
    const said = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(said.match(/could not be trimmed/g)).toHaveLength(1);
    await e.close();
  });
});
