/**
 * Helpers over the parsed YAML Document, which is kept (rather than plain JS) so every error can name
 * the line of the key or value it is about.
 *   - `lineOf(doc, path, key?)`: the 1-based line of a value (or of its key, for unknown-key errors);
 *   - `protectEnvRefs` + `interpolateEnv`: `${VAR}` / `${VAR:-default}` in string values, `$${` for a literal `${`.
 */
import { isMap, isScalar, isSeq, Scalar, type Document, type LineCounter, type Node } from 'yaml';

export type Path = readonly (string | number)[];

/** `server.port`, `sql[1]`: how a key is named in messages. */
export function keyName(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out || '(top level)';
}

function child(node: unknown, seg: string | number): { key: Node | null; value: unknown } | null {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(k) === String(seg)) return { key: isScalar(pair.key) ? pair.key : null, value: pair.value };
    }
  } else if (isSeq(node) && typeof seg === 'number') {
    return { key: null, value: node.items[seg] };
  }
  return null;
}

function rangeStart(n: unknown): number | null {
  const r = (n as { range?: [number, number, number] } | null)?.range;
  return r ? r[0] : null;
}

/**
 * Line of the node at `path`; with `key`, of that key inside the mapping at `path`. Falls back to the
 * nearest ancestor that exists, so an error is never without a line.
 */
export function lineOf(doc: Document, lc: LineCounter, path: Path, key?: string): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const seg of [...path, ...(key !== undefined ? [key] : [])]) {
    const c = child(node, seg);
    if (!c) break;
    const at = rangeStart(seg === key && c.key ? c.key : c.value) ?? rangeStart(c.key);
    if (at !== null) offset = at;
    node = c.value;
  }
  return lc.linePos(offset).line;
}

const ENV_REF = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const PLACEHOLDER = /__TUMBLEQL_ENV_(\d+)__/g;

export interface EnvRef {
  readonly name: string;
  readonly fallback: string | undefined;
  /** `$${X}`: a literal `${X}`, not a reference. */
  readonly escaped: boolean;
}

/**
 * `${…}` is not valid YAML in flow context (`{ token: ${T} }` opens a mapping), yet that is how people
 * write it (DESIGN §6). So references are swapped for plain-scalar-safe placeholders before parsing —
 * on the same line, so line numbers survive — and resolved afterwards, in values only.
 */
export function protectEnvRefs(text: string): { text: string; refs: EnvRef[] } {
  const refs: EnvRef[] = [];
  const out = text.replace(ENV_REF, (_whole, escaped: string, name: string, fallback: string | undefined) => {
    refs.push({ name, fallback, escaped: escaped === '$' });
    return `__TUMBLEQL_ENV_${refs.length - 1}__`;
  });
  return { text: out, refs };
}

export interface EnvError {
  readonly path: Path;
  readonly variable: string;
}

/**
 * Resolves the placeholders in every string value (never in keys): `${VAR}` is the variable (error when
 * unset), `${VAR:-default}` falls back when it is unset or empty. A plain (unquoted) scalar that becomes a
 * number or boolean is typed as one, so `port: ${PORT:-8080}` validates as a port.
 * Returns the first variable that is unset and has no default.
 */
export function interpolateEnv(doc: Document, refs: readonly EnvRef[], env: NodeJS.ProcessEnv): EnvError | null {
  let missing: EnvError | null = null;
  const resolve = (ref: EnvRef, path: Path): string => {
    if (ref.escaped) return `\${${ref.name}${ref.fallback !== undefined ? `:-${ref.fallback}` : ''}}`;
    const v = env[ref.name];
    if (v !== undefined && v !== '') return v;
    if (ref.fallback !== undefined) return ref.fallback;
    if (v === '') return '';
    missing ??= { path, variable: ref.name };
    return '';
  };
  const walk = (node: unknown, path: Path): void => {
    if (missing) return;
    if (isMap(node)) {
      for (const pair of node.items) walk(pair.value, [...path, String(isScalar(pair.key) ? pair.key.value : pair.key)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('__TUMBLEQL_ENV_')) {
      const out = node.value.replace(PLACEHOLDER, (_w, i: string) => resolve(refs[Number(i)]!, path));
      node.value = node.type === Scalar.PLAIN ? retype(out) : out;
    }
  };
  walk(doc.contents, []);
  return missing;
}

/** Keys never interpolate; show them as written in messages. */
export function restoreEnvRefs(text: string, refs: readonly EnvRef[]): string {
  return text.replace(PLACEHOLDER, (_w, i: string) => {
    const r = refs[Number(i)]!;
    return `${r.escaped ? '$' : ''}\${${r.name}${r.fallback !== undefined ? `:-${r.fallback}` : ''}}`;
  });
}

function retype(s: string): string | number | boolean {
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s === 'true' || s === 'false') return s === 'true';
  return s;
}
