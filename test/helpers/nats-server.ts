/**
 * Real nats-server processes for tests: one JetStream server, or a 3-node JetStream cluster with routes,
 * on free loopback ports with storage in temp dirs. Each waits until it is ready, and stops (SIGTERM, or
 * kill -9 on purpose) and restarts on the same ports and storage. Needs Debian's `nats-server`
 * (`.ci/run` installs it); a missing binary fails the test with that instruction, never a skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { StorageType, jetstreamManager } from '@nats-io/jetstream';

// Debian installs it in /usr/sbin, which a non-root PATH may lack.
const BINARY = process.env['NATS_SERVER_BIN'] ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

export function requireNatsServer(): void {
  const r = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`'${BINARY}' is not runnable (${r.error?.message ?? r.stderr}); install it: apt-get install -y nats-server`);
  }
}

/**
 * `n` distinct ports nobody listens on right now: all are held open until all are picked, so the OS
 * cannot hand out one twice (the race with other processes after they are closed is tiny).
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<Server>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => resolve(srv));
    })),
  );
  const ports = servers.map((srv) => {
    const addr = srv.address();
    return typeof addr === 'object' && addr !== null ? addr.port : 0;
  });
  await Promise.all(servers.map((srv) => new Promise<void>((resolve) => srv.close(() => resolve()))));
  return ports;
}

export class NatsServerNode {
  private proc: ChildProcess | null = null;
  private log: string[] = [];

  constructor(
    readonly name: string,
    readonly port: number,
    readonly storeDir: string,
    private readonly extraArgs: readonly string[],
    /** The HTTP monitoring port (`-m`), for the cluster's health; none for a lone server. */
    readonly monitorPort?: number,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.proc !== null;
  }

  /** The last lines the server logged (for assertion messages). */
  logTail(lines = 30): string {
    return this.log.slice(-lines).join('\n');
  }

  /** Starts the process and resolves once it logs that it accepts clients. */
  async start(timeoutMs = 20_000): Promise<void> {
    if (this.proc) throw new Error(`${this.name} is already running`);
    const args = ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir, '-n', this.name, ...this.extraArgs];
    if (this.monitorPort !== undefined) args.push('-m', String(this.monitorPort));
    const proc = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    live.add(proc);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.logTail()}`)), timeoutMs);
      const onLine = (chunk: Buffer): void => {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line === '') continue;
          this.log.push(line);
          if (this.log.length > 500) this.log.splice(0, 250);
          if (line.includes('Server is ready')) {
            clearTimeout(timer);
            resolve();
          }
        }
      };
      proc.stdout!.on('data', onLine);
      proc.stderr!.on('data', onLine);
      proc.once('exit', (code, signal) => {
        live.delete(proc);
        if (this.proc === proc) this.proc = null;
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code ?? signal}) before it was ready:\n${this.logTail()}`));
      });
    });
  }

  /** Stops the process: SIGTERM (a clean shutdown) or SIGKILL (kill -9, nothing flushed). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    live.delete(proc);
    this.proc = null;
  }

  kill9(): Promise<void> {
    return this.stop('SIGKILL');
  }

  /** The node's view of the JetStream metadata group (`/jsz`), or null when it does not answer. */
  async metaCluster(): Promise<MetaClusterView | null> {
    if (this.monitorPort === undefined || !this.running) return null;
    try {
      const res = await fetch(`http://127.0.0.1:${this.monitorPort}/jsz`, { signal: AbortSignal.timeout(2_000) });
      const body = (await res.json()) as { meta_cluster?: MetaClusterView };
      return body.meta_cluster ?? null;
    } catch {
      return null;
    }
  }
}

/** What a node's `/jsz` says of the metadata group: its leader, expected size and (on the leader) followers. */
export interface MetaClusterView {
  leader?: string;
  cluster_size?: number;
  replicas?: { name: string; current: boolean; offline?: boolean }[];
}

