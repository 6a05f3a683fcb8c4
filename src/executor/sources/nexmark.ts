/**
 * `connector = 'nexmark'`: Nexmark person/auction/bid events from the published generator.
 * Options: table = 'bid' | 'auction' | 'person' (default bid), events (total generator events; bounded),
 * rate (events/s of event time, default 10000), seed, rows_per_second (wall-clock pacing; default: as
 * fast as possible), base_time (epoch ms or ISO).
 */
import type { SourceRuntime } from '../runtime/source-runtime.js';
import type { ConnectorHandle } from './index.js';

export function startNexmark(rt: SourceRuntime): ConnectorHandle {
  rt.reject(`connector 'nexmark' is not available in this build`, null, 'config');
  return { bounded: true, done: Promise.resolve(), stop() {} };
}
