/**
 * The per-file setup of the NATS tests that run against one server: a nats-server started before the
 * file's tests (JetStream, its own temp storage, a free loopback port), a client connected to it, an
 * optional temp dir for state files; all stopped and removed after them. Read the parts through the
 * returned object once the file's tests run (`nats.clients.js`, `nats.server.url`, `join(nats.dir, ...)`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { connectNats, type NatsClients } from '../../src/executor/connectors/nats/index.js';
import { startNatsServer, type NatsServerNode } from '../helpers/nats-server.js';

export interface NatsTestServer {
  readonly server: NatsServerNode & { dispose(): Promise<void> };
  readonly clients: NatsClients;
  /** A temp dir for the file's state files (only with `tempDir`). */
  readonly dir: string;
}

export interface NatsTestServerOptions {
  /** Prefix of a temp dir made before the tests and removed after them. */
  readonly tempDir?: string;
  /** The client's JetStream API timeout (the library default otherwise). */
  readonly apiTimeoutMs?: number;
}

/** Registers the file's beforeAll/afterAll; the returned parts are there once beforeAll has run. */
export function useNatsServer(options: NatsTestServerOptions = {}): NatsTestServer {
  let server: (NatsServerNode & { dispose(): Promise<void> }) | undefined;
  let clients: NatsClients | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    server = await startNatsServer();
    clients = await connectNats([server.url], options.apiTimeoutMs === undefined ? {} : { apiTimeoutMs: options.apiTimeoutMs });
    if (options.tempDir !== undefined) dir = mkdtempSync(join(tmpdir(), options.tempDir));
  });
  afterAll(async () => {
    await clients?.close();
    await server?.dispose();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  const ready = <T>(what: string, v: T | undefined): T => {
    if (v === undefined) throw new Error(`the test nats ${what} is used before beforeAll started it`);
    return v;
  };
  return {
    get server() {
      return ready('server', server);
    },
    get clients() {
      return ready('client', clients);
    },
    get dir() {
      return ready('temp dir (pass tempDir)', dir);
    },
  };
}

/** Polls `cond` until it holds; fails naming `what` after `timeoutMs`. */
export async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
