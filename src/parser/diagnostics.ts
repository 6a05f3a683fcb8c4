/**
 * Errors are data with a place. Parser, binder and planner return `Diagnostic`s; only broken invariants
 * throw. `formatDiagnostic` renders the message with a caret frame under the offending text:
 *
 *   error[UNKNOWN_COLUMN] at 3:8: column 'prce' not found in 'bids'; available: auction, bidder, price
 *     3 | WHERE prce > 10
 *       |       ^^^^
 */

export type DiagnosticCode =
  | 'SQL_SYNTAX'
  | 'UNKNOWN_SOURCE'
  | 'UNKNOWN_VIEW'
  | 'UNKNOWN_RELATION'
  | 'UNKNOWN_COLUMN'
  | 'AMBIGUOUS_COLUMN'
  | 'UNKNOWN_FUNCTION'
  | 'TYPE_MISMATCH'
  | 'DUPLICATE_NAME'
  | 'INVALID_WINDOW'
  | 'INVALID_GROUP_BY'
  | 'INVALID_AGGREGATE'
  | 'INVALID_WATERMARK'
  | 'INVALID_OPTION'
  | 'INVALID_INTERVAL'
  | 'INVALID_LITERAL'
  | 'UNSUPPORTED'
  | 'IN_USE'
  | 'STATE_MISMATCH'
  // Resource and access limits (src/security): refused at CREATE, before anything runs.
  | 'SQL_TOO_LARGE'
  | 'SQL_TOO_DEEP'
  | 'SQL_TOO_COMPLEX'
  | 'LIMIT_EXCEEDED'
  | 'FILE_NOT_ALLOWED';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  /** 1-based; 0 when the error has no place in the text (e.g. a missing catalog object). */
  readonly line: number;
  readonly column: number;
  /** Number of characters to underline (≥ 1 when there is a place). */
  readonly length: number;
  readonly hint?: string;
}

export interface Located {
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

export function diag(code: DiagnosticCode, message: string, at?: Located, hint?: string): Diagnostic {
  return {
    code,
    message,
    line: at?.line ?? 0,
    column: at?.column ?? 0,
    length: Math.max(1, at?.length ?? 1),
    ...(hint !== undefined ? { hint } : {}),
  };
}

/** Thrown inside binder/planner passes to unwind to the statement boundary, where it becomes data. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'DiagnosticError';
  }
}

export function fail(code: DiagnosticCode, message: string, at?: Located, hint?: string): never {
  throw new DiagnosticError(diag(code, message, at, hint));
}

/** Renders a diagnostic with the line it points at and a caret under the span. */
export function formatDiagnostic(d: Diagnostic, source?: string): string {
  const where = d.line > 0 ? ` at ${d.line}:${d.column}` : '';
  let out = `error[${d.code}]${where}: ${d.message}`;
  if (source !== undefined && d.line > 0) {
    const lines = source.split(/\r\n|\r|\n/);
    const text = lines[d.line - 1];
    if (text !== undefined) {
      const num = String(d.line);
      const pad = ' '.repeat(num.length);
      const span = Math.max(1, Math.min(d.length, Math.max(1, text.length - d.column + 1)));
      out += `\n  ${num} | ${text}\n  ${pad} | ${' '.repeat(Math.max(0, d.column - 1))}${'^'.repeat(span)}`;
    }
  }
  if (d.hint) out += `\n  hint: ${d.hint}`;
  return out;
}
