/**
 * The WITH options of a nats table, and the publisher's message plan (pure: no server needed).
 */
import { describe, expect, it } from 'vitest';
import {
  NATS_OPTIONS, NatsOptionError, checkNatsOptions, natsSplitIds, parseNatsOptions, planMessages, streamConfigOf, subjectMatches,
} from '../../src/executor/connectors/nats/index.js';
import { encodeRow, outputRows, tableOptions } from './fixture.js';

const base = { connector: 'nats', servers: 'nats://127.0.0.1:4222', stream: 'EV', subject: 'ev' };

function optionError(raw: Record<string, string>): NatsOptionError {
  try {
    parseNatsOptions(raw);
  } catch (err) {
    if (err instanceof NatsOptionError) return err;
    throw err;
  }
  throw new Error('expected a NatsOptionError');
}

describe('nats options', () => {
  it('reads the example table of docs/nats.md with the documented defaults', () => {
    const o = tableOptions(['nats://127.0.0.1:4222', 'nats://127.0.0.1:4223']);
    expect(o).toEqual({
      servers: ['nats://127.0.0.1:4222', 'nats://127.0.0.1:4223'],
      stream: 'EV',
      subject: 'ev',
      partitions: 12,
      partitionKey: 'k',
      format: 'json',
      streamOptions: { storage: 'file', replicas: 1, maxAgeMs: 0, maxBytes: -1, maxMsgs: -1, duplicateWindowMs: 120_000, create: true },
      sink: { batchRows: 1, maxInFlight: 256, ackTimeoutMs: 5_000, retryDeadlineMs: 60_000 },
      scan: { heartbeatMs: 1_000 },
      requestTimeoutMs: 3_000,
    });
    const config = streamConfigOf(o);
    expect(config.subjects).toEqual(['ev.0', 'ev.1', 'ev.2', 'ev.3', 'ev.4', 'ev.5', 'ev.6', 'ev.7', 'ev.8', 'ev.9', 'ev.10', 'ev.11']);
    expect(config.duplicate_window).toBe(120_000_000_000);
  });

  it('accepts keys in any case and non-string scalars', () => {
    const o = parseNatsOptions({ ...base, PARTITIONS: 4, Partition_Key: 'k', 'Stream.Storage': 'MEMORY', 'stream.max_age': '7d' });
    expect(o.partitions).toBe(4);
    expect(o.streamOptions.storage).toBe('memory');
    expect(o.streamOptions.maxAgeMs).toBe(7 * 86_400_000);
  });

  it('names the option that is wrong', () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ ...base, partiton: '3' }, 'partiton', /unknown option 'partiton' for connector 'nats'; known: connector, servers/],
      [{ connector: 'nats', stream: 'EV', subject: 'ev' }, 'servers', /connector 'nats' needs option 'servers'/],
      [{ ...base, servers: 'localhost/4222' }, 'servers', /'localhost\/4222', which is not a server address/],
      [{ ...base, stream: 'ev.bus' }, 'stream', /stream name 'ev.bus' may not contain/],
      [{ ...base, subject: 'ev.*' }, 'subject', /subject 'ev.\*' must be dot-separated tokens/],
      [{ ...base, partitions: '12' }, 'partitions', /option 'partitions' needs 'partition_key'/],
      [{ ...base, partition_key: 'k' }, 'partition_key', /option 'partition_key' needs 'partitions'/],
      [{ ...base, partitions: '200', partition_key: 'k' }, 'partitions', /must be a whole number from 1 to 128, got '200'/],
      [{ ...base, format: 'avro' }, 'format', /option 'format' must be one of 'json', 'changelog-json', got 'avro'/],
      [{ ...base, 'stream.duplicate_window': 'soon' }, 'stream.duplicate_window', /must be a duration such as '500ms'/],
      [{ ...base, 'stream.max_age': '1m', 'stream.duplicate_window': '2m' }, 'stream.duplicate_window', /duplicate window \(120000 ms\) may not exceed 'stream.max_age' \(60000 ms\)/],
      [{ ...base, 'sink.batch_rows': '0' }, 'sink.batch_rows', /from 1 to 10000, got '0'/],
      [{ ...base, 'scan.heartbeat': '100ms' }, 'scan.heartbeat', /must be at least 500ms, got 100 ms/],
      [{ ...base, request_timeout: '0s' }, 'request_timeout', /option 'request_timeout' must be above 0/],
    ];
    for (const [raw, option, message] of cases) {
      const err = optionError(raw);
      expect([err.option, err.message]).toEqual([option, expect.stringMatching(message)]);
    }
  });

  it("leaves the engine's options (idle_timeout, scan.startup.mode) to the engine", () => {
    expect(parseNatsOptions({ ...base, idle_timeout: '5s', 'scan.startup.mode': 'latest' }).stream).toBe('EV');
  });

  it('answers a registry check with the option at fault, and names splits by partition', () => {
    expect(checkNatsOptions({ ...base, partitions: '3', partition_key: 'k' })).toBeNull();
    expect(checkNatsOptions({ ...base, 'stream.replicas': '7' })).toEqual({
      option: 'stream.replicas', message: "option 'stream.replicas' must be a whole number from 1 to 5, got '7'",
    });
    expect(natsSplitIds({ partitions: 3 })).toEqual(['0', '1', '2']);
    expect(natsSplitIds({ partitions: null })).toEqual(['0']);
    // Every declared option has a kind a registry can check, and the enumerated ones list their values.
    for (const o of NATS_OPTIONS) expect(['string', 'integer', 'duration', 'boolean']).toContain(o.kind);
    expect(NATS_OPTIONS.find((o) => o.key === 'format')!.values).toEqual(['json', 'changelog-json']);
  });

  it('matches subjects with NATS wildcards', () => {
    expect(subjectMatches('ev.*', 'ev.3')).toBe(true);
    expect(subjectMatches('ev.>', 'ev.3.x')).toBe(true);
    expect(subjectMatches('ev.*', 'ev.3.x')).toBe(false);
    expect(subjectMatches('ev.3', 'ev.3')).toBe(true);
    expect(subjectMatches('ev', 'ev.3')).toBe(false);
    expect(subjectMatches('>', 'ev')).toBe(true);
  });
});

