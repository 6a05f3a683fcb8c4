// Lines up, per window of a traced bench/e2e-server.mjs run (`--trace DIR`), the trigger insert's send,
// the server's push of it, the firing's first and last batch of output, and the subscriber's first and
// last receipt: where a window's delivery time goes.
//
//   node bench/e2e-server.mjs --keys 100000 --modes file --quick --trace DIR && node bench/e2e-trace.mjs DIR/e2e-100000-keys-file-1
//
// Times in ms after the trigger insert was sent. Rows of window w have seqs w·R + 1 .. (w+1)·R (R = rows
// per window, 100k at 100k keys). "in during" = input rows pushed while the window was firing.
import { readFileSync } from 'node:fs';
import { PER_MS, T0, WINDOW_MS } from './lib/e2e-server-process.mjs';

const base = process.argv[2];
const rowsPerWindow = Number(process.argv[3] ?? 100_000);
const srv = JSON.parse(readFileSync(`${base}.server.json`, 'utf8'));
const cli = JSON.parse(readFileSync(`${base}.clients.json`, 'utf8'));
const segs = cli.segments;
const r1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
console.log('| window | push start | push end | first out | last out | first recv | last recv | in during (rows) | pushes during | longest push ms | loop CPU during firing ms | of which in pushes | waiting for a core ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (let w = cli.warmupWindows; w < cli.firedAt.length; w++) {
  const t0 = cli.firedAt[w];
  if (!Number.isFinite(t0)) continue;
  const trig = T0 + (w + 1) * WINDOW_MS;
  let ps = NaN;
  let pe = NaN;
  for (let i = 0; i < srv.push.length; i += 5) {
    const first = srv.push[i + 3];
    const n = srv.push[i + 2];
    if (first <= trig && trig < first + Math.ceil(n / PER_MS)) {
      ps = srv.push[i];
      pe = srv.push[i + 1];
      break;
    }
  }
  let fo = NaN;
  let lo = NaN;
  for (let i = 0; i < srv.out.length; i += 3) {
    const seq = srv.out[i + 1];
    const end = seq + srv.out[i + 2] - 1;
    if (end < w * rowsPerWindow + 1 || seq > (w + 1) * rowsPerWindow) continue;
    if (Number.isNaN(fo)) fo = srv.out[i];
    lo = srv.out[i];
  }
  let fr = NaN;
  let lr = NaN;
  for (let i = 0; i < segs.length; i += 3) {
    if (segs[i] !== w) continue;
    if (Number.isNaN(fr)) fr = segs[i + 1];
    lr = segs[i + 1];
  }
  let inDuring = 0;
  let pushes = 0;
  let longest = 0;
  let pushCpu = 0;
  for (let i = 0; i < srv.push.length; i += 5) {
    if (srv.push[i] > fo && srv.push[i] < lo) {
      inDuring += srv.push[i + 2];
      pushes++;
      longest = Math.max(longest, srv.push[i + 1] - srv.push[i]);
      pushCpu += srv.push[i + 4] ?? NaN;
    }
  }
  // Main-thread schedstat at the window's first and last batch: CPU and run-queue wait between them.
  let cpu = NaN;
  let wait = NaN;
  const sc = srv.sched ?? [];
  for (let i = 0; i < sc.length; i += 5) {
    if (sc[i + 1] !== w) continue;
    if (sc[i + 2] === 0) { cpu = -sc[i + 3]; wait = -sc[i + 4]; }
    else { cpu += sc[i + 3]; wait += sc[i + 4]; }
  }
  console.log(`| ${w} | ${r1(ps - t0)} | ${r1(pe - t0)} | ${r1(fo - t0)} | ${r1(lo - t0)} | ${r1(fr - t0)} | ${r1(lr - t0)} | ${inDuring} | ${pushes} | ${r1(longest)} | ${r1(cpu / 1e6)} | ${r1(pushCpu / 1e6)} | ${r1(wait / 1e6)} |`);
}
