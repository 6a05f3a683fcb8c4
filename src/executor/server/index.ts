/** Public API of the websocket/HTTP server (DESIGN §5; message reference in docs/protocol.md). */
export { startServer } from './server.js';
export type { ServerOptions, RunningServer } from './server.js';
export type { ServerMetrics } from './metrics.js';
export type { ClientMessage, ServerMessage, ErrorMessage, ErrorCode } from './protocol.js';
export { parseClientMessage, normalizeSql } from './protocol.js';
