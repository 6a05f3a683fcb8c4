/**
 * A nats table as the sink of `INSERT INTO t SELECT ...`: committed output ranges of the job → messages on
 * the table's stream, `Nats-Msg-Id = <job id>:<seq of the first row>` (sink.ts, publisher.ts).
 *
 * Each output row is re-read through the table's own row decoder (values keyed by the table's column
 * names, by position), so the published values have the table's types and the partition of a row is
 * computed on the same value a reader of the table computes it on.
 */
import type { SinkTarget, SourceDef } from '../../../parser/catalog.js';
import { physicalColumns } from '../../../parser/catalog.js';
import { makeRowDecoder, makeRowEncoder } from '../../values.js';
import type { SinkJob, SinkProblem, SinkRow, SinkSpec, SinkWriter } from '../sink.js';
import type { NatsClients } from './connection.js';
import { checkNatsOptions, parseNatsOptions, partitionKeyIndex } from './options.js';
import type { CommittedOutputRow } from './publisher.js';
import type { NatsSink } from './sink.js';
import type { RowOp } from '../../api.js';

function check(table: SourceDef, target: SinkTarget): SinkProblem | null {
  if (checkNatsOptions(table.options) !== null) return null; // CREATE TABLE reported it (or replay skips it)
  const options = parseNatsOptions(table.options);
  if (target.changelog && options.format === 'json') {
    return {
      message: `the query emits a changelog (-U/+U/-D rows) but '${table.name}' has format = 'json', which carries inserts only`,
      hint: `give '${table.name}' format = 'changelog-json', or write a windowed (EMIT FINAL) query`,
    };
  }
  return null;
}

function open(table: SourceDef, job: SinkJob): SinkWriter {
  const options = parseNatsOptions(table.options);
  // The physical columns: computed ones are computed by the table's readers, not written (insert-select.ts).
  const columns = physicalColumns(table).map((c) => ({ name: c.name, type: c.type, notNull: c.notNull }));
  const decode = makeRowDecoder(columns, null);
  const encodeRow = makeRowEncoder(columns);
  // Output column i goes to the target column target.columns[i]; the table's order is what the decoder reads.
  const from = job.schema.map((c) => c.name);
  const to = job.target.columns;
  let opened: Promise<{ clients: NatsClients; sink: NatsSink }> | null = null;
  const sink = () =>
    (opened ??= (async () => {
      // Loaded on first use (the client libraries cost every engine start otherwise).
      const [{ connectNats }, { NatsSink }] = await Promise.all([import('./connection.js'), import('./sink.js')]);
      // Short API requests (the stream's info or creation): a failed open is retried by the sink runner,
      // and a request sent to a leader that just died is never answered.
      const clients = await connectNats(options.servers, { name: `tumbleql:${job.id}`, apiTimeoutMs: options.requestTimeoutMs });
      try {
        return { clients, sink: await NatsSink.open(clients, options, { view: job.id, encodeRow, partitionKeyIndex: partitionKeyIndex(table, options) }) };
      } catch (e) {
        await clients.close();
        opened = null;
        throw e;
      }
    })());
  // Connected now rather than at the first write: the first committed rows then leave without waiting for
  // the connection and the stream look-up. A failure here is retried by the first write.
  void sink().catch(() => {});
  return {
    async write(rows: readonly SinkRow[]) {
      const out: CommittedOutputRow[] = rows.map((r) => {
        const obj: Record<string, unknown> = {};
        for (let i = 0; i < to.length; i++) obj[to[i]!] = r.row[from[i]!];
        const d = decode(obj);
        if ('error' in d) throw new Error(`row ${r.seq} of '${job.name}' does not fit '${table.name}': ${d.error}`);
        return { seq: r.seq, op: r.op as RowOp, row: d.row };
      });
      await (await sink()).sink.publishRange(out);
    },
    async close() {
      const o = opened;
      opened = null;
      if (o) await (await o.catch(() => null))?.clients.close();
    },
  };
}

export const natsSink: SinkSpec = { check, open };
