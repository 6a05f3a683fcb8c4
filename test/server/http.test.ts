/** HTTP routes: JSON-lines ingest with per-line errors, /health, /views, /metrics, and their failure modes. */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/executor/server/index.js';
import { silentLogger } from '../../src/util/log.js';
import { FakeEngine } from './fake-engine.js';
import { connect } from './helpers.js';

let server: RunningServer | null = null;

async function setup(maxBodyBytes?: number) {
  const engine = new FakeEngine();
  engine.execute('CREATE SOURCE s; CREATE VIEW v AS SELECT * FROM s');
  server = await startServer(engine, { port: 0, logger: silentLogger, token: '', ...(maxBodyBytes ? { maxBodyBytes } : {}) });
  return { engine, s: server };
}

afterEach(async () => {
  await server?.close();
  server = null;
});

describe('HTTP', () => {
  it('ingests JSON lines, reporting bad lines by line number without dropping the good ones', async () => {
    const { engine, s } = await setup();
    const c = await connect(s.url);
    await c.request({ type: 'subscribe', view: 'v' });
    const body = '{"id":1}\n{"id":2\n\n{"noid":true}\n{"id":3}\n';
    const res = await fetch(`${s.httpUrl}/sources/s`, { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      count: 2,
      offset: 2,
      errors: [
        { line: 2, reason: expect.stringMatching(/^malformed JSON/) },
        { line: 4, reason: "expected an object with 'id'" },
      ],
    });
    await c.until(() => c.rows('v').length === 2, 'ingested rows reach subscribers');
    expect(c.rows('v').map((r) => r.row['id'])).toEqual([1, 3]);
    expect(engine.stats().sources[0]).toMatchObject({ eventsIn: 2, rejected: 1 });
    c.ws.terminate();
  });

  it('answers 404 for an unknown source, 405 for a wrong method and 413 for an oversized body', async () => {
    const { s } = await setup(100);
    expect((await fetch(`${s.httpUrl}/sources/nope`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${s.httpUrl}/sources/s`)).status).toBe(405);
    expect((await fetch(`${s.httpUrl}/health`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${s.httpUrl}/nowhere`)).status).toBe(404);
    const big = await fetch(`${s.httpUrl}/sources/s`, { method: 'POST', body: `{"id":"${'x'.repeat(200)}"}` });
    expect(big.status).toBe(413);
  });

  it('reports health and lists views with their subscribers', async () => {
    const { engine, s } = await setup();
    engine.advanceWatermark('s', Date.UTC(2020, 9, 10));
    const c = await connect(s.url);
    await c.request({ type: 'subscribe', view: 'v' });
    expect(await (await fetch(`${s.httpUrl}/health`)).json()).toMatchObject({ status: 'ok', sources: 1, views: 1, connections: 1 });
    const views = (await (await fetch(`${s.httpUrl}/views`)).json()) as { views: unknown[] };
    expect(views.views).toEqual([
      { name: 'v', mode: 'append', adhoc: false, columns: [{ name: 'id', type: 'BIGINT' }], rowsOut: 0, lateRows: 0, watermark: '2020-10-10T00:00:00.000Z', subscribers: 1 },
    ]);
    c.ws.terminate();
  });

  it('serves Prometheus metrics, including the checkpoint hook', async () => {
    const { engine, s } = await setup();
    const c = await connect(s.url);
    await c.request({ type: 'subscribe', view: 'v' });
    engine.push('s', [{ id: 1 }, { id: 2 }, 'bad']);
    engine.advanceWatermark('s', Date.now() - 5000);
    await c.until(() => c.rows('v').length === 2, 'rows');
    c.send('nonsense');
    await c.waitFor((m) => m['type'] === 'error');
    s.metrics.observeCheckpoint(12, 4096);
    const res = await fetch(`${s.httpUrl}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('tumbleql_source_events_in_total{source="s"} 2');
    expect(text).toContain('tumbleql_source_events_rejected_total{source="s"} 1');
    expect(text).toContain('tumbleql_view_rows_out_total{view="v"} 2');
    expect(text).toContain('tumbleql_ws_rows_sent_total{view="v"} 2');
    expect(text).toContain('tumbleql_subscribers{view="v"} 1');
    expect(text).toContain('tumbleql_ws_connections 1');
    expect(text).toContain('tumbleql_ws_errors_total{code="BAD_MESSAGE"} 1');
    expect(text).toContain('tumbleql_checkpoint_size_bytes 4096');
    expect(text).toContain('tumbleql_checkpoint_duration_seconds_count 1');
    expect(text).toMatch(/tumbleql_watermark_lag_seconds\{source="s"\} [45]\.\d+/);
    c.ws.terminate();
  });
});
