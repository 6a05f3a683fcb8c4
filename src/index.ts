/**
 * tumbleql as a library:
 *
 *   const engine = createEngine();
 *   engine.execute(`CREATE SOURCE bids (...) ; CREATE VIEW v AS SELECT ...`);
 *   engine.subscribe('v', (rows) => console.log(rows));
 *   engine.push('bids', [{ auction: 1, price: 10, ts: '2020-10-10T00:00:01Z' }]);
 *   engine.flush();           // end of input: every open window fires
 *   await engine.close();
 */
import type { Engine, EngineOptions } from './executor/api.js';
import { TumbleEngine } from './executor/engine.js';

export type * from './executor/api.js';
export { SqlError } from './executor/api.js';
export { formatDiagnostic } from './parser/diagnostics.js';
export type { Diagnostic } from './parser/diagnostics.js';

/** Creates an engine. State is in memory unless `statePath` names a SQLite file. */
export function createEngine(options: EngineOptions = {}): Engine {
  return new TumbleEngine(options);
}
