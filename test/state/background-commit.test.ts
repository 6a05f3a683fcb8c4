/**
 * Periodic checkpoints commit on the commit thread (state/store-client.ts) while the engine goes on
 * processing and acknowledging pushes; pushed input lives in its own file (state/input-log.ts). What
 * must hold: a checkpoint is still one transaction (after a crash the restored run gives exactly the
 * rows of an uninterrupted one), acknowledged input is never lost, and input never outlives its source.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TumbleEngine } from '../../src/executor/engine.js';
import { INPUT_LOG_VERSION, InputLog, crc32, inputLogPath, legacyInputLogPath } from '../../src/executor/state/input-log.js';
import { SQLITE_INPUT_LOG_VERSION } from '../../src/executor/state/input-log-legacy.js';
import { StateStore } from '../../src/executor/state/index.js';
import { collect, inMemoryRows, statePathPerTest } from '../executor/helpers.js';
import { writeLegacyInputLog } from './legacy-input-log.js';

const statePath = statePathPerTest();

const DDL = `CREATE SOURCE s (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW w AS SELECT k, window_start, COUNT(*) AS n, SUM(v) AS total
FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;`;

/** Batch `b` of 500 events over 300 keys, event time moving 100 ms per batch (windows fire as it goes). */
function batch(b: number): { k: number; v: number; ts: number }[] {
  return Array.from({ length: 500 }, (_, i) => ({ k: (b * 500 + i) % 300, v: i / 4, ts: b * 100 + (i % 100) }));
}

/** An engine with a commit thread whose timer never fires: the test decides when checkpoints happen. */
const background = (path: string) => new TumbleEngine({ statePath: path, checkpointIntervalMs: 3_600_000 });

const reference = (batches: number): string[] => inMemoryRows(DDL, 'w', 's', Array.from({ length: batches }, (_, b) => batch(b)));

describe('checkpoints committed on the commit thread', () => {
  it('keep exactly-once output across a crash while pushes go on during the commit', async () => {
    const path = statePath();
    const a = background(path);
    a.execute(DDL);
    const before = collect(a, 'w');
    for (let b = 0; b < 10; b++) a.push('s', batch(b));
    const committing = a.checkpointInBackground();
    // Pushed while the checkpoint is being written: acknowledged (an offset) without waiting for it.
    const acks = [10, 11, 12].map((b) => a.push('s', batch(b)).offset);
    expect(acks).toEqual([11, 12, 13]);
    await committing;
    expect(a.stats().checkpoint?.epoch).toBeGreaterThan(0);
    for (let b = 13; b < 16; b++) a.push('s', batch(b));
    a.crash();

    const b = background(path);
    const after = collect(b, 'w', 'latest');
    for (let i = 16; i < 20; i++) b.push('s', batch(i));
    b.flush();
    await b.close();
    // A subscriber saw every row once: the restore recomputed the uncommitted ones (seen before the
    // crash) from the input log, and then went on from there.
    expect([...before, ...after]).toEqual(reference(20));
    const c = new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
    const log = c.readLog('w', 1, 1_000_000).map((r) => `${r.op} ${JSON.stringify(r.row)}`);
    await c.close();
    expect(log).toEqual(reference(20));
  });

  it('a checkpoint on request waits for one still being written, and both are in the file', async () => {
    const path = statePath();
    const a = background(path);
    a.execute(DDL);
    for (let b = 0; b < 6; b++) a.push('s', batch(b));
    const first = a.checkpointInBackground();
    for (let b = 6; b < 12; b++) a.push('s', batch(b));
    const epoch = a.stats().checkpoint!.epoch;
    a.checkpoint();
    expect(a.stats().checkpoint!.epoch).toBeGreaterThanOrEqual(epoch + 2);
    await first;
    a.crash();
    const b = new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
    expect(b.source('s')!.inputOffset).toBe(12);
    b.flush();
    b.checkpoint(); // the log holds committed rows only
    expect(b.readLog('w', 1, 1_000_000).map((r) => `${r.op} ${JSON.stringify(r.row)}`)).toEqual(reference(12));
    await b.close();
  });
});

