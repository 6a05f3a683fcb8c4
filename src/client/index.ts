/**
 * `tumbleql/client`: a typed client of the websocket protocol, for browsers and Node (docs/protocol.md).
 * It imports nothing from the engine at run time, so a browser bundle holds only this folder.
 */
export { connect, TumbleClient } from './client.js';
export type { ClientOptions, ReconnectOptions, Subscription } from './client.js';
export type { StreamHandlers } from './stream.js';
export { ServerError, ConnectionError } from './types.js';
export type {
  Ack, Change, Column, ConnectionState, From, JsonRow, LateRow, RejectedInput, RowOp, ServerMessage, StatementResult, Stats,
  SourceStats, ViewStats, CheckpointStats,
} from './types.js';
export { wsUrl, withToken, defaultSocketFactory } from './socket.js';
export type { SocketFactory, WebSocketLike } from './socket.js';
export type { ConsoleAccess, ConsoleCatalog, ConsoleSource, ConsoleView } from './catalog.js';
