/** HTTP routes over the real engine: JSON-lines ingest with per-line errors, /health, /views, /metrics. */
import { afterEach, describe, expect, it } from 'vitest';
import { bidsIn, startReal, T0, type Harness } from './real-engine.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

describe('HTTP', () => {
  it('ingests JSON lines, reporting bad lines by line number without dropping the good ones', async () => {
    h = await startReal();
    const c = await h.open();
    await c.request({ type: 'subscribe', view: 'pass' });
    const body = ['{"auction":1,"price":5,"ts":1000}', '{"auction":', '', '{"auction":"two","price":1,"ts":1000}', '{"auction":3,"price":7,"ts":"2020-10-10T00:00:01Z"}', ''].join('\n');
    const res = await fetch(`${h.server.httpUrl}/sources/BIDS`, { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      count: 2,
      offset: 2,
      errors: [
        { line: 2, reason: expect.stringMatching(/^malformed JSON/) },
        { line: 4, reason: expect.any(String) },
      ],
    });
    // Nothing parseable: the offset is the source's position, unchanged.
    const none = await fetch(`${h.server.httpUrl}/sources/bids`, { method: 'POST', body: '{"auction":\n' });
    expect(await none.json()).toEqual({ count: 0, offset: 2, errors: [{ line: 1, reason: expect.stringMatching(/^malformed JSON/) }] });
    await c.until(() => c.rows('pass').length === 2, 'ingested rows reach subscribers');
    expect(c.rows('pass').map((r) => r.row)).toEqual([{ auction: 1, price: 5 }, { auction: 3, price: 7 }]);
  });

  it('answers 404 for an unknown source, 405 for a wrong method and 413 for an oversized body', async () => {
    h = await startReal({ maxBodyBytes: 100 });
    const url = h.server.httpUrl;
    expect((await fetch(`${url}/sources/nope`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${url}/sources/bids`)).status).toBe(405);
    expect((await fetch(`${url}/health`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    const big = await fetch(`${url}/sources/bids`, { method: 'POST', body: `{"auction":"${'x'.repeat(200)}"}` });
    expect(big.status).toBe(413);
    expect(h.engine.stats().sources[0]).toMatchObject({ eventsIn: 0 });
  });

  it('reports health and lists views with their counters and subscribers', async () => {
    h = await startReal();
    h.insert([...bidsIn(0), ...bidsIn(1)]);
    const c = await h.open();
    await c.request({ type: 'subscribe', view: 'counts' });
    await c.request({ type: 'query', sql: 'SELECT auction FROM bids' });
    expect(await (await fetch(`${h.server.httpUrl}/health`)).json()).toMatchObject({ status: 'ok', sources: 1, views: 2, connections: 1 });
    const { views } = (await (await fetch(`${h.server.httpUrl}/views`)).json()) as { views: Record<string, unknown>[] };
    expect(views.find((v) => v['name'] === 'counts')).toEqual({
      name: 'counts', mode: 'append', adhoc: false,
      columns: [
        { name: 'auction', type: 'BIGINT' }, { name: 'window_start', type: 'TIMESTAMP(3)' }, { name: 'window_end', type: 'TIMESTAMP(3)' },
        { name: 'bids', type: 'BIGINT' }, { name: 'top', type: 'DOUBLE' },
      ],
      rowsOut: 2, lateRows: 0, watermark: '2020-10-10T00:00:10.500Z', subscribers: 1,
    });
    expect(views.find((v) => v['adhoc'] === true)).toMatchObject({ subscribers: 1 });
  });

  it('serves Prometheus metrics from the engine and the server', async () => {
    h = await startReal();
    const c = await h.open();
    await c.request({ type: 'subscribe', view: 'pass' });
    await c.request({ type: 'insert', source: 'bids', rows: [...bidsIn(0), { auction: 'bad' }, ...bidsIn(1)] });
    h.engine.advanceWatermark('bids', Date.now() - 5000);
    await c.until(() => c.rows('pass').length === 4, 'rows');
    c.send('nonsense');
    await c.waitFor((m) => m['type'] === 'error');
    const res = await fetch(`${h.server.httpUrl}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    for (const line of [
      'tumbleql_source_events_in_total{source="bids"} 4',
      'tumbleql_source_events_rejected_total{source="bids"} 1',
      'tumbleql_view_rows_out_total{view="counts"} 4', // the watermark jump fired windows 0 and 1
      'tumbleql_view_rows_out_total{view="pass"} 4',
      '# TYPE tumbleql_view_rows_rejected_total counter', // 0 rows rejected: no sample (as every mirrored counter)
      'tumbleql_ws_rows_sent_total{view="pass"} 4',
      'tumbleql_subscribers{view="pass"} 1',
      'tumbleql_ws_connections 1',
      'tumbleql_ws_messages_in_total{type="insert"} 1',
      'tumbleql_ws_errors_total{code="BAD_MESSAGE"} 1',
      // An in-memory engine never checkpoints (durable.test.ts has the durable numbers).
      'tumbleql_checkpoints_total 0',
      'tumbleql_checkpoint_size_bytes 0',
    ]) expect(text).toContain(line);
    expect(text).toMatch(/tumbleql_watermark_lag_seconds\{source="bids"\} [5-9]\.\d+/);
    expect(T0).toBeLessThan(Date.now());
  });
});
