/**
 * The demo (`npm start`) on an injected clock: its generator's event time and rate follow a manual clock,
 * so windows fire when the test moves time, not after waiting for the wall clock. In process, with the
 * real engine, the real examples/social SQL and the real websocket server on 127.0.0.1. What needs a
 * terminal and the real command (banner, keys, exit status) is the tmux test in demo-e2e.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { printViews, startDemo, type Demo } from '../../src/cli/demo.js';
import { ManualClock } from '../helpers/manual-clock.js';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
const ACTIONS = ['like', 'comment', 'share', 'post', 'follow', 'unfollow'];
let demo: Demo | null = null;
afterEach(async () => {
  await demo?.server?.close();
  await demo?.engine.close();
  demo = null;
});

interface Line { view: string; seq: number; op: string; row: Record<string, unknown> }

function client(url: string): Promise<{ ws: WebSocket; messages: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages: Record<string, unknown>[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Record<string, unknown>));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the demo on an injected clock', () => {
  it('fires its 10 s windows when the clock passes them; JSON lines and websocket rows agree by seq', async () => {
    const clock = new ManualClock(T0);
    demo = await startDemo({ host: '127.0.0.1', port: 0, quiet: true, clock });
    const out: string[] = [];
    printViews(demo.engine, (text) => out.push(text), () => undefined);
    const { ws, messages } = await client(demo.server!.url);
    ws.send(JSON.stringify({ type: 'subscribe', id: 1, view: 'actions_per_type', from: 'earliest' }));
    await until(() => messages.find((m) => m['type'] === 'subscribed'), 'subscribed');

    clock.advance(1_000);
    // The watermark trails event time by 2 s: no window has fired yet (changelog views such as follows and
    // notifications emit as events arrive, so only the windowed views are looked at).
    const windowed = new Set(['actions_per_type', 'trending_items', 'activity_bursts']);
    const early = out.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line).filter((l) => windowed.has(l.view));
    expect(early).toEqual([]);
    clock.advance(12_000);
    const lines = out.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
    const first = lines.filter((l) => l.view === 'actions_per_type');
    expect(first.map((l) => l.seq)).toEqual(first.map((_, i) => i + 1));
    for (const l of first) {
      expect(Object.keys(l)).toEqual(['view', 'seq', 'op', 'row']);
      expect(l.op).toBe('+I');
      expect(ACTIONS).toContain(l.row['action']);
    }
    // Event time is the clock's: the generator's first events (up to 3 s in the past) fill the window
    // before T0, then [T0, T0 + 10 s) fires once the clock is past T0 + 12 s.
    expect([...new Set(first.map((l) => l.row['window_start']))]).toEqual(['2025-12-31T23:59:50.000Z', '2026-01-01T00:00:00.000Z']);
    // About 300 events a second of clock time, as the source says.
    const inWindow = first.filter((l) => l.row['window_start'] === '2026-01-01T00:00:00.000Z');
    expect(inWindow.reduce((n, l) => n + Number(l.row['actions']), 0)).toBeGreaterThan(2500);

    const rows = await until(() => {
      const got = messages.filter((m) => m['type'] === 'rows').flatMap((m) => m['rows'] as Omit<Line, 'view'>[]);
      return got.length >= first.length ? got : undefined;
    }, 'the rows over the websocket');
    expect(rows.slice(0, first.length)).toEqual(first.map(({ seq, op, row }) => ({ seq, op, row })));
    ws.terminate();
  });

  it('stops printing and reports once when the reader goes away (EPIPE)', async () => {
    const clock = new ManualClock(T0);
    demo = await startDemo({ host: '127.0.0.1', port: 0, quiet: true, clock });
    let closed = 0;
    let writes = 0;
    printViews(demo.engine, () => {
      writes++;
      throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    }, () => closed++);
    clock.advance(25_000);
    expect(closed).toBe(1);
    expect(writes).toBe(1);
  });
});
