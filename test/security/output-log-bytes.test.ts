/**
 * The output log's byte budget (issue 12, item 4): a view's output log in the state file — what
 * subscribers resume from by seq — keeps at most limits.output_log_bytes of row JSON, whatever the row
 * and age retention would allow, counted in UTF-8 bytes, also across a reopen of the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateStore, type OutputEntry } from '../../src/executor/state/index.js';
import { loadConfig } from '../../src/config/load.js';
import { createEngine } from '../../src/index.js';
import { startSecure } from './harness.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tq-sec-outbytes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Rows whose JSON is `size` UTF-8 bytes; `é` is two bytes, so characters and bytes differ. */
const rowJson = (seq: number, size: number): string => {
  const head = `{"seq":${seq},"pad":"`;
  return `${head}${'é'.repeat(Math.floor((size - head.length - 2) / 2))}"}`;
};

function emit(store: StateStore, view: string, n: number, size: number): void {
  const from = store.nextSeq(view);
  const output: OutputEntry[] = Array.from({ length: n }, (_, i) => ({ view, seq: from + i, op: '+I', rowJson: rowJson(from + i, size) }));
  store.commit({ output });
}

/** The kept rows are the newest that fit: together within the budget, and one more would not be. */
function expectTailWithin(store: StateStore, view: string, budget: number, lastSeq: number, size: number): number[] {
  const rows = store.readOutput(view, 0, 1_000_000);
  const seqs = rows.map((r) => r.seq);
  const bytes = rows.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r.row)), 0);
  expect(seqs.at(-1)).toBe(lastSeq);
  expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  expect(bytes).toBeLessThanOrEqual(budget);
  expect(bytes + Buffer.byteLength(rowJson(seqs[0]! - 1, size))).toBeGreaterThan(budget);
  return seqs;
}

describe('the output log byte budget', () => {
  it('keeps the newest rows within the budget, even rows the age retention would keep', () => {
    const path = join(dir, 'state.db');
    let store = StateStore.open(path, { retention: { maxBytes: 10_000 } });
    emit(store, 'v', 10, 1000);
    emit(store, 'v', 25, 1000);
    expect(expectTailWithin(store, 'v', 10_000, 35, 1000)).toHaveLength(10);
    emit(store, 'w', 3, 1000); // another view has its own budget
    expect(store.readOutput('w', 0, 100)).toHaveLength(3);
    store.close();
    // Reopened: the count starts from what the table holds, and trimming goes on from there.
    store = StateStore.open(path, { retention: { maxBytes: 10_000 } });
    emit(store, 'v', 4, 1000);
    expect(expectTailWithin(store, 'v', 10_000, 39, 1000)).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    // A lower budget on reopen applies at the next commit.
    store.close();
    store = StateStore.open(path, { retention: { maxBytes: 3_500 } });
    emit(store, 'v', 1, 1000);
    expect(expectTailWithin(store, 'v', 3_500, 40, 1000)).toEqual([38, 39, 40]);
    store.close();
  });

  it('is limits.output_log_bytes in tumbleql.yaml', () => {
    writeFileSync(join(dir, 'tumbleql.yaml'), 'limits:\n  output_log_bytes: 2MiB\n');
    expect(loadConfig(join(dir, 'tumbleql.yaml')).limits).toEqual({ outputLogBytes: 2 * 1024 * 1024 });
  });

  it('bounds what a subscriber replays from the state file after a restart', async () => {
    const statePath = join(dir, 'state.db');
    const engineOptions = { statePath, checkpointIntervalMs: 0, security: { limits: { outputLogBytes: 20_000 } } };
    const ddl = `CREATE SOURCE notes (user_id BIGINT, body VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket');
      CREATE VIEW notifications AS SELECT user_id, body FROM notes;`;
    const first = createEngine(engineOptions);
    first.execute(ddl);
    for (let i = 0; i < 5; i++) first.push('notes', Array.from({ length: 20 }, (_, k) => ({ user_id: i * 20 + k, body: 'b'.repeat(1000), ts: 1 })));
    await first.close(); // the final checkpoint writes 100 rows of ~1 KB: the log keeps the newest ~19
    const sec = await startSecure({}, engineOptions, ddl);
    try {
      const c = await sec.as('admin-secret');
      expect(await c.request({ type: 'subscribe', view: 'notifications', from: 'earliest' })).toMatchObject({ type: 'subscribed' });
      await c.until(() => c.rows('notifications').some((r) => r.seq === 100), 'the last row');
      const seqs = c.rows('notifications').map((r) => r.seq);
      expect(seqs.length).toBeGreaterThan(10);
      expect(seqs.length).toBeLessThan(20);
      expect(seqs).toEqual(seqs.map((_, i) => 101 - seqs.length + i));
    } finally {
      await sec.stop();
    }
  });
});
