/**
 * Stable identity of plans and plan nodes, for durable state.
 *
 * A view's fingerprint is a hash of a canonical form of its optimized plan plus the state format
 * version: anything that changes what the plan computes (a literal, a window size, an operator the
 * planner moved, an output name) changes the fingerprint, so saved state is never loaded into a plan
 * it was not written by. Whitespace, comments and spelling variants that bind to the same plan do not.
 *
 * A node's id is its path from the plan's root (input indexes) and its kind: `0.0:window_aggregate`.
 * Stored operator state belongs to that id, so state written by one node can only ever be read by the
 * node at the same place doing the same thing.
 */
import { createHash } from 'node:crypto';
import type { LogicalPlan } from '../parser/logical-plan.js';

/**
 * Bumped whenever the layout of stored operator state changes: a file written by another layout is
 * STATE_MISMATCH (with the --reset hint), never misread.
 *   1: per-operator JSON entries under `view#index` ids (before plan identity)
 *   2: declared state tables under plan-path ids, type-tagged codec
 */
export const STATE_FORMAT_VERSION = 2;

/**
 * Canonical text of any plan value: object keys sorted, every number and string unambiguous. Written
 * into one list of pieces and joined once: joining at every level copied each subtree's text once per
 * level above it, quadratic in the depth of an expression (a 450-term OR chain spent seconds in GC).
 */
export function canonical(x: unknown): string {
  if (typeof x === 'object' && x !== null) {
    const known = texts.get(x);
    if (known !== undefined) return known;
  }
  const out: string[] = [];
  writeCanonical(x, out);
  const text = out.join('');
  if (typeof x === 'object' && x !== null) texts.set(x, text);
  return text;
}

/**
 * Texts already computed, by object: plans are immutable, and compiling a view asks for the text of
 * every node (its sharing key) and of the root again (the fingerprint) — a parent reuses its children's.
 */
const texts = new WeakMap<object, string>();

function writeCanonical(x: unknown, out: string[]): void {
  switch (typeof x) {
    case 'string':
      out.push(JSON.stringify(x));
      return;
    case 'number':
      out.push(Number.isFinite(x) && !Object.is(x, -0) ? String(x) : `#${Object.is(x, -0) ? '-0' : String(x)}`);
      return;
    case 'bigint':
      out.push(`${x}n`);
      return;
    case 'boolean':
      out.push(x ? 'true' : 'false');
      return;
    case 'undefined':
      out.push('undefined');
      return;
    case 'object': {
      if (x === null) {
        out.push('null');
        return;
      }
      if (Array.isArray(x)) {
        out.push('[');
        for (let i = 0; i < x.length; i++) {
          if (i > 0) out.push(',');
          writeCanonical(x[i], out);
        }
        out.push(']');
        return;
      }
      // Runtime value classes (e.g. an exact DECIMAL) print their own exact text.
      const proto = Object.getPrototypeOf(x) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        out.push(`${(x as { constructor: { name: string } }).constructor.name}(${String(x)})`);
        return;
      }
      const known = texts.get(x);
      if (known !== undefined) {
        out.push(known);
        return;
      }
      const keys = Object.keys(x).filter((k) => (x as Record<string, unknown>)[k] !== undefined).sort();
      out.push('{');
      for (let i = 0; i < keys.length; i++) {
        out.push(i > 0 ? ',' : '', JSON.stringify(keys[i]), ':');
        writeCanonical((x as Record<string, unknown>)[keys[i]!], out);
      }
      out.push('}');
      return;
    }
    default:
      throw new Error(`invariant: a plan holds a ${typeof x}`);
  }
}

export function planFingerprint(plan: LogicalPlan): string {
  return createHash('sha256').update(`tumbleql-state-v${STATE_FORMAT_VERSION}\n`).update(canonical(plan)).digest('hex').slice(0, 16);
}

/** The id of the node at `path` (input indexes from the root, '' for the root) doing `kind`. */
export function nodeId(path: string, kind: string): string {
  return `${path === '' ? 'root' : path}:${kind}`;
}

export function childPath(path: string, input: number): string {
  return path === '' ? String(input) : `${path}.${input}`;
}
