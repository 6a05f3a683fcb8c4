// A publishing process for test/nats/crash.test.ts, which kills it -9 mid-range:
//   node test/nats/publish-child.mjs <server url> <stream> <rows>
// Publishes rows 1..<rows> of the test table through NatsSink (3 rows per message, 64 in flight) and
// prints "published" when every message is acknowledged. Runs the built library (dist/).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const load = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
const nats = await load('src/executor/connectors/nats/index.js');
const { makeRowEncoder } = await load('src/executor/values.js');
const { T } = await load('src/parser/types.js');

const [url, stream, count] = process.argv.slice(2);
const encodeRow = makeRowEncoder([
  { name: 'k', type: T.bigint() },
  { name: 'v', type: T.double() },
  { name: 'ts', type: T.timestamp() },
]);
const table = nats.parseNatsOptions({
  connector: 'nats', servers: url, stream, subject: stream.toLowerCase(), partitions: '12', partition_key: 'k',
  'sink.batch_rows': '3', 'sink.max_in_flight': '64',
});
const rows = Array.from({ length: Number(count) }, (_, i) => {
  const seq = i + 1;
  return { seq, op: '+I', row: [(seq * 7919) % 1000, seq / 4, 1_700_000_000_000 + seq] };
});
const clients = await nats.connectNats([url]);
const sink = await nats.NatsSink.open(clients, table, { view: 'crash', encodeRow, partitionKeyIndex: 0 });
process.stdout.write('open\n');
await sink.publishRange(rows);
process.stdout.write('published\n');
await clients.close();
