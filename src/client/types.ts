/**
 * Types of the websocket protocol (docs/protocol.md) as a client sees them. Rows are generic in their
 * shape so a program states what a view's rows look like once (`subscribe<Bid>('bids')`) and reads typed
 * values; the server's JSON shape is unchanged (TIMESTAMP as ISO-8601 text, DECIMAL as a number).
 */
import type { CheckpointStats, LateRow, RejectedInput, RowOp, SourceStats, StatementResult, ViewStats } from '../executor/api.js';

export type { CheckpointStats, LateRow, RejectedInput, RowOp, SourceStats, StatementResult, ViewStats };

/** A row as JSON: column name → value. */
export type JsonRow = Record<string, unknown>;

/** One change of a view's output: `seq` is contiguous from 1 per view and survives engine restarts. */
export interface Change<T = JsonRow> {
  readonly seq: number;
  readonly op: RowOp;
  readonly row: T;
}

export interface Column {
  readonly name: string;
  /** SQL type as text (BIGINT, DOUBLE, TIMESTAMP(3), ...). */
  readonly type: string;
}

/** Where a subscription starts: new rows only, the oldest retained row, or a seq (resume). */
export type From = 'latest' | 'earliest' | number;

/** The reply to `insert`, sent once the batch is durable; rejected rows are listed, the others went in. */
export interface Ack {
  readonly count: number;
  readonly offset: number;
  readonly errors: readonly { readonly index: number; readonly reason: string }[];
}

export interface Stats {
  readonly sources: readonly SourceStats[];
  readonly views: readonly ViewStats[];
  readonly checkpoint: CheckpointStats | null;
}

/** The server's messages, as far as a client depends on them. */
export type ServerMessage =
  | { readonly type: 'subscribed'; readonly id?: string | number; readonly view: string; readonly seq: number; readonly columns?: readonly Column[] }
  | { readonly type: 'unsubscribed'; readonly id?: string | number; readonly view: string }
  | { readonly type: 'rows'; readonly view: string; readonly rows: readonly Change[] }
  | { readonly type: 'progress'; readonly view: string; readonly watermark: string | null; readonly seq: number }
  | { readonly type: 'ok'; readonly id?: string | number; readonly results?: readonly StatementResult[] }
  | ({ readonly type: 'ack'; readonly id?: string | number } & Ack)
  | { readonly type: 'pong'; readonly id?: string | number }
  | { readonly type: 'late_rows'; readonly id?: string | number; readonly rows: readonly LateRow[] }
  | { readonly type: 'rejected_rows'; readonly id?: string | number; readonly rows: readonly RejectedInput[] }
  | ({ readonly type: 'stats'; readonly id?: string | number } & Stats)
  | {
      readonly type: 'error';
      readonly id?: string | number;
      readonly code: string;
      readonly message: string;
      readonly line?: number;
      readonly column?: number;
      readonly view?: string;
      readonly resume?: Readonly<Record<string, number>>;
    };

/** An `error` reply: `code` is the protocol's (BAD_MESSAGE, UNKNOWN_VIEW, ...) or a SQL diagnostic's. */
export class ServerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** 1-based place in the SQL text, when the error has one. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

/** The connection failed or closed before a reply came: the request may or may not have been applied. */
export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';
