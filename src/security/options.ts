/**
 * What the engine is told about resource limits and file roots (EngineOptions.security). Types only, with
 * no Node imports: the engine's API types are also type-checked for the browser client.
 */
import type { ResourceLimits } from './limits.js';

export interface SecurityOptions {
  readonly limits?: Partial<ResourceLimits>;
  /** Directories file sources may read (see file-access.ts); undefined: no restriction besides regular files. */
  readonly fileRoots?: readonly string[];
}
