/** The executor's public API. */
export type * from './api.js';
export { SqlError } from './api.js';
export { TumbleEngine, formatWatermark } from './engine.js';
