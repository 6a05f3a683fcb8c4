/**
 * The job of the SQL-level NATS tests: events on a 12-partition stream, a TUMBLE aggregate keyed by the
 * partition key, its rows INSERTed INTO a second table; events made from a seed; the expected output
 * computed by an in-memory engine over the same events (a single-process replay); the sink stream read
 * back as rows.
 */
import { createEngine, type Engine } from '../../src/index.js';
import {
  NatsSink, SplitReader, lastSequenceOf, partitionOf, subjectsOf, type NatsClients, type NatsTableOptions,
} from '../../src/executor/connectors/nats/index.js';
import { encodeRow, tableOptions } from './fixture.js';

export const BASE_TS = 1_700_000_000_000;

export function jobSql(servers: string, o: { partitions?: number; stream?: string; sink?: string; idle?: string } = {}): string {
  const parts = o.partitions ?? 12;
  const ev = o.stream ?? 'EV';
  const agg = o.sink ?? 'AGG';
  return `
CREATE TABLE ev_bus (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
  WITH (connector = 'nats', servers = '${servers}', stream = '${ev}', subject = '${ev.toLowerCase()}',
        partitions = '${parts}', partition_key = 'k', format = 'json'${o.idle ? `, idle_timeout = '${o.idle}'` : ''});
CREATE TABLE agg_bus (k BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), n BIGINT, s DOUBLE)
  WITH (connector = 'nats', servers = '${servers}', stream = '${agg}', subject = '${agg.toLowerCase()}',
        partitions = '${parts}', partition_key = 'k');
CREATE VIEW agg AS
  SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS s
  FROM TABLE(TUMBLE(TABLE ev_bus, DESCRIPTOR(ts), INTERVAL '1' SECOND))
  GROUP BY k, window_start, window_end;
INSERT INTO agg_bus SELECT * FROM agg;
`;
}

export interface Event {
  readonly k: number;
  readonly v: number;
  readonly ts: number;
}

/** `n` events over `keys` keys, 10 ms apart, out of order by at most 500 ms (under the 1 s watermark delay). */
export function events(n: number, keys: number, seed = 7, from = 0): Event[] {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, (_, j) => {
    const i = from + j;
    return { k: Math.floor(rnd() * keys), v: Math.round(rnd() * 1000) / 10, ts: BASE_TS + i * 10 + Math.floor(rnd() * 500) };
  });
}

/**
 * One event per partition far in the future: every partition's watermark passes every real window, so
 * they all fire (the closing events' own windows never do, and are left out of the expected output).
 */
export function closingEvents(partitions: number, at: number): Event[] {
  const out: Event[] = [];
  const seen = new Set<number>();
  for (let k = 1_000_000; seen.size < partitions; k++) {
    const p = partitionOf(k, partitions);
    if (seen.has(p)) continue;
    seen.add(p);
    out.push({ k, v: 0, ts: at });
  }
  return out;
}


/** The events table as the test publishes it (the library publisher, one row per message). */
export function evTable(servers: string[], partitions = 12, stream = 'EV'): NatsTableOptions {
  return tableOptions(servers, { stream, subject: stream.toLowerCase(), partitions: String(partitions) });
}

/** Publishes events as producer `id`, rows numbered from `firstSeq` (ids make a retry store nothing twice). */
export async function publishEvents(clients: NatsClients, table: NatsTableOptions, evs: readonly Event[], firstSeq: number, id = 'producer'): Promise<void> {
  const sink = await NatsSink.open(clients, table, { view: id, encodeRow, partitionKeyIndex: 0 });
  await sink.publishRange(evs.map((e, i) => ({ seq: firstSeq + i, op: '+I' as const, row: [e.k, e.v, e.ts] })));
}

export type AggRow = { k: number; window_start: string; window_end: string; n: number; s: number };

/** The rows the job must publish: the same SQL on one in-memory engine fed every event (closing windows left out). */
export function expectedRows(evs: readonly Event[], before: number): string[] {
  const engine: Engine = createEngine({ runConnectors: false });
  engine.execute(`
    CREATE TABLE ev (k BIGINT, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);
    CREATE VIEW agg AS SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS s
      FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end;`);
  const out: string[] = [];
  engine.subscribe('agg', (rows) => {
    for (const r of rows) if (Date.parse(String(r.row['window_start'])) < before) out.push(key(r.row as AggRow));
  });
  engine.push('ev', evs.map((e) => ({ k: e.k, v: e.v, ts: e.ts })));
  engine.flush();
  void engine.close();
  return out.sort();
}

export function key(r: AggRow): string {
  return `${r.k}|${r.window_start}|${r.window_end}|${r.n}|${Math.round(r.s * 10) / 10}`;
}

/** Every row stored in a stream's subjects, as sorted keys (duplicates kept: that is what is checked). */
export async function streamRows(clients: NatsClients, table: NatsTableOptions): Promise<string[]> {
  const out: string[] = [];
  for (const subject of subjectsOf(table)) {
    const end = await lastSequenceOf(clients.jsm, table.stream, subject);
    if (end === 0) continue;
    const reader = await SplitReader.open(clients.js, { stream: table.stream, subject, startSeq: 1 });
    try {
      while (reader.position < end) {
        const batch = await reader.nextBatch(1000, 10_000);
        if (batch.length === 0) throw new Error(`${subject} stalled at ${reader.position} before ${end}`);
        for (const m of batch) {
          const v = JSON.parse(new TextDecoder().decode(m.data)) as AggRow | AggRow[];
          for (const r of Array.isArray(v) ? v : [v]) out.push(key(r));
        }
      }
    } finally {
      await reader.close();
    }
  }
  return out.sort();
}

/** Messages stored in a stream (all subjects). */
export async function streamCount(clients: NatsClients, stream: string): Promise<number> {
  try {
    return (await clients.jsm.streams.info(stream)).state.messages;
  } catch {
    return 0;
  }
}
