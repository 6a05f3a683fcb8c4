/**
 * Invariant helpers. `assertNever` ends exhaustive switches over discriminated unions: adding a new
 * `kind` makes every switch that forgot it a compile error, and a value that slips past the types at
 * run time (bad JSON, stale state) fails loudly instead of falling through.
 */
export function assertNever(x: never): never {
  let shown: string;
  try {
    shown = JSON.stringify(x) ?? String(x);
  } catch {
    shown = String(x);
  }
  throw new Error(`invariant: unexpected value ${shown}`);
}
