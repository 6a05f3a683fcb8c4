/** A real engine behind a real server on 127.0.0.1 for the security tests, with role tokens. */
import type { EngineOptions } from '../../src/executor/api.js';
import { createEngine, type Engine } from '../../src/index.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/executor/server/index.js';
import { silentLogger } from '../../src/util/log.js';
import { connect, type Client } from '../server/helpers.js';

export const DDL = `
CREATE SOURCE bids (auction BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket');
CREATE SOURCE notes (user_id BIGINT, body VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (connector = 'websocket');
CREATE VIEW counts AS SELECT auction, window_start, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end;
CREATE VIEW notifications AS SELECT user_id, body FROM notes;`;

export const TOKENS = [
  { name: 'ops', token: 'admin-secret', role: 'admin' as const },
  { name: 'ingest', token: 'producer-secret', role: 'producer' as const, sources: ['bids'] },
  { name: 'dash', token: 'reader-secret', role: 'subscriber' as const, views: ['counts'] },
  { name: 'alice', token: 'alice-secret', role: 'subscriber' as const, views: ['notifications'], where: { user_id: 42 } },
];

export interface Sec {
  readonly engine: Engine;
  readonly server: RunningServer;
  as(token: string | null): Promise<Client>;
  stop(): Promise<void>;
}

export async function startSecure(options: ServerOptions = {}, engineOptions: EngineOptions = {}, ddl = DDL): Promise<Sec> {
  const engine = createEngine(engineOptions);
  engine.execute(ddl);
  const server = await startServer(engine, { port: 0, tokens: TOKENS, logger: silentLogger, heartbeatMs: 60_000, ...options });
  const clients: Client[] = [];
  return {
    engine,
    server,
    async as(token) {
      const c = await connect(server.url, token === null ? {} : { authorization: `Bearer ${token}` });
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      await server.close();
      await engine.close();
    },
  };
}

export const auth = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
