// A nats-server for benchmarks: JetStream with file storage in a temp dir, on a free loopback port.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';

async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => res(port));
    });
  });
}

export async function startNatsServer() {
  const dir = mkdtempSync(join(os.tmpdir(), 'tumbleql-nats-bench-'));
  const port = await freePort();
  const bin = process.env.NATS_SERVER_BIN ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');
  const proc = spawn(bin, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((res, rej) => {
    let log = '';
    const on = (b) => {
      log += b.toString();
      if (log.includes('Server is ready')) res();
    };
    proc.stdout.on('data', on);
    proc.stderr.on('data', on);
    proc.once('error', (e) => rej(new Error(`nats-server: ${e.message} (apt-get install -y nats-server)`)));
    proc.once('exit', (c) => rej(new Error(`nats-server exited ${c}:\n${log}`)));
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    /** For CPU figures (bench/lib/proc-cpu.mjs). */
    pid: proc.pid,
    async stop() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
