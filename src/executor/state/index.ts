/**
 * Public API of the state store (SQLite via better-sqlite3). The engine opens one store per process:
 *
 *   const store = StateStore.open(path)                 // throws StateError: CORRUPT / LOCKED / NEWER_VERSION ...
 *   for (const e of store.listCatalog()) engine.execute(e.sql)
 *   store.checkViewFingerprint(view, fp)                // → STATE_MISMATCH error data, or undefined
 *   store.setViewFingerprint(view, fp, operatorIds)
 *   op.restore(store.loadOperatorState(opId))
 *   ... every checkpoint interval:
 *   store.commit({ operators: [{ id, upserts: op.checkpoint() }], offsets, output, late, rejected })
 *
 * See docs/state.md.
 */
export { StateStore, DEFAULT_STATE_PATH, DEFAULT_RETENTION } from './store.js';
export { StateError, type StateErrorCode } from './errors.js';
export { SCHEMA_VERSION, APPLICATION_ID } from './schema.js';
export type {
  CatalogEntry,
  CatalogInput,
  CatalogKind,
  Checkpoint,
  CheckpointPart,
  CheckpointInfo,
  CommitResult,
  LateEntry,
  OpenOptions,
  OperatorDelta,
  OutputBlock,
  OutputEntry,
  OutputRun,
  RejectedEntry,
  RetentionOptions,
  StateKey,
  StateValue,
  StoredInput,
  StoredLateRow,
  StoredOutput,
  StoredOutputJson,
  StoredRejectedRow,
} from './types.js';
