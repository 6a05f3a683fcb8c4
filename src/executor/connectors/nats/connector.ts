/**
 * The `nats` entry of the connector registry: a table on a JetStream stream is a source (its partitions
 * are the splits; this worker reads its own) and a sink (`INSERT INTO t SELECT ...`, exactly once through
 * message ids over committed output ranges). docs/nats.md has the whole picture.
 *
 * Source loop: once a query reads the table (a table only written to is never read), it connects, opens
 * one reader per owned partition at its committed offset + 1, and round-robins over them. Each batch is
 * decoded, pushed and its offset and watermark recorded in one synchronous turn (runtime/splits.ts), so a
 * checkpoint always holds rows and offsets together. A failure (server down at start, stream missing) is
 * logged and retried; the committed offsets make the retry exact.
 */
import type { Clock } from '../../api.js';
import type { SourceDef } from '../../../parser/catalog.js';
import type { SourceRuntime } from '../../runtime/source-runtime.js';
import type { SourceSplit } from '../../runtime/splits.js';
import type { ConnectorHandle } from '../../sources/index.js';
import type { ConnectorEnv, ConnectorSpec, OptionSpec, Problem } from '../registry.js';
import type { NatsClients } from './connection.js';
import { NATS_OPTIONS, checkNatsOptions, natsSplitIds, parseNatsOptions, partitionKeyIndex, type NatsTableOptions } from './options.js';
import { partitionsOfWorker } from './partitioning.js';
import { natsSink } from './table-sink.js';
import type { NatsSource } from './source.js';

/** Messages taken from one split per turn: bounds the time one split holds the event loop. */
const MAX_MESSAGES = 1000;
/**
 * Rows taken from one split per turn (about: whole messages are taken). The source's watermark is the
 * minimum over its splits, so it moves once every split has moved: a split read far ahead of the others
 * (20,000 rows of a backlog at 20 rows per message) holds its windows open, grows the state every
 * checkpoint writes and fires them all at once later. Small turns keep the splits level in event time.
 */
const ROWS_PER_TURN = 512;
/** Pause when every split was empty (the readers' queues fill meanwhile). */
const EMPTY_WAIT_MS = 10;
const RETRY_MS = 1000;
/** Work between turns of the event loop while a backlog is read. */
const YIELD_MS = 5;

const immediate = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * The split to read next: of those with received messages, the one furthest behind in event time (its
 * watermark), the least recently read among equals (a table without a watermark is read round-robin).
 * The source's watermark is the minimum over its splits, so reading the split that holds it back keeps
 * every split within about one batch of the others (watermark alignment): windows fire as the backlog
 * is read, rather than all at the end, and the state between checkpoints stays small. Partitions hold
 * different numbers of keys, so equal rows per split would let the sparse ones run ahead. -1: none has any.
 */
export function nextSplit(splits: readonly Pick<SourceSplit, 'wm'>[], buffered: (i: number) => number, lastTaken: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < splits.length; i++) {
    if (buffered(i) === 0) continue;
    if (best < 0 || splits[i]!.wm < splits[best]!.wm || (splits[i]!.wm === splits[best]!.wm && lastTaken[i]! < lastTaken[best]!)) best = i;
  }
  return best;
}

const OPTIONS: Record<string, OptionSpec> = Object.fromEntries(
  NATS_OPTIONS.map((o) => [o.key, { kind: o.kind, ...(o.values ? { values: o.values } : {}), ...(o.required ? { required: true } : {}), doc: o.doc }]),
);

/** The partitions a worker reads ([0] for an unpartitioned table, which worker 0 alone reads). */
export function ownedPartitions(table: NatsTableOptions, env: ConnectorEnv): number[] {
  if (table.partitions === null) return env.worker === null || env.worker.index === 0 ? [0] : [];
  if (env.worker === null) return Array.from({ length: table.partitions }, (_, p) => p);
  if (env.worker.count > table.partitions) return env.worker.index < table.partitions ? [env.worker.index] : [];
  return partitionsOfWorker(env.worker, table.partitions);
}

function check(def: SourceDef): Problem | null {
  const bad = checkNatsOptions(def.options);
  if (bad) return bad;
  const table = parseNatsOptions(def.options);
  if (table.partitionKey !== null && partitionKeyIndex(def, table) === null) {
    return { option: 'partition_key', message: `partition_key '${table.partitionKey}' is not a column of '${def.name}'; columns: ${def.columns.map((c) => c.name).join(', ')}` };
  }
  return null;
}

