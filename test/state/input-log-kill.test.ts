/**
 * An append to the input log (state/input-log.ts) that returned survives kill -9: a child process appends
 * entries of varied sizes (some of them large, so that a kill often lands inside a write, and enough to
 * roll segments) and reports each offset once its append returned; it is killed at an arbitrary moment,
 * several times over the same log. After each kill the log opens (a torn tail cut back), holds every
 * reported entry byte for byte, and at most one entry more (written, not yet reported).
 */
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputLog } from '../../src/executor/state/input-log.js';
import { killAndWait, removeDir, tempDir } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir = '';
let bundle = '';
beforeAll(() => {
  dir = tempDir();
  bundle = join(dir, 'input-log.cjs');
  buildSync({
    entryPoints: [join(ROOT, 'src/executor/state/input-log.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['better-sqlite3'],
    outfile: bundle,
    logLevel: 'error',
  });
});
afterAll(() => removeDir(dir));

/** Entry `off` of source `src`: its size varies from a few bytes to 300 KB; its text names it. */
function entryOf(src: string, off: number): string | Buffer {
  const size = off % 7 === 0 ? 300_000 : off % 3 === 0 ? 40_000 : 20 + (off % 200);
  const head = `${src}:${off}:`;
  return off % 2 === 0 ? head + 'e'.repeat(size) : Buffer.concat([Buffer.from(head), Buffer.alloc(size, off & 0xff)]);
}

function runChild(log: string, script: string): { child: ReturnType<typeof spawn>; acked: Map<string, number>; drained: Promise<unknown> } {
  const file = join(dir, `child-${Math.random().toString(36).slice(2)}.cjs`);
  writeFileSync(file, script);
  const child = spawn(process.execPath, [file, log], { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, stdio: ['ignore', 'pipe', 'pipe'] });
  const acked = new Map<string, number>();
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) {
      const [src, off] = l.split(' ');
      acked.set(src!, Number(off));
    }
  });
  // Every line the child wrote before it died is read (the exit can be seen before the pipe's last data).
  const drained = new Promise((r) => child.stdout!.once('close', r));
  return { child, acked, drained };
}

describe('the input log across kill -9', () => {
  it('keeps every entry whose append returned, byte for byte', async () => {
    const log = join(dir, 'state.db.input.d');
    const script = `
const { InputLog } = require(${JSON.stringify(bundle)});
const { writeSync } = require('node:fs');
${entryOf.toString()}
const log = new InputLog(process.argv[2]);
for (;;) {
  for (const src of ['a', 'b']) {
    const off = log.lastOffset(src) + 1;
    if (log.append(src, entryOf(src, off)) !== off) throw new Error('offset');
    writeSync(1, src + ' ' + off + '\\n');
  }
}
`;
    const seen = new Map<string, number>();
    for (const delayMs of [150, 420, 60, 800]) {
      const { child, acked, drained } = runChild(log, script);
      await new Promise((r) => setTimeout(r, delayMs));
      // Wait until it has reported something new, then kill it wherever it is.
      const until = Date.now() + 20_000;
      while ((acked.get('a') ?? 0) <= (seen.get('a') ?? 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      await killAndWait(child, 'SIGKILL');
      await drained;
      const input = new InputLog(log);
      try {
        for (const src of ['a', 'b']) {
          const got = input.read(src, 0, 1_000_000);
          // b's first append may not have been reported yet when the kill came (a's always has: waited for).
          const reported = Math.max(acked.get(src) ?? 0, seen.get(src) ?? 0);
          if (src === 'a') expect(reported).toBeGreaterThan(seen.get('a') ?? 0);
          // Every reported offset, in order, from 1; at most one more than reported.
          expect(got.length === reported || got.length === reported + 1).toBe(true);
          got.forEach((e, i) => {
            expect(e.offset).toBe(i + 1);
            const want = entryOf(src, e.offset);
            if (typeof want === 'string') expect(e.entry).toBe(want);
            else expect(Buffer.isBuffer(e.entry) && want.equals(e.entry as Buffer)).toBe(true);
          });
          seen.set(src, got.length);
        }
      } finally {
        input.close();
      }
    }
    expect(readdirSync(log).filter((n) => n.endsWith('.seg')).length).toBeGreaterThan(1); // segments rolled on the way
  }, 120_000);
});
