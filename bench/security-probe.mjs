#!/usr/bin/env node
/**
 * Attacks a real `tumbleql run` server (spawned, on loopback) with the hostile inputs of docs/security.md
 * and prints one line per attack: what the server did. Used to fill the before/after table; the automated
 * regression tests are in test/security/. Usage: node bench/security-probe.mjs [attack-name ...]
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

const BIN = process.env.TUMBLEQL_BIN ?? new URL('../bin/tumbleql.js', import.meta.url).pathname; // TUMBLEQL_BIN: probe another build (before/after)
let nextPort = 20000 + Math.floor(Math.random() * 20000);

const DDL = `CREATE SOURCE bids (auction BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector='websocket');
CREATE VIEW counts AS SELECT auction, window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end;`;

async function server({ token = 'admintok', host = '127.0.0.1', extra = '', dir: given = undefined } = {}) {
  const dir = given ?? mkdtempSync(join(tmpdir(), 'tq-probe-'));
  const port = nextPort++;
  writeFileSync(join(dir, 'tumbleql.yaml'), `server:\n  host: ${host}\n  port: ${port}\n${token ? `  token: ${token}\n` : ''}${extra}state:\n  path: ${join(dir, 'state.db')}\nsql: |\n  ${DDL.replace(/\n/g, '\n  ')}\n`);
  const p = spawn(process.execPath, [BIN, 'run', join(dir, 'tumbleql.yaml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d) => (err += d));
  const exited = new Promise((r) => p.on('exit', (code, sig) => r({ code, sig })));
  const up = await Promise.race([
    (async () => { for (let i = 0; i < 100; i++) { if (await health(port, token, 300)) return true; await sleep(100); } return false; })(),
    exited.then(() => false),
  ]);
  if (!up && process.env.PROBE_DEBUG) console.error(err.slice(0, 600));
  return { p, port, dir, up, exited, stderr: () => err, url: `ws://127.0.0.1:${port}/ws`, token };
}

/**
 * CPU time of a process's main thread (the event loop), from /proc (10 ms ticks): unlike wall-clock gaps it
 * does not grow with the load of a shared machine. Includes the /health requests served meanwhile.
 */
function mainThreadCpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch { return NaN; }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function health(port, token, timeoutMs = 1000) {
  const t0 = Date.now();
  try {
    const r = await fetch(`http://127.0.0.1:${port}/health`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
    return r.ok ? Date.now() - t0 || 1 : false;
  } catch { return false; }
}

function client(s, tok = s.token) {
  return new Promise((res, rej) => {
    const ws = new WebSocket(s.url, { headers: tok ? { authorization: `Bearer ${tok}` } : {} });
    const msgs = [];
    ws.on('message', (d) => msgs.push(JSON.parse(d.toString())));
    ws.on('error', rej);
    ws.on('open', () => res({ ws, msgs, closeCode: () => ws.readyState, req: (m, ms = 5000) => request(ws, msgs, m, ms) }));
  });
}
let rid = 0;
async function request(ws, msgs, m, ms) {
  const id = `p${++rid}`;
  ws.send(JSON.stringify({ ...m, id }));
  const until = Date.now() + ms;
  while (Date.now() < until) { const r = msgs.find((x) => x.id === id); if (r) return r; await sleep(10); }
  return { type: 'timeout' };
}
const brief = (m) => (m.type === 'error' ? `error ${m.code}: ${String(m.message).slice(0, 90)}` : m.type);
async function stop(s) {
  s.p.kill('SIGTERM');
  const t0 = Date.now();
  const r = await Promise.race([s.exited, sleep(8000).then(() => null)]);
  if (!r) { s.p.kill('SIGKILL'); return 'did not stop on SIGTERM within 8 s (killed)'; }
  return `stopped in ${Date.now() - t0} ms`;
}

const attacks = {
  async file_etc_passwd() {
    const s = await server();
    const c = await client(s);
    const r = await c.req({ type: 'execute', sql: `CREATE SOURCE f (line VARCHAR) WITH (connector='file', path='/etc/passwd')` });
    await sleep(500);
    const rej = await c.req({ type: 'rejects', source: 'f' });
    const leaked = JSON.stringify(rej).includes('root:x:0:0');
    await stop(s);
    return `CREATE: ${brief(r)}; /etc/passwd lines via rejects: ${leaked ? 'LEAKED' : 'no'}`;
  },
  async file_proc_environ() {
    const s = await server();
    const c = await client(s);
    const r = await c.req({ type: 'execute', sql: `CREATE SOURCE f (line VARCHAR) WITH (connector='file', path='/proc/self/environ')` });
    await sleep(500);
    const rej = await c.req({ type: 'rejects', source: 'f' });
    await stop(s);
    return `CREATE: ${brief(r)}; environ via rejects: ${JSON.stringify(rej).includes('PATH=') ? 'LEAKED' : 'no'}`;
  },
  async datagen_1e9() {
    const s = await server();
    const c = await client(s);
    const r = await c.req({ type: 'execute', sql: `CREATE SOURCE g (x BIGINT) WITH (connector='datagen', rows_per_second='1e9')` });
    await sleep(1500);
    const h = await health(s.port, s.token, 2000);
    const ex = await Promise.race([s.exited, sleep(10).then(() => null)]);
    const st = ex ? `process exited ${JSON.stringify(ex)}` : await stop(s);
    return `CREATE: ${brief(r)}; /health after: ${h ? 'ok' : 'NO ANSWER'}; ${st}`;
  },
  async file_dev_zero() {
    const s = await server();
    const c = await client(s);
    const r = await c.req({ type: 'execute', sql: `CREATE SOURCE z (line VARCHAR) WITH (connector='file', path='/dev/zero')` }, 3000);
    await sleep(1000);
    const h = await health(s.port, s.token, 2000);
    return `CREATE: ${brief(r)}; /health after: ${h ? 'ok' : 'NO ANSWER'}; SIGTERM: ${await stop(s)}`;
  },
  async hop_1ms_1day() {
    const s = await server();
    const c = await client(s);
    const r = await c.req({ type: 'execute', sql: `CREATE VIEW h AS SELECT window_start, COUNT(*) AS n FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MILLISECOND, INTERVAL '1' DAY)) GROUP BY window_start, window_end` }, 3000);
    let ins = { type: 'skipped' };
    if (r.type === 'ok') { c.ws.send(JSON.stringify({ type: 'insert', source: 'bids', rows: [{ auction: 1, price: 1, ts: 1e12 }], id: 'x' })); await sleep(2000); }
    const h = await health(s.port, s.token, 2000);
    return `CREATE: ${brief(r)}; /health 2 s after one insert: ${h ? 'ok' : 'NO ANSWER'}; SIGTERM: ${await stop(s)}`;
  },
  async sql_1mb() {
    const s = await server();
    const c = await client(s);
    const sql = `SELECT auction FROM bids WHERE ${Array.from({ length: 60000 }, (_, i) => `price <> ${i}`).join(' AND ')}`.slice(0, 1_000_000);
    const t0 = Date.now();
    c.ws.send(JSON.stringify({ type: 'query', sql, id: 'big' }));
    let worst = 0;
    while (!c.msgs.find((m) => m.id === 'big') && Date.now() - t0 < 30000) { const t = Date.now(); const h = await health(s.port, s.token, 20000); worst = Math.max(worst, h ? Date.now() - t : 20000); }
    const m = c.msgs.find((x) => x.id === 'big');
    await stop(s);
    return `answer after ${Date.now() - t0} ms: ${m ? brief(m) : 'none'}; worst /health latency meanwhile ${worst} ms`;
  },
  async expr_2000_terms() {
    const s = await server();
    const c = await client(s);
    const r = await c.req({ type: 'query', sql: `SELECT ${Array.from({ length: 2000 }, () => '(1').join('+')}${')'.repeat(2000)} AS x FROM bids` }, 15000);
    await stop(s);
    return brief(r);
  },
  async http_11mb_body() {
    const s = await server();
    const body = JSON.stringify({ auction: 1, price: 1, ts: 1, pad: 'x'.repeat(11 * 1024 * 1024) });
    const r = await fetch(`http://127.0.0.1:${s.port}/sources/bids`, { method: 'POST', body, headers: { authorization: `Bearer ${s.token}` } }).then(async (x) => `${x.status} ${(await x.text()).slice(0, 80)}`, (e) => `fetch failed ${e.message}`);
    await stop(s);
    return r;
  },
  async watermark_9999() {
    const s = await server();
    const c = await client(s);
    const r = await c.req({ type: 'insert', source: 'bids', rows: [{ auction: 1, price: 1, ts: '9999-12-31T00:00:00Z' }] });
    await c.req({ type: 'insert', source: 'bids', rows: [{ auction: 1, price: 1, ts: Date.now() }] });
    const late = await c.req({ type: 'late' });
    return `far-future insert: ${brief(r)}${r.errors?.length ? ` (${r.errors[0].reason.slice(0, 60)})` : ''}; later normal event late: ${late.rows?.length > 0 ? 'YES' : 'no'}; ${await stop(s)}`;
  },
  async shared_token_drop() {
    const s = await server({ extra: '  tokens:\n    - { name: reader, token: readtok, role: subscriber }\n' });
    if (!s.up) return `server refused this config (no roles): ${s.stderr().split('\n').find((l) => /tokens/.test(l))?.slice(0, 100)}`;
    let c;
    try { c = await client(s, 'readtok'); } catch (e) { await stop(s); return `subscriber connection: ${e.message}`; }
    const r = await c.req({ type: 'execute', sql: 'DROP VIEW counts' });
    await stop(s);
    return `subscriber token DROP VIEW: ${brief(r)}`;
  },
  async flood_inserts() {
    const s = await server();
    const c = await client(s);
    const N = 2000;
    const t0 = Date.now();
    for (let i = 0; i < N; i++) c.ws.send(JSON.stringify({ type: 'insert', source: 'bids', id: i, rows: [{ auction: 1, price: 1, ts: 1000 + i }] }));
    const until = Date.now() + 10000;
    while (Date.now() < until && c.msgs.filter((m) => m.id !== undefined).length < N) await sleep(20);
    const answered = new Set(c.msgs.filter((m) => m.id !== undefined).map((m) => m.id)).size;
    const acks = c.msgs.filter((m) => m.type === 'ack').length;
    const anon = c.msgs.filter((m) => m.id === undefined && m.type === 'error').length;
    await stop(s);
    return `${N} one-row inserts: ${acks} acked, ${answered} answered with their id, ${anon} errors without id, ${N - answered} unanswered (${Date.now() - t0} ms)`;
  },
  async bind_0000_no_token() {
    const s = await server({ token: '', host: '0.0.0.0' });
    const r = s.up ? 'STARTED on 0.0.0.0 without a token' : `refused: ${s.stderr().trim().split('\n').pop()?.slice(0, 120)}`;
    if (s.up) await stop(s);
    return r;
  },
  async sql_16kb() {
    const s = await server();
    const c = await client(s);
    const items = [];
    for (let i = 0, n = 60; n < 16000; i++) { items.push(`${i}.5`); n += items[i].length + 2; }
    const sql = `CREATE VIEW wide AS SELECT auction FROM bids WHERE price IN (${items.join(', ')})`;
    const t0 = Date.now();
    c.ws.send(JSON.stringify({ type: 'execute', sql, id: 'wide' }));
    let worst = 0;
    while (!c.msgs.find((m) => m.id === 'wide') && Date.now() - t0 < 30000) { const t = Date.now(); const h = await health(s.port, s.token, 20000); worst = Math.max(worst, h ? Date.now() - t : 20000); }
    const m = c.msgs.find((x) => x.id === 'wide');
    await stop(s);
    return `${sql.length} bytes: answer after ${Date.now() - t0} ms: ${m ? brief(m) : 'none'}; worst /health latency meanwhile ${worst} ms`;
  },
  // The costliest statements the binding/planning limits accept (limits.sql_nodes 3,000, sql_queries 32),
  // each sent once while /health is polled: the worst /health latency is how long binding and planning
  // held the event loop (parsing is on the worker).
  async bind_worst() {
    const s = await server();
    const c = await client(s);
    // The parse worker's start (grammar analysis) is not what is measured: one long statement first.
    await c.req({ type: 'execute', sql: `SHOW VIEWS -- ${'x'.repeat(3000)}` }, 60000);
    const cases = {
      ctes_31: `CREATE VIEW q1 AS WITH ${Array.from({ length: 31 }, (_, i) => `c${i} AS (SELECT auction, price FROM ${i === 0 ? 'bids' : `c${i - 1}`} WHERE price > ${i})`).join(', ')} SELECT * FROM c30`,
      nested_31: `CREATE VIEW q2 AS ${Array.from({ length: 30 }).reduce((q, _, i) => `SELECT auction, price FROM (${q}) AS t${i} WHERE price > ${i}`, 'SELECT auction, price FROM bids')}`,
      exprs_745: `CREATE VIEW q3 AS SELECT ${Array.from({ length: 745 }, (_, i) => `price+${i} c${i}`).join(',')} FROM bids`,
      case_chain: `CREATE VIEW q4 AS SELECT ${Array.from({ length: 330 }, (_, i) => `CASE WHEN price>${i} THEN ${i} ELSE 0 END`).join('+')} AS s FROM bids`,
      in_2990: `CREATE VIEW q5 AS SELECT auction FROM bids WHERE price IN (${Array.from({ length: 2990 }, (_, i) => i % 10).join(',')})`,
      unions_32: `CREATE VIEW q6 AS ${Array.from({ length: 32 }, (_, i) => `SELECT auction, price FROM bids WHERE auction = ${i}`).join(' UNION ALL ')}`,
    };
    const out = [];
    for (const [name, sql] of Object.entries(cases)) {
      const id = `b_${name}`;
      const cpu0 = mainThreadCpuMs(s.p.pid);
      const t0 = Date.now();
      c.ws.send(JSON.stringify({ type: 'execute', sql, id }));
      let worst = 0;
      while (!c.msgs.find((m) => m.id === id) && Date.now() - t0 < 30000) { const t = Date.now(); const h = await health(s.port, s.token, 20000); worst = Math.max(worst, h ? Date.now() - t : 20000); }
      const m = c.msgs.find((x) => x.id === id);
      out.push(`${name} (${sql.length} B): ${m ? brief(m) : 'none'} in ${Date.now() - t0} ms, worst /health ${worst} ms, main-thread CPU ${mainThreadCpuMs(s.p.pid) - cpu0} ms`);
    }
    await stop(s);
    return out.join('; ');
  },
  async reset_watermark() {
    const s = await server({ extra: '' });
    const c = await client(s);
    await c.req({ type: 'execute', sql: `CREATE SOURCE old (a BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector='websocket', 'watermark.max_ahead'='off')` });
    await c.req({ type: 'execute', sql: `CREATE VIEW oc AS SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE old, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end` });
    await c.req({ type: 'insert', source: 'old', rows: [{ a: 1, ts: '9999-12-31T00:00:00Z' }] });
    const r = await c.req({ type: 'execute', sql: 'ALTER SOURCE old RESET WATERMARK' });
    await c.req({ type: 'insert', source: 'old', rows: [{ a: 1, ts: Date.now() }] });
    const late = await c.req({ type: 'late', view: 'oc' });
    return `ALTER SOURCE old RESET WATERMARK: ${brief(r)}; next normal event late: ${late.rows?.length > 0 ? 'YES' : 'no'}; ${await stop(s)}`;
  },
  async state_zero_main_wal() {
    const { dir, path } = await crashedState();
    truncateSync(path, 0);
    const walBefore = sha(`${path}-wal`);
    const s = await server({ dir });
    const r = s.up ? 'STARTED on it' : `refused: ${s.stderr().split('\n').find((l) => /write-ahead|state file/.test(l))?.slice(0, 110)}`;
    if (s.up) await stop(s);
    return `${r}; WAL afterwards: ${existsSync(`${path}-wal`) && sha(`${path}-wal`) === walBefore ? 'byte-identical' : 'DELETED or changed'}`;
  },
  async state_flipped_wal() {
    const { dir, path } = await crashedState();
    const wal = `${path}-wal`;
    const b = Buffer.from([readFileSync(wal)[256] ^ 0xff]);
    const fd = openSync(wal, 'r+'); writeSync(fd, b, 0, 1, 256); closeSync(fd);
    const before = sha(wal);
    const s = await server({ dir });
    let r;
    if (s.up) {
      const c = await client(s);
      const st = await c.req({ type: 'stats' });
      r = `STARTED; events restored: ${st.sources?.find((x) => x.source === 'bids')?.eventsIn ?? '?'} of 50 (commits after the flip rolled back silently)`;
      await stop(s);
    } else r = `refused: ${s.stderr().split('\n').find((l) => /damaged/.test(l))?.slice(0, 110)}`;
    return `${r}; WAL afterwards: ${existsSync(wal) && sha(wal) === before ? 'byte-identical' : 'changed or deleted'}`;
  },
  async console_subscriber() {
    const s = await server({ extra: '  tokens:\n    - { name: reader, token: readtok, role: subscriber, views: [counts] }\n' });
    if (!s.up) return 'server refused this config';
    const r = await fetch(`http://127.0.0.1:${s.port}/api/console/catalog`, { headers: { authorization: 'Bearer readtok' } }).then((x) => x.json(), () => null);
    await stop(s);
    return r ? `catalog for a view-bound subscriber: access=${JSON.stringify(r.access ?? 'none (console offers DDL)')}, sources listed: ${r.sources?.length}` : 'no catalog';
  },
};

const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');
/** A state file whose last commits are only in its WAL: a server that checkpointed (50 events, 5 commits) and was killed with -9. */
async function crashedState() {
  const s = await server();
  const c = await client(s);
  for (let i = 0; i < 5; i++) {
    await c.req({ type: 'insert', source: 'bids', rows: Array.from({ length: 10 }, (_, k) => ({ auction: k, price: 1, ts: 1000 + i * 10 + k })) });
    await c.req({ type: 'checkpoint' });
  }
  s.p.kill('SIGKILL');
  await s.exited;
  return { dir: s.dir, path: join(s.dir, 'state.db') };
}

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(attacks);
for (const n of names) {
  const t = Date.now();
  let out;
  try { out = await Promise.race([attacks[n](), sleep(60000).then(() => 'probe timed out')]); } catch (e) { out = `probe error: ${e.message}`; }
  console.log(`${n.padEnd(20)} ${out}  [${Date.now() - t} ms]`);
}
process.exit(0);