/** One JetStream server on a free port with its own temp storage. */
export async function startNatsServer(): Promise<NatsServerNode & { dispose(): Promise<void> }> {
  requireNatsServer();
  const dir = mkdtempSync(join(tmpdir(), 'tumbleql-nats-'));
  const [port] = await freePorts(1);
  const node = new NatsServerNode('n0', port!, dir, []);
  await node.start();
  return Object.assign(node, {
    async dispose() {
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

export interface NatsCluster {
  readonly nodes: readonly NatsServerNode[];
  /** Every node's client URL, for a client that should fail over. */
  readonly servers: string[];
  /**
   * Resolves once every running node names the same metadata leader, expects the cluster's full size, and
   * the leader counts every other running node as a current follower: the state a kill -9 should start
   * from, and the one a restarted node should be back in. Fails with each node's view and last log lines.
   */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Each node's state, metadata view and last log lines, for a failure message. */
  describe(lines?: number): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * A JetStream cluster of `size` nodes on loopback, each routed to all others. Resolves once JetStream
 * answers account requests, i.e. the cluster has elected its metadata leader.
 */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  requireNatsServer();
  const root = mkdtempSync(join(tmpdir(), 'tumbleql-nats-cluster-'));
  const all = await freePorts(3 * size);
  const ports = all.slice(0, size);
  const routes = all.slice(size, 2 * size);
  const monitors = all.slice(2 * size);
  const routeList = routes.map((p) => `nats://127.0.0.1:${p}`).join(',');
  const nodes = ports.map(
    (port, i) =>
      new NatsServerNode(`n${i}`, port, join(root, `n${i}`), [
        '--cluster_name', 'tumbleql-test', '--cluster', `nats://127.0.0.1:${routes[i]}`, '--routes', routeList,
      ], monitors[i]),
  );
  await Promise.all(nodes.map((n) => n.start()));
  const servers = nodes.map((n) => n.url);
  await waitForJetStream(servers, 30_000, size);
  const describe = async (lines = 40): Promise<string> => {
    const parts = await Promise.all(nodes.map(async (n) => {
      const meta = await n.metaCluster();
      return `--- ${n.name} (${n.running ? 'running' : 'stopped'}) meta: ${JSON.stringify(meta)}\n${n.logTail(lines)}`;
    }));
    return parts.join('\n');
  };
  const waitHealthy = async (timeoutMs = 60_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const running = nodes.filter((n) => n.running);
      const views = await Promise.all(running.map((n) => n.metaCluster()));
      const leader = views[0]?.leader;
      const leaderView = views[running.findIndex((n) => n.name === leader)];
      const healthy = leader !== undefined && leaderView !== undefined
        && views.every((v) => v !== null && v.leader === leader && v.cluster_size === size)
        && running.every((n) => n.name === leader || leaderView?.replicas?.some((r) => r.name === n.name && r.current) === true);
      if (healthy) return;
      if (Date.now() > deadline) throw new Error(`the nats cluster is not healthy after ${timeoutMs} ms:\n${await describe()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  await waitHealthy();
  return {
    nodes,
    servers,
    waitHealthy,
    describe,
    async dispose() {
      await Promise.all(nodes.map((n) => n.stop()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Polls until JetStream answers (a cluster needs a metadata leader first). With `replicas` > 1, until a
 * stream of that many replicas can be placed, i.e. every node has joined the JetStream cluster.
 */
export async function waitForJetStream(servers: string[], timeoutMs: number, replicas = 1): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let nc: NatsConnection | null = null;
  let last: unknown = null;
  try {
    nc = await connect({ servers, timeout: 5_000 });
    for (;;) {
      try {
        const jsm = await jetstreamManager(nc, { timeout: 2_000 });
        await jsm.getAccountInfo();
        if (replicas <= 1) return;
        await jsm.streams.add({ name: 'READY_PROBE', subjects: ['tumbleql.ready.probe'], storage: StorageType.Memory, num_replicas: replicas });
        await jsm.streams.delete('READY_PROBE');
        return;
      } catch (err) {
        last = err;
      }
      if (Date.now() > deadline) throw new Error(`JetStream not ready after ${timeoutMs} ms: ${String(last)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await nc?.close();
  }
}