describe('nats message plan', () => {
  const sink = { subject: 'ev', partitions: 12, partitionKeyIndex: 0, format: 'json' as const, encodeRow };

  it('gives every row of a range one message with id <view>:<seq> by default', () => {
    const plan = planMessages('hot', outputRows(41, 5), { ...sink, batchRows: 1 });
    expect(plan.map((m) => m.msgId)).toEqual(['hot:41', 'hot:42', 'hot:43', 'hot:44', 'hot:45']);
    expect(JSON.parse(plan[0]!.payload)).toEqual({ k: (41 * 7919) % 1000, v: 41 / 4, ts: new Date(1_700_000_000_041).toISOString() });
  });

  it('plans the same messages for the same range every time, batches of consecutive rows per partition', () => {
    const rows = outputRows(1, 200);
    const a = planMessages('v', rows, { ...sink, batchRows: 4 });
    const b = planMessages('v', rows.map((r) => ({ ...r, row: [...r.row] })), { ...sink, batchRows: 4 });
    expect(b).toEqual(a);
    expect(a.reduce((n, m) => n + m.rows, 0)).toBe(200);
    expect(new Set(a.map((m) => m.msgId)).size).toBe(a.length);
    for (const m of a) {
      const batch = JSON.parse(m.payload) as unknown[];
      expect(Array.isArray(batch) && batch.length === m.rows && m.rows <= 4).toBe(true);
    }
    expect(a.map((m) => m.firstSeq)).toEqual([...a.map((m) => m.firstSeq)].sort((x, y) => x - y));
  });

  it('refuses a range with a gap', () => {
    const rows = [...outputRows(1, 3), ...outputRows(5, 2)];
    expect(() => planMessages('v', rows, { ...sink, batchRows: 1 })).toThrow(/output range of 'v' is not contiguous: seq 3 is followed by 5/);
  });
});