function startNats(rt: SourceRuntime, _clock: Clock, env: ConnectorEnv): ConnectorHandle {
  const table = parseNatsOptions(rt.def.options);
  const partitions = ownedPartitions(table, env);
  // This worker's partitions are the source's splits (the others belong to other workers): each keeps
  // its offset and watermark in the source runtime, checkpointed with the state; idleness is the engine's.
  const owned = new Set(partitions.map(String));
  for (const split of [...rt.splits]) if (!owned.has(split.id)) rt.removeSplit(split.id);
  for (const id of owned) rt.split(id);
  let stopped = false;
  let clients: NatsClients | null = null;
  let source: NatsSource | null = null;
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  const read = async (): Promise<void> => {
    // The NATS client libraries load on first use: every engine has the connector, few run it.
    const [{ connectNats }, { NatsSource }] = await Promise.all([import('./connection.js'), import('./source.js')]);
    // Short API requests: while a cluster re-elects, a request sent to a dead leader is never answered, and
    // the readers retry consumer creation until it succeeds; a long timeout only delays the retry.
    clients = await connectNats(table.servers, { name: `tumbleql:${rt.name}`, apiTimeoutMs: table.requestTimeoutMs });
    const offsets = new Map<number, number>();
    for (const id of owned) {
      const offset = rt.split(id).offset;
      if (typeof offset === 'number') offsets.set(Number(id), offset);
    }
    const startup = String(rt.def.options['scan.startup.mode'] ?? 'earliest').toLowerCase() === 'latest' ? 'latest' : 'earliest';
    source = await NatsSource.open(clients, table, {
      decodeRow: rt.decode,
      partitionKeyIndex: partitionKeyIndex(rt.def, table),
      partitions: table.partitions === null ? null : partitions,
      offsets,
      startup,
    });
    const splits = source.splits.map((s) => rt.split(String(s.partition ?? 0)));
    // A split opened at 'latest' keeps that place across restarts, not the latest of the restart.
    splits.forEach((split, i) => {
      if (split.offset === null) split.offset = source!.position(i);
    });
    // Takes one batch of split i; returns the messages' rows and rejects (0: the split had nothing).
    const take = async (i: number): Promise<number> => {
      const batch = await source!.poll(i, MAX_MESSAGES, 0, ROWS_PER_TURN);
      if (stopped) return 0;
      // From here to the end of the block: one synchronous turn (rows, rejects and offset together).
      for (const r of batch.rejects) {
        rt.reject(`${r.reason}: ${r.message}`, r.payload, `${r.stream}/${r.subject}#${r.seq}${r.index === null ? '' : `[${r.index}]`}`);
      }
      const split = splits[i]!;
      lastTaken[i] = ++turns;
      // The split's watermark moves over its rows and its offset to lastSeq, in this turn (runtime/splits.ts).
      const rows = batch.rows;
      if (rows.length > 0) rt.pushRows(rows.map((d) => d.row), rows.some((d) => d.op !== '+I') ? rows.map((d) => d.op) : null, { split, offset: batch.lastSeq });
      // A message that gave only rejects (or an empty array) still moves the offset: it is never re-read.
      else if (batch.lastSeq > (typeof split.offset === 'number' ? split.offset : 0)) split.offset = batch.lastSeq;
      return batch.rows.length + batch.rejects.length;
    };
    const lastTaken = splits.map(() => 0);
    let turns = 0;
    let lastYield = performance.now();
    while (!stopped) {
      const i = nextSplit(splits, (j) => source!.buffered(j), lastTaken);
      if (i < 0) {
        // Nothing received: a pass over every split (a failed reader reports here), then a short wait.
        let taken = 0;
        for (let j = 0; j < splits.length && !stopped; j++) taken += await take(j);
        if (taken === 0 && !stopped) await sleep(EMPTY_WAIT_MS);
        lastYield = performance.now();
        continue;
      }
      await take(i);
      // Awaiting received messages never leaves the microtask queue: without a turn of the event loop the
      // checkpoint timer, the sink's publications, the engine's sliced firings and the socket itself wait
      // for the whole backlog. And rows are not queued behind a firing in progress (runtime/pacer.ts).
      if (performance.now() - lastYield >= YIELD_MS || (rt.pacer !== null && !rt.pacer.idle)) {
        do await immediate();
        while (!stopped && rt.pacer !== null && !rt.pacer.idle);
        lastYield = performance.now();
        // Splits with nothing received are polled too, so that a failed reader is noticed in a backlog.
        for (let j = 0; j < splits.length && !stopped; j++) if (source.buffered(j) === 0) await take(j);
      }
    }
  };

  const run = async (): Promise<void> => {
    // A table no query reads (only written to by INSERT INTO) is not read.
    while (!stopped && rt.downstream.length === 0) await sleep(100);
    while (!stopped) {
      try {
        await read();
      } catch (e) {
        if (stopped) return;
        process.stderr.write(`tumbleql: nats source '${rt.name}' (stream ${table.stream}): ${(e as Error).message}; retrying from the committed offsets\n`);
        await closeAll();
        await sleep(RETRY_MS);
      }
    }
  };
  const closeAll = async (): Promise<void> => {
    const s = source;
    const c = clients;
    source = null;
    clients = null;
    await s?.close().catch(() => {});
    await c?.close().catch(() => {});
  };
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  void run().finally(() => void closeAll().then(resolveDone));
  return {
    bounded: false,
    done,
    stop() {
      stopped = true;
    },
  };
}

export const nats: ConnectorSpec = {
  name: 'nats',
  doc: 'a NATS JetStream stream, partitioned by key into subjects: source and sink (docs/nats.md)',
  options: OPTIONS,
  bounded: () => false,
  replay: 'offsets',
  splits: (def) => natsSplitIds(parseNatsOptions(def.options)).map((id) => ({ id })),
  check,
  start: startNats,
  sink: natsSink,
};
