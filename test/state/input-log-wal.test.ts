/**
 * The input log's WAL (state/input-log.ts) stays small: once the commit thread's connection has folded
 * every frame back into the file (InputLogWal), the next append starts the WAL over and cuts its file
 * back to INPUT_WAL_LIMIT, instead of leaving it at the largest it ever was. Entries survive all of it.
 */
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INPUT_WAL_LIMIT, InputLog, InputLogWal, inputLogPath } from '../../src/executor/state/input-log.js';
import { statePathPerTest } from '../executor/helpers.js';

const statePath = statePathPerTest();

const walSize = (path: string): number => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);

describe('the input log WAL', () => {
  it('is cut back after the commit thread folded it in, and entries are kept', () => {
    const path = inputLogPath(statePath());
    const log = new InputLog(path, { walByCommitThread: true });
    const wal = new InputLogWal(path);
    try {
      // 24 MiB of appends: more than the limit, less than the appending connection's own fallback (64 MiB).
      const entry = Buffer.alloc(48 * 1024, 7);
      for (let i = 0; i < 512; i++) log.append('s', entry);
      expect(walSize(path)).toBeGreaterThan(2 * INPUT_WAL_LIMIT);
      expect(wal.checkpoint()).toBe(true);
      log.trim('s', 500);
      // The first append after it starts the WAL over and cuts the file back.
      log.append('s', entry);
      expect(walSize(path)).toBeLessThanOrEqual(INPUT_WAL_LIMIT);
      const left = log.read('s', 0, 100);
      expect(left.map((e) => e.offset)).toEqual([...Array.from({ length: 12 }, (_, i) => 501 + i), 513]);
      expect((left[0]!.entry as Buffer).equals(entry)).toBe(true);
    } finally {
      wal.close();
      log.close();
    }
    // Reopened: the same entries.
    const again = new InputLog(path);
    try {
      expect(again.read('s', 0, 100)).toHaveLength(13);
      expect(again.lastOffset('s')).toBe(513);
    } finally {
      again.close();
    }
  });
});