describe('the input log', () => {
  it('is a directory of its own, and takes over input an older version kept in the state file', async () => {
    const path = statePath();
    const a = new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
    a.execute(DDL);
    await a.close();
    expect(existsSync(inputLogPath(path))).toBe(true);
    // What an older version left: acknowledged events in the state file's own input log, not yet in a checkpoint.
    const store = StateStore.open(path);
    store.appendInput('s', [JSON.stringify(batch(0)), JSON.stringify(batch(1))]);
    store.close();

    const b = new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
    const rows = collect(b, 'w', 'latest');
    expect(b.source('s')!.inputOffset).toBe(2); // replayed at open
    b.push('s', batch(2));
    expect(b.push('s', batch(3)).offset).toBe(4); // offsets continue after the adopted ones
    b.flush();
    await b.close();
    expect(rows).toEqual(reference(4));
    const after = StateStore.open(path);
    expect(after.readInput('s', 1, 10)).toEqual([]);
    after.close();
  });

  it('moves the entries of a version 1 log (SQLite, WITHOUT ROWID table) into segments at open, offsets kept', async () => {
    const path = statePath();
    const a = new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
    a.execute(DDL);
    a.push('s', batch(0));
    a.checkpoint();
    a.crash();
    // The log as version 1 left it: batch 0 retained, batch 1 not yet consumed, user_version 0.
    rmSync(inputLogPath(path), { recursive: true });
    writeLegacyInputLog(legacyInputLogPath(path), {
      version: 1,
      entries: [
        { source: 's', off: 1, entry: JSON.stringify(batch(0)) },
        { source: 's', off: 2, entry: JSON.stringify(batch(1)) },
      ],
      lastOffsets: { s: 2 },
    });

    const b = new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
    const rows = collect(b, 'w', 'earliest');
    expect(b.source('s')!.inputOffset).toBe(2); // replayed at open
    expect(b.push('s', batch(2)).offset).toBe(3);
    b.flush();
    await b.close();
    expect(rows).toEqual(reference(3));
    expect(existsSync(legacyInputLogPath(path))).toBe(false);
  });

  it('never gives an offset twice: after a restart, with or without the entries trimmed', () => {
    const path = inputLogPath(statePath());
    const a = new InputLog(path);
    expect([a.append('s', '[1]'), a.append('s', '[2]'), a.append('t', '[3]')]).toEqual([1, 2, 1]);
    a.close();
    const b = new InputLog(path);
    expect(b.append('s', '[4]')).toBe(3);
    b.trim('s', 3); // every entry of s goes
    b.close();
    const c = new InputLog(path);
    expect([c.append('s', '[5]'), c.append('t', '[6]')]).toEqual([4, 2]);
    expect(c.read('s', 0, 10)).toEqual([{ offset: 4, entry: '[5]' }]);
    c.close();
  });

  it('refuses a log of a newer version and leaves it untouched: a SQLite one above 3, a segment above 4', async () => {
    const path = statePath();
    const a = new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
    a.execute(DDL);
    a.push('s', batch(0));
    await a.close();
    // A segment written by a newer version (its header's version field; the header's CRC made again).
    const [seg] = readdirSync(inputLogPath(path)).filter((n) => n.endsWith('.seg'));
    const file = join(inputLogPath(path), seg!);
    const bytes = readFileSync(file);
    bytes.writeUInt32LE(INPUT_LOG_VERSION + 1, 8);
    bytes.writeUInt32LE(crc32(bytes.subarray(0, 24)), 24);
    writeFileSync(file, bytes);
    expect(() => new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 })).toThrow(new RegExp(`input log .* has version ${INPUT_LOG_VERSION + 1}`));
    expect(readFileSync(file).equals(bytes)).toBe(true);
    rmSync(inputLogPath(path), { recursive: true });
    // A SQLite input log of a version this build does not know.
    writeLegacyInputLog(legacyInputLogPath(path), { version: 3, entries: [{ source: 's', off: 1, entry: '[]' }] });
    const db = new Database(legacyInputLogPath(path));
    db.pragma(`user_version = ${SQLITE_INPUT_LOG_VERSION + 1}`);
    db.close();
    const before = readFileSync(legacyInputLogPath(path));
    expect(() => new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 })).toThrow(new RegExp(`input log .* has version ${SQLITE_INPUT_LOG_VERSION + 1}`));
    expect(readFileSync(legacyInputLogPath(path)).equals(before)).toBe(true);
    expect(existsSync(inputLogPath(path))).toBe(false);
  });

  it('forgets a dropped source: a new source of the same name does not replay its events', async () => {
    const path = statePath();
    const a = new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
    a.execute(DDL);
    a.push('s', batch(0)); // acknowledged, never checkpointed
    a.execute('DROP VIEW w; DROP SOURCE s;');
    a.execute(DDL);
    a.crash();
    const b = new TumbleEngine({ statePath: path, checkpointIntervalMs: 0 });
    expect(b.source('s')!.inputOffset).toBe(0);
    b.flush();
    expect(b.readLog('w', 1, 100)).toEqual([]);
    await b.close();
  });
});
