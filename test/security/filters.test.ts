/**
 * Attack 7 and the notification fan-out: a subscription may carry a row filter on view columns, matched
 * from an index; a subscriber token may be bound to one, so a user's token only ever receives that
 * user's rows — live, replayed from the log, and resumed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auth, startSecure, type Sec } from './harness.js';

let sec: Sec | null = null;
afterEach(async () => {
  await sec?.stop();
  sec = null;
});

const note = (user: number, body: string, ts = 1) => ({ user_id: user, body, ts });

describe('row filters', () => {
  it('gives each filtered subscriber only its rows, live, and the unfiltered one everything', async () => {
    sec = await startSecure();
    const admin = await sec.as('admin-secret');
    const u7 = await sec.as('admin-secret');
    const u8 = await sec.as('admin-secret');
    expect(await u7.request({ type: 'subscribe', view: 'notifications', where: { user_id: 7 } })).toMatchObject({ type: 'subscribed', where: { user_id: 7 } });
    expect(await u8.request({ type: 'subscribe', view: 'notifications', where: { USER_ID: '8' } })).toMatchObject({ type: 'subscribed' });
    await admin.request({ type: 'subscribe', view: 'notifications' });
    sec.engine.push('notes', [note(7, 'a'), note(8, 'b'), note(9, 'c'), note(7, 'd')]);
    await admin.until(() => admin.rows('notifications').length === 4, 'all rows');
    await u7.until(() => u7.rows('notifications').length === 2, 'rows of 7');
    await u8.until(() => u8.rows('notifications').length === 1, 'rows of 8');
    expect(u7.rows('notifications').map((r) => r.row['body'])).toEqual(['a', 'd']);
    expect(u8.rows('notifications').map((r) => r.row['body'])).toEqual(['b']);
    expect(u7.rows('notifications').map((r) => r.seq)).toEqual([1, 4]); // seqs are the view's: resume works
    // Rows sent count what each subscriber got: 4 + 2 + 1.
    const metrics = await (await fetch(`${sec.server.httpUrl}/metrics`, { headers: auth('admin-secret') })).text();
    expect(metrics).toContain('tumbleql_ws_rows_sent_total{view="notifications"} 7');
  });

  it('filters a replay from the log and a resume from a seq the same way', async () => {
    sec = await startSecure();
    sec.engine.push('notes', Array.from({ length: 3000 }, (_, i) => note(i % 3, `n${i}`)));
    const c = await sec.as('admin-secret');
    await c.request({ type: 'subscribe', view: 'notifications', from: 'earliest', where: { user_id: 1 } });
    await c.until(() => c.rows('notifications').length === 1000, '1000 rows of user 1');
    expect(c.rows('notifications').every((r) => r.row['user_id'] === 1)).toBe(true);
    const r = await sec.as('admin-secret');
    await r.request({ type: 'subscribe', view: 'notifications', from: 2900, where: { user_id: 2 } });
    await r.until(() => r.rows('notifications').length === 34, 'resumed rows of user 2');
    sec.engine.push('notes', [note(2, 'live'), note(1, 'other')]);
    await r.until(() => r.rows('notifications').length === 35, 'the live row');
    expect(r.rows('notifications').at(-1)!.row['body']).toBe('live');
  });

  it('binds a subscriber token to its filter: it cannot widen or change it', async () => {
    sec = await startSecure();
    const alice = await sec.as('alice-secret'); // where: { user_id: 42 }
    expect(await alice.request({ type: 'subscribe', view: 'notifications', where: { user_id: 43 } })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await alice.request({ type: 'subscribe', view: 'notifications' })).toMatchObject({ type: 'subscribed', where: { user_id: 42 } });
    sec.engine.push('notes', [note(43, 'not hers'), note(42, 'hers'), note(1, 'nope')]);
    await alice.until(() => alice.rows('notifications').length === 1, "alice's row");
    await new Promise((r) => setTimeout(r, 50));
    expect(alice.rows('notifications').map((r) => r.row['body'])).toEqual(['hers']);
    expect(await alice.request({ type: 'subscribe', view: 'counts' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await alice.request({ type: 'late' })).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a filter on a column the view does not have', async () => {
    sec = await startSecure();
    const c = await sec.as('admin-secret');
    const r = await c.request({ type: 'subscribe', view: 'notifications', where: { nope: 1 } });
    expect(r).toMatchObject({ type: 'error', code: 'UNKNOWN_COLUMN' });
    expect(r['message']).toContain('columns: user_id, body');
  });
});
