// CPU per event of the server's path without sockets, for paired before/after figures on a busy machine
// (bench/e2e-server.mjs's wall-clock figures swing by 2× at load 10; this one by ±10 %): insert frames
// parsed as the server parses them, pushed as the server pushes them (with the rows' text where the build
// has it), acks encoded, and one subscriber that frames rows as the server's channel does. The workload
// of e2e-server.mjs: TUMBLE 1 s over 100k keys, 100 events per ms, a state file, sliceRows 1024.
//
//   node bench/server-path.mjs [dist = ./dist] [events = 600000] [checkpoint interval ms = 1000; 0: none]
//
// Prints one JSON line: CPU µs per event (all threads, the run only, not the open or the close).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { framingSubscriber } from './lib/framing-subscriber.mjs';
const dist = pathToFileURL(resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname)).href;
const EVENTS = Number(process.argv[3] ?? 600000);
const { createEngine } = await import(`${dist}/src/index.js`);
const { parseClientMessage } = await import(`${dist}/src/executor/server/protocol.js`);
const subs = await import(`${dist}/src/executor/server/subscriptions.js`);
const { insertRowsText } = await import(`${dist}/src/executor/server/rows-text.js`);
const { SQL, T0, PER_MS } = await import('./lib/e2e-server-process.mjs');
const dir = mkdtempSync(join(tmpdir(), 'tq-sp-'));
const engine = createEngine({ statePath: join(dir, 's.db'), checkpointIntervalMs: Number(process.argv[4] ?? 1000), sliceRows: 1024 });
engine.execute(SQL);
// As the server's channel subscribes.
const framed = framingSubscriber(engine, subs, 'agg');
const frames = [];
for (let b = 0; b < EVENTS / 1000; b++) {
  const rows = [];
  for (let j = 0; j < 1000; j++) { const i = b * 1000 + j; rows.push({ k: i % 100000, v: (i % 997) * 0.5, ts: T0 + Math.floor(i / PER_MS) }); }
  frames.push(Buffer.from(JSON.stringify({ type: 'insert', id: b, source: 'ev', rows })));
}
const c0 = process.cpuUsage(); const t0 = performance.now();
let acks = 0;
for (let b = 0; b < frames.length; b++) {
  const p = parseClientMessage(frames[b].toString('utf8'));
  // As the server passes the rows' text: cut from the frame when the engine asks (builds whose insert
  // carries its frame), else cut at parse time.
  const text = p.msg.frame !== undefined ? () => insertRowsText(p.msg.frame) ?? undefined : p.msg.rowsText ?? undefined;
  const r = engine.push('ev', p.msg.rows, 'ws', text);
  acks += JSON.stringify({ type: 'ack', id: b, count: r.accepted, offset: r.offset, errors: [] }).length;
  if (b % 4 === 3) { await new Promise((r) => setImmediate(r)); while (engine.backlogged?.()) await new Promise((r) => setImmediate(r)); }
}
await engine.settled();
const c = process.cpuUsage(c0); const wall = performance.now() - t0;
await engine.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ dist, events: EVENTS, cpu_us_per_event: +((c.user + c.system) / EVENTS).toFixed(2), wall_ms: Math.round(wall), out_mb: Math.round(framed() / 1e6) }));
