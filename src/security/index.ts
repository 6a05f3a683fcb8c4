/**
 * Public API of the security layer (docs/security.md): resource limits, file roots, the statement guard
 * the engine runs every statement through, and the roles the server checks per message.
 */
export { ByteBoundedList, jsonBytes } from './byte-budget.js';
export { DEFAULT_LIMITS, resolveLimits, preview, showBytes, boundedInput, type ResourceLimits } from './limits.js';
export { checkSourcePath, openSourceFile, type PathCheck } from './file-access.js';
export { StatementGuard, admittedFile, windowsPerRow, treeDepth, treeShape, asNetworkRequest, type SecurityOptions } from './guard.js';
export { bindingProblem, isLoopback } from './binding.js';
export * from './roles.js';
export { makeAheadCheck, parseMaxAhead, setWatermarkClock, DEFAULT_MAX_AHEAD_MS } from './watermark.js';
