/**
 * One client connection per table (source and sink share it), with the JetStream clients on top.
 * Reconnection never gives up: a server restart, a killed cluster node or a network blip is waited out
 * (the reader replaces a consumer that went silent, the publisher retries with the same message ids),
 * and only closing the table ends the connection. `servers` should list every node of a cluster: the
 * client moves to another one when its node dies (it also learns the others from the cluster).
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';

export interface NatsClients {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** The largest message the server accepts (bytes). */
  readonly maxPayload: number;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Shown in the server's connection list (`tumbleql:<table>`). */
  readonly name?: string;
  /** How long one JetStream API request (stream info, consumer create) may take. */
  readonly apiTimeoutMs?: number;
}

export async function connectNats(servers: readonly string[], options: ConnectOptions = {}): Promise<NatsClients> {
  const nc = await connect({
    servers: [...servers],
    name: options.name ?? 'tumbleql',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    timeout: 10_000,
    // A killed server closes its sockets, so the client moves to another node at once; a host that
    // vanished (power, network) does not, and the default (2 min, 2 pings) would leave the client on it
    // for up to 4 minutes. Here: within 20–30 s.
    pingInterval: 10_000,
    maxPingOut: 2,
  });
  const timeout = options.apiTimeoutMs ?? 10_000;
  const js = jetstream(nc, { timeout });
  const jsm = await jetstreamManager(nc, { timeout, checkAPI: false });
  return {
    nc,
    js,
    jsm,
    maxPayload: nc.info?.max_payload ?? 1024 * 1024,
    async close() {
      if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
    },
  };
}
