/**
 * The demo's follow-graph producer: the generated `actions` stream carries follow and unfollow actions,
 * and this turns each into a change of the `follows` changelog table (examples/social/03-notifications.sql)
 * as a producer service would send it over the websocket: a follow upserts (follower, followee), an
 * unfollow deletes the pair (`"op": "-D"`). It reads the actions as they arrive at the source, in
 * arrival order, and pushes the changes at once, so a post that arrives after a follow finds it.
 */
import type { Engine } from '../executor/api.js';
import type { TumbleEngine } from '../executor/engine.js';
import type { Row } from '../executor/operator.js';

/** Starts feeding `follows` from `actions`; throws when the demo's catalog lacks either. */
export function feedFollows(engine: Engine): void {
  const actions = (engine as TumbleEngine).source('actions');
  const follows = (engine as TumbleEngine).source('follows');
  if (actions === undefined || follows === undefined) throw new Error('invariant: the demo defines actions and follows');
  const cols = actions.def.columns.map((c) => c.name);
  const [user, action, item] = ['user_id', 'action', 'item_id'].map((n) => cols.indexOf(n)) as [number, number, number];
  const change = (row: Row): Record<string, unknown> | null => {
    const a = row[action];
    if (a !== 'follow' && a !== 'unfollow') return null;
    const pair = { follower: row[user], followee: row[item] };
    return a === 'follow' ? pair : { op: '-D', ...pair };
  };
  actions.downstream.push({
    data(batch) {
      const changes: Record<string, unknown>[] = [];
      for (const row of batch.rows) {
        const c = change(row);
        if (c !== null) changes.push(c);
      }
      if (changes.length > 0) engine.push('follows', changes);
    },
    watermark() {},
  });
}
