/**
 * An INSERT job's committed rows are recorded as pending in `<state>.sinks.json` before they are written
 * out. On a full disk that record cannot be written: the range must wait (retried) instead of the throw
 * ending the process, which it did, from the checkpoint's completion on the commit thread's reply. The
 * sidecar is made unwritable by putting a directory where its temporary file goes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommittedRow } from '../../src/executor/api.js';
import { SinkRunner, type SinkHost } from '../../src/executor/connectors/sink-runner.js';
import type { SinkRow } from '../../src/executor/connectors/sink.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function harness() {
  const dir = mkdtempSync(join(tmpdir(), 'tq-sink-full-'));
  dirs.push(dir);
  const statePath = join(dir, 'state.db');
  writeFileSync(statePath, '');
  const written: number[] = [];
  let commit: ((rows: readonly CommittedRow[]) => void) | null = null;
  const host: SinkHost = {
    durable: true,
    statePath,
    worker: null,
    watchViews: (listener) => listener({ name: 'job', def: { sink: { table: 'out' }, adhoc: false, schema: [] } as never }),
    onCommitted: (listener) => void (commit = listener),
    subscribe: () => undefined,
    readLog: () => [],
    table: () => ({ name: 'out' }) as never,
    sinkOf: () => ({
      check: () => null,
      open: () => ({
        write: async (rows: readonly SinkRow[]) => void written.push(...rows.map((r) => r.seq)),
        close: async () => {},
      }),
    }),
    hasView: () => true,
  };
  const runner = new SinkRunner(host);
  const rows = (from: number, to: number): CommittedRow[] =>
    Array.from({ length: to - from + 1 }, (_, i) => ({ view: 'job', seq: from + i, op: '+I', row: { k: from + i } }));
  return { runner, written, sidecar: `${statePath}.sinks.json`, commit: (from: number, to: number) => commit!(rows(from, to)) };
}

describe('an INSERT job whose progress file cannot be written', () => {
  it('holds its committed range back, retried, and writes it once the record is on disk', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const h = harness();
    mkdirSync(`${h.sidecar}.tmp`); // writeFileSync(tmp) fails with EISDIR, as a full disk fails it with ENOSPC
    expect(() => h.commit(1, 3)).not.toThrow();
    await new Promise((r) => setTimeout(r, 200));
    expect(h.written).toEqual([]);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/recording the progress of 'job' failed: .*retrying before its range is written/);
    rmSync(`${h.sidecar}.tmp`, { recursive: true });
    await vi.waitFor(() => expect(h.written).toEqual([1, 2, 3]), { timeout: 5_000, interval: 50 });
    h.commit(4, 4);
    await h.runner.close();
    expect(h.written).toEqual([1, 2, 3, 4]);
    const saved = JSON.parse(readFileSync(h.sidecar, 'utf8')) as { jobs: Record<string, { published: number; pending: unknown[] }> };
    expect(Object.values(saved.jobs)).toEqual([{ published: 4, pending: [] }]);
  });
});
