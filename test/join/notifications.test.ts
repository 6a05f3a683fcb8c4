/** The demo's notifications: one row per current follower of a post's or share's author. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { feedFollows } from '../../src/cli/demo-follows.js';

const DIR = join(import.meta.dirname, '..', '..', 'examples', 'social');
/** The demo's source without its generator, so the test pushes the actions itself. */
const ACTIONS = `CREATE SOURCE actions (user_id BIGINT NOT NULL, action VARCHAR NOT NULL, item_id BIGINT NOT NULL,
  ts TIMESTAMP(3) NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '2' SECOND);`;

function demo() {
  const e = createEngine();
  e.execute(ACTIONS);
  e.execute(readFileSync(join(DIR, '03-notifications.sql'), 'utf8'));
  feedFollows(e);
  const rows: string[] = [];
  e.subscribe('notifications', (rs) => rows.push(...rs.map((r) => `${r.op} ${String(r.row['recipient'])}<-${String(r.row['author'])} ${String(r.row['action'])}`)));
  const act = (user_id: number, action: string, item_id: number, ts: number) => e.push('actions', [{ user_id, action, item_id, ts }]);
  return { e, rows, act };
}

describe('notifications (examples/social)', () => {
  it('gives each current follower of the author one row per post or share', () => {
    const { e, rows, act } = demo();
    act(2, 'follow', 1, 1000);
    act(3, 'follow', 1, 1100);
    act(4, 'follow', 9, 1150);
    act(1, 'post', 77, 1200);
    act(1, 'like', 78, 1250);
    act(1, 'share', 79, 1300);
    expect(rows).toEqual(['+I 2<-1 post', '+I 3<-1 post', '+I 2<-1 share', '+I 3<-1 share']);
    void e.close();
  });

  it('retracts an unfollower’s rows and adds a new follower’s', () => {
    const { e, rows, act } = demo();
    act(2, 'follow', 1, 1000);
    act(1, 'post', 77, 1200);
    act(2, 'unfollow', 1, 1300);
    act(5, 'follow', 1, 1400);
    act(2, 'follow', 1, 1500);
    expect(rows).toEqual(['+I 2<-1 post', '-D 2<-1 post', '+I 5<-1 post', '+I 2<-1 post']);
    void e.close();
  });

  it('ignores an unfollow of someone never followed', () => {
    const { e, rows, act } = demo();
    act(2, 'unfollow', 1, 1000);
    act(1, 'post', 77, 1200);
    expect(rows).toEqual([]);
    void e.close();
  });

  it('keeps the follow graph as a changelog table: following twice changes nothing, an unfollow is -D', () => {
    const { e, act } = demo();
    const graph: string[] = [];
    e.execute('CREATE VIEW graph AS SELECT follower, followee FROM follows');
    e.subscribe('graph', (rs) => graph.push(...rs.map((r) => `${r.op} ${String(r.row['follower'])}->${String(r.row['followee'])}`)));
    act(2, 'follow', 1, 1000);
    act(2, 'follow', 1, 1100);
    act(3, 'follow', 1, 1200);
    act(2, 'unfollow', 1, 1300);
    expect(graph).toEqual(['+I 2->1', '+I 3->1', '-D 2->1']);
    void e.close();
  });
});
