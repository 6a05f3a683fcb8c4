// Loaded with `--import` by bench/rss-probe.mjs into every thread of the process (worker threads take
// the parent's execArgv): in a worker (the commit thread) it answers 'sample' on the BroadcastChannel
// 'tq-rss-probe' with that thread's V8 heap figures and the peak it saw since the last sample.
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';
import v8 from 'node:v8';

if (!isMainThread) {
  const ch = new BroadcastChannel('tq-rss-probe');
  ch.unref();
  let peakTotal = 0;
  let peakUsed = 0;
  const look = () => {
    const m = process.memoryUsage();
    peakTotal = Math.max(peakTotal, m.heapTotal);
    peakUsed = Math.max(peakUsed, m.heapUsed);
    return m;
  };
  setInterval(look, 20).unref();
  ch.onmessage = (ev) => {
    if (ev.data?.ask !== 'sample') return;
    const m = look();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]));
    ch.postMessage({ threadId, seq: ev.data.seq, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, peakTotal, peakUsed, spaces });
    peakTotal = 0;
    peakUsed = 0;
  };
}
