/**
 * `tumbleql run --output jsonl` records the last printed seq per view in `<state>.printed` after each
 * checkpoint's rows are printed. A record that cannot be written (a full disk; here a directory where its
 * temporary file goes) must not end the process from the checkpoint's completion: the rows stay printed,
 * the record is retried at the next commit (at-least-once allows printing them again after a restart).
 */
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommittedRow, Engine } from '../../src/executor/api.js';
import { CommittedPrinter } from '../../src/cli/committed-output.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const rows = (from: number, to: number): CommittedRow[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ view: 'v', seq: from + i, op: '+I', row: { k: from + i } }));

describe('the printed-rows record on a full disk', () => {
  it('is retried at the next commit instead of ending the process', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const dir = mkdtempSync(join(tmpdir(), 'tq-printed-full-'));
    dirs.push(dir);
    const statePath = join(dir, 'state.db');
    writeFileSync(statePath, '');
    const outPath = join(dir, 'out.jsonl');
    const fd = openSync(outPath, 'w');
    try {
      const printer = new CommittedPrinter({ readLog: () => [] } as unknown as Engine, statePath, fd, () => {});
      mkdirSync(`${statePath}.printed.tmp`);
      expect(() => printer.onCommitted(rows(1, 2))).not.toThrow();
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/could not record the printed rows in .*state\.db\.printed .*printed again after a restart/);
      rmSync(`${statePath}.printed.tmp`, { recursive: true });
      printer.onCommitted(rows(3, 3));
      expect(JSON.parse(readFileSync(`${statePath}.printed`, 'utf8')).views).toEqual({ v: 3 });
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(outPath, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3]);
  });
});
