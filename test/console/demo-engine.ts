/**
 * The demo's catalog (examples/social) on an engine the test drives: the `actions` source takes pushed
 * rows instead of the wall-clock generator, so windows fire when the test's events say so, never on a
 * timer. `actionsIn(w)` makes a deterministic batch of events inside 10-second window `w`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const ACTIONS = ['like', 'like', 'like', 'comment', 'like', 'share', 'follow', 'like', 'post', 'comment'];

export function demoSql(root: string): string {
  const views = readFileSync(join(root, 'examples', 'social', '02-views.sql'), 'utf8');
  return `CREATE SOURCE actions (
  user_id BIGINT NOT NULL, action VARCHAR NOT NULL, item_id BIGINT NOT NULL, ts TIMESTAMP(3) NOT NULL,
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (connector = 'websocket', format = 'json');
${views}`;
}

/** `n` events spread over window `w` (10 s windows from T0); counts differ per window so the chart moves. */
export function actionsIn(w: number, n = 60 + ((w * 37) % 50)): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    user_id: 1 + ((i * 7 + w) % 40),
    action: ACTIONS[(i + w) % ACTIONS.length],
    item_id: 1 + (i % 3),
    ts: T0 + w * 10_000 + Math.floor((i * 9_000) / n),
  }));
}
