/**
 * Message payloads, both ways.
 *
 *   format 'json'            {"k":1,"v":2.5}            or [{"k":1,...}, {"k":2,...}]   every row is +I
 *   format 'changelog-json'  {"op":"+U","row":{...}}    or [{"op":"-U","row":{...}}, {"op":"+U",...}]
 *
 * Decoding never throws on bad input: a message or array element that cannot become a row becomes a
 * `NatsReject` located by stream, subject, sequence and (for arrays) element index, and the message's
 * other elements still count. Column conversion is the engine's row decoder (`makeRowDecoder`), passed in,
 * so a NATS row obeys the same JSON rules as a websocket or file row.
 */
import type { RowOp } from '../../api.js';
import type { DecodeResult } from '../../values.js';
import { assertNever } from '../../../util/assert.js';
import type { NatsFormat } from './options.js';
import { partitionOf } from './partitioning.js';

export interface MessageLocation {
  readonly stream: string;
  readonly subject: string;
  /** The stream sequence. */
  readonly seq: number;
}

export type NatsRejectReason = 'bad_utf8' | 'bad_json' | 'bad_shape' | 'bad_op' | 'bad_row' | 'misrouted';

/** A message (or one element of an array message) that did not become a row. */
export interface NatsReject extends MessageLocation {
  readonly reason: NatsRejectReason;
  /** The array element, or null when the whole message was refused. */
  readonly index: number | null;
  readonly message: string;
  /** The start of the payload as text (at most 1 KiB), for the rejects table. */
  readonly payload: string;
}

export interface DecodedRow {
  readonly op: RowOp;
  /** Values in schema order, as the engine's row decoder returns them. */
  readonly row: unknown[];
}

export interface PayloadDecoderOptions {
  readonly format: NatsFormat;
  readonly decodeRow: (input: unknown) => DecodeResult;
  /** When set, rows whose key hashes to another partition than their subject's are refused. */
  readonly routing?: { readonly partitions: number; readonly keyIndex: number; readonly keyName: string } | undefined;
}

const OPS: ReadonlySet<string> = new Set(['+I', '-U', '+U', '-D']);
const PAYLOAD_EXCERPT = 1024;

export type PayloadDecoder = (data: Uint8Array, at: MessageLocation, partition: number | null, out: DecodedRow[], rejects: NatsReject[]) => void;

/** Builds a decoder for one table; `partition` is the split's partition (null: unpartitioned). */
export function makePayloadDecoder(options: PayloadDecoderOptions): PayloadDecoder {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const { format, decodeRow, routing } = options;
  return (data, at, partition, out, rejects) => {
    let text: string;
    try {
      text = utf8.decode(data);
    } catch {
      const lossy = new TextDecoder('utf-8').decode(data.subarray(0, PAYLOAD_EXCERPT));
      rejects.push({ ...loc(at), reason: 'bad_utf8', index: null, message: 'payload is not valid UTF-8', payload: lossy });
      return;
    }
    const reject = (reason: NatsRejectReason, index: number | null, message: string): void => {
      rejects.push({ ...loc(at), reason, index, message, payload: text.length > PAYLOAD_EXCERPT ? text.slice(0, PAYLOAD_EXCERPT) : text });
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      reject('bad_json', null, `payload is not JSON: ${(err as Error).message}`);
      return;
    }
    const one = (item: unknown, index: number | null): void => {
      let op: RowOp;
      let input: unknown;
      switch (format) {
        case 'json':
          if (!isObject(item)) return reject('bad_shape', index, `expected a row object${index === null ? ' or an array of row objects' : ''}, got ${describe(item)}`);
          op = '+I';
          input = item;
          break;
        case 'changelog-json': {
          if (!isObject(item)) return reject('bad_shape', index, `expected {"op": ..., "row": {...}}${index === null ? ' or an array of them' : ''}, got ${describe(item)}`);
          const o = item['op'];
          if (typeof o !== 'string' || !OPS.has(o)) return reject('bad_op', index, `"op" must be one of "+I", "-U", "+U", "-D", got ${JSON.stringify(o) ?? 'nothing'}`);
          if (!isObject(item['row'])) return reject('bad_shape', index, `"row" must be an object, got ${describe(item['row'])}`);
          op = o as RowOp;
          input = item['row'];
          break;
        }
        default:
          return assertNever(format);
      }
      const r = decodeRow(input);
      if ('error' in r) return reject('bad_row', index, r.error);
      if (routing && partition !== null) {
        const p = partitionOf(r.row[routing.keyIndex], routing.partitions);
        if (p !== partition) {
          return reject('misrouted', index, `${routing.keyName} = ${JSON.stringify(r.row[routing.keyIndex])} belongs to partition ${p}, not ${partition}`);
        }
      }
      out.push({ op, row: r.row });
    };
    if (Array.isArray(parsed)) {
      for (let i = 0; i < parsed.length; i++) one(parsed[i], i);
    } else {
      one(parsed, null);
    }
  };
}

function loc(at: MessageLocation): MessageLocation {
  return { stream: at.stream, subject: at.subject, seq: at.seq };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)!.slice(0, 40)}`;
}

/** One output row as the publisher sends it: the op and the JSON-ready row object. */
export interface EncodedRow {
  readonly op: RowOp;
  readonly row: Record<string, unknown>;
}

/**
 * The payload of one message. A single row is sent bare (an object); several as an array, so a message
 * of `sink.batch_rows` = 1 is what any JSON consumer expects. 'json' carries inserts only: an update or
 * delete cannot be written as a plain row without losing its meaning, so it is an error here.
 */
export function encodePayload(rows: readonly EncodedRow[], format: NatsFormat, batched: boolean): string {
  switch (format) {
    case 'json': {
      for (const r of rows) {
        if (r.op !== '+I') throw new Error(`format 'json' carries inserts only, got a '${r.op}' row; use format 'changelog-json' for a changelog`);
      }
      return batched ? JSON.stringify(rows.map((r) => r.row)) : JSON.stringify(rows[0]!.row);
    }
    case 'changelog-json':
      return batched ? JSON.stringify(rows.map((r) => ({ op: r.op, row: r.row }))) : JSON.stringify({ op: rows[0]!.op, row: rows[0]!.row });
    default:
      return assertNever(format);
  }
}
