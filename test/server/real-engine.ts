/**
 * A real engine behind a real server, with the schema most server tests use:
 *   bids(auction, price, ts) with WATERMARK ts − 1 s;  counts: TUMBLE 10 s per auction;  pass: a projection.
 * `bidsIn(w)` makes one bid per auction in window w; its watermark fires window w − 1.
 */
import type { EngineOptions } from '../../src/executor/api.js';
import { createEngine, type Engine } from '../../src/index.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/executor/server/index.js';
import { silentLogger } from '../../src/util/log.js';
import { connect, type Client } from './helpers.js';

export const DDL = `
CREATE SOURCE bids (
  auction BIGINT, price DOUBLE, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (connector = 'websocket', format = 'json');
CREATE VIEW counts AS
SELECT auction, window_start, window_end, COUNT(*) AS bids, MAX(price) AS top
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end;
CREATE VIEW pass AS SELECT auction, price FROM bids;`;

export const T0 = Date.UTC(2020, 9, 10);

export const bidsIn = (w: number, n = 2) => Array.from({ length: n }, (_, i) => ({ auction: i + 1, price: 10 + w, ts: T0 + w * 10_000 + 1500 }));

/** Engine-side subscriptions of a view (SHOW VIEWS), to prove that N clients share one. */
export function engineSubscribers(e: Engine, view: string): number {
  const r = e.execute('SHOW VIEWS')[0];
  return r?.kind === 'rows' ? (r.rows.find((row) => row[0] === view)?.[3] as number) : -1;
}

export interface Harness {
  readonly engine: Engine;
  readonly server: RunningServer;
  /** A connected client, closed by `stop()`. */
  open(url?: string): Promise<Client>;
  /** Inserts through the engine API (not the socket), for tests that are about the reading side. */
  insert(rows: readonly unknown[]): void;
  stop(): Promise<void>;
}

export async function startReal(options: ServerOptions = {}, engineOptions: EngineOptions = {}): Promise<Harness> {
  const engine = createEngine(engineOptions);
  engine.execute(DDL);
  const server = await startServer(engine, { port: 0, logger: silentLogger, token: '', ...options });
  const clients: Client[] = [];
  let stopped = false;
  return {
    engine,
    server,
    async open(url = server.url) {
      const c = await connect(url);
      clients.push(c);
      return c;
    },
    insert(rows) {
      engine.push('bids', rows);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const c of clients) c.ws.terminate();
      await server.close();
      await engine.close();
    },
  };
}
