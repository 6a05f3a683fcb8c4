/**
 * Loading a deployment: `tumbleql.yaml`, a folder of `.sql` files, or one `.sql` file. Everything is
 * checked before anything starts (schema, env variables, that every SQL file exists), and the first
 * problem becomes one `ConfigError` that names file, line and key:
 *   tumbleql.yaml:7: state.checkpoint_interval: expected a duration like '1s' or '500ms', got 'soon'
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { isScalar, LineCounter, parseDocument, Scalar } from 'yaml';
import type { LogFormat, LogLevel } from '../util/log.js';
import { configSchema, type RawConfig } from './schema.js';
import { glob, hasGlob, sqlFilesIn } from './glob.js';
import type { ResourceLimits } from '../security/limits.js';
import type { TokenConfig } from '../security/roles.js';
import { interpolateEnv, keyName, lineOf, protectEnvRefs, restoreEnvRefs, type Path } from './yaml-doc.js';

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly key: string | null,
    readonly detail: string,
  ) {
    super(`${file}${line !== null ? `:${line}` : ''}: ${key !== null ? `${key}: ` : ''}${detail}`);
    this.name = 'ConfigError';
  }
}

/** One unit of SQL to run at start: a file, or inline text from the config (`file` is then `config:line`). */
export interface SqlSource {
  readonly file: string;
  readonly inline?: string;
  /** For inline SQL: the config-file line of the SQL's first line, to map engine diagnostics back. */
  readonly line?: number;
}

export interface Config {
  /** The path as given (used in messages). */
  readonly file: string;
  readonly server: {
    readonly host: string;
    readonly port: number;
    /** Unset: the server falls back to env TUMBLEQL_TOKEN; '' disables auth. */
    readonly token?: string;
    readonly maxPayload: number;
    readonly heartbeatMs: number;
    readonly maxBufferedBytes: number;
    readonly maxSubscriptions: number;
    /** `server.tokens`: tokens with roles (empty: the single `token`, or none). */
    readonly tokens: readonly TokenConfig[];
    readonly allowUnauthenticated: boolean;
    readonly maxBodyBytes?: number;
    readonly maxInflightBytes?: number;
  };
  /** Directories file sources may read: `sources.file.roots`, else the directory of the config or SQL. */
  readonly fileRoots: readonly string[];
  readonly limits: Partial<ResourceLimits>;
  readonly state: {
    readonly path: string;
    readonly checkpointIntervalMs: number;
    /** `state.sync`: 'FULL' fsyncs every commit and every acknowledged push (power loss); default 'NORMAL'. */
    readonly synchronous: 'NORMAL' | 'FULL';
    readonly retention: { readonly rows?: number; readonly ageMs?: number };
  };
  readonly log: { readonly level: LogLevel; readonly format: LogFormat };
  readonly sql: readonly SqlSource[];
  /** `cluster.worker`: this process's slot among N workers; null: one process. */
  readonly cluster: { readonly worker: { readonly index: number; readonly count: number } } | null;
  /** The file has a `server:` section (defaults above are filled in either way; this says whether to serve). */
  readonly hasServer: boolean;
}

/** Loads and validates `path`. Throws ConfigError; never returns a partial config. */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): Config {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new ConfigError(path, null, null, 'no such file or directory');
  }
  if (isDirectory) {
    const files = sqlFilesIn(resolve(path));
    if (files.length === 0) throw new ConfigError(path, null, null, 'no .sql files in this directory');
    return build(path, {}, resolve(path), files.map((file) => ({ file })), [process.cwd()]);
  }
  if (path.toLowerCase().endsWith('.sql')) return build(path, {}, dirname(resolve(path)), [{ file: resolve(path) }], [process.cwd()]);
  return loadYaml(path, env);
}

function loadYaml(path: string, env: NodeJS.ProcessEnv): Config {
  const { text, refs } = protectEnvRefs(readFileSync(path, 'utf8'));
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = lc.linePos(first.pos[0]).line;
    throw new ConfigError(path, line, null, restoreEnvRefs(first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), refs));
  }
  const missing = interpolateEnv(doc, refs, env);
  if (missing) {
    throw new ConfigError(path, lineOf(doc, lc, missing.path), keyName(missing.path), `environment variable ${missing.variable} is not set (write \${${missing.variable}:-default} for a default)`);
  }
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ConfigError(path, 1, null, 'expected a mapping with server, state, log and sql');
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const shown = restoreEnvRefs(key, refs);
      const known = knownKeys(at);
      throw new ConfigError(path, lineOf(doc, lc, at, key), keyName([...at, shown]), `unknown key${known ? ` (expected one of ${known})` : ''}`);
    }
    throw new ConfigError(path, lineOf(doc, lc, at), keyName(at), issue.message);
  }
  const base = dirname(resolve(path));
  const isList = Array.isArray((data as { sql?: unknown }).sql);
  const sqlNode = (i: number): Path => (isList ? ['sql', i] : ['sql']);
  // A block scalar (`sql: |`) starts on the line after its indicator; that is where the SQL's line 1 is.
  const firstLine = (i: number): number => {
    const node = doc.getIn(sqlNode(i), true);
    const block = isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED);
    return lineOf(doc, lc, sqlNode(i)) + (block ? 1 : 0);
  };
  const sql = resolveSql(path, parsed.data.sql ?? [], base, isList, (i) => lineOf(doc, lc, sqlNode(i)), firstLine);
  return build(path, parsed.data, base, sql);
}

function knownKeys(path: Path): string | null {
  let shape: unknown = configSchema;
  for (const seg of path) {
    let s = shape as { shape?: Record<string, unknown>; unwrap?: () => unknown };
    if (typeof s.unwrap === 'function' && !s.shape) s = s.unwrap() as typeof s;
    shape = s.shape?.[String(seg)];
  }
  let s = shape as { shape?: Record<string, unknown>; unwrap?: () => unknown } | undefined;
  if (s && typeof s.unwrap === 'function' && !s.shape) s = s.unwrap() as typeof s;
  return s?.shape ? Object.keys(s.shape).join(', ') : null;
}

/**
 * `sql:` entries: a single token without whitespace or `;` is a path (file, directory or glob, relative to
 * the config file); anything else is inline SQL. Every path must match at least one file.
 */
function resolveSql(
  path: string,
  entries: readonly string[],
  base: string,
  isList: boolean,
  lineAt: (i: number) => number,
  firstLine: (i: number) => number,
): SqlSource[] {
  const out: SqlSource[] = [];
  entries.forEach((entry, i) => {
    const key = isList ? `sql[${i}]` : 'sql';
    if (/[\s;]/.test(entry.trim())) {
      out.push({ file: `${basename(path)}:${firstLine(i)}`, inline: entry, line: firstLine(i) });
      return;
    }
    const p = entry.trim();
    const abs = isAbsolute(p) ? p : resolve(base, p);
    if (hasGlob(p)) {
      const files = glob(p, base);
      if (files.length === 0) throw new ConfigError(path, lineAt(i), key, `no file matches '${p}'`);
      for (const file of files) out.push({ file });
      return;
    }
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new ConfigError(path, lineAt(i), key, `file not found: ${p} (looked in ${relative(process.cwd(), base) || '.'})`);
    }
    if (st.isDirectory()) {
      const files = sqlFilesIn(abs);
      if (files.length === 0) throw new ConfigError(path, lineAt(i), key, `no .sql files in directory ${p}`);
      for (const file of files) out.push({ file });
    } else out.push({ file: abs });
  });
  return out;
}

/**
 * `extraRoots`: a bare .sql file or folder has no config of its own; its relative file paths resolve
 * against the working directory (as they always have), so that directory is a file root too.
 */
function build(file: string, raw: RawConfig, base: string, sql: SqlSource[], extraRoots: readonly string[] = []): Config {
  const s = raw.server ?? {};
  const st = raw.state ?? {};
  const statePath = st.path ?? './.tumbleql/state.db';
  return {
    file,
    server: {
      host: s.host ?? '127.0.0.1',
      port: s.port ?? 8080,
      ...(s.token !== undefined ? { token: s.token } : {}),
      maxPayload: s.max_payload ?? 1024 * 1024,
      heartbeatMs: s.heartbeat ?? 1000,
      maxBufferedBytes: s.max_buffered_bytes ?? 8 * 1024 * 1024,
      maxSubscriptions: s.max_subscriptions ?? 100,
      tokens: (s.tokens ?? []).map((t) => ({
        name: t.name,
        token: t.token,
        role: t.role,
        ...(t.sources !== undefined ? { sources: t.sources } : {}),
        ...(t.views !== undefined ? { views: t.views } : {}),
        ...(t.where !== undefined ? { where: t.where } : {}),
        ...(t.files !== undefined ? { files: t.files } : {}),
        ...(t.max_queries !== undefined ? { maxQueries: t.max_queries } : {}),
      })),
      allowUnauthenticated: s.allow_unauthenticated ?? false,
      ...(s.max_body_bytes !== undefined ? { maxBodyBytes: s.max_body_bytes } : {}),
      ...(s.max_inflight_bytes !== undefined ? { maxInflightBytes: s.max_inflight_bytes } : {}),
    },
    fileRoots: [...(raw.sources?.file?.roots ?? ['.']).map((r) => (isAbsolute(r) ? r : resolve(base, r))), ...extraRoots],
    limits: limitsOf(raw.limits),
    state: {
      // Relative to the config file, so `tumbleql run deploy/tumbleql.yaml` works from any directory.
      path: statePath === ':memory:' || isAbsolute(statePath) ? statePath : resolve(base, statePath),
      checkpointIntervalMs: st.checkpoint_interval ?? 1000,
      synchronous: st.sync === 'full' ? 'FULL' : 'NORMAL',
      retention: {
        ...(st.retention?.rows !== undefined ? { rows: st.retention.rows } : {}),
        ...(st.retention?.age !== undefined ? { ageMs: st.retention.age } : {}),
      },
    },
    log: { level: raw.log?.level ?? 'info', format: raw.log?.format ?? 'text' },
    sql,
    hasServer: raw.server !== undefined,
    cluster: raw.cluster !== undefined ? { worker: raw.cluster.worker } : null,
  };
}

function limitsOf(l: RawConfig['limits']): Partial<ResourceLimits> {
  if (l === undefined) return {};
  const out: { -readonly [K in keyof ResourceLimits]?: ResourceLimits[K] } = {};
  if (l.sql_bytes !== undefined) out.sqlBytes = l.sql_bytes;
  if (l.sql_depth !== undefined) out.sqlDepth = l.sql_depth;
  if (l.sql_nodes !== undefined) out.sqlNodes = l.sql_nodes;
  if (l.sql_queries !== undefined) out.sqlQueries = l.sql_queries;
  if (l.windows_per_row !== undefined) out.windowsPerRow = l.windows_per_row;
  if (l.generator_rows_per_second !== undefined) out.generatorRowsPerSecond = l.generator_rows_per_second;
  if (l.line_bytes !== undefined) out.lineBytes = l.line_bytes;
  if (l.reject_preview_chars !== undefined) out.rejectPreviewChars = l.reject_preview_chars;
  if (l.late_bytes !== undefined) out.lateBytes = l.late_bytes;
  if (l.reject_bytes !== undefined) out.rejectBytes = l.reject_bytes;
  if (l.input_log_bytes !== undefined) out.inputLogBytes = l.input_log_bytes;
  if (l.output_log_bytes !== undefined) out.outputLogBytes = l.output_log_bytes;
  return out;
}

/** Reads every SQL unit in order. A file that vanished since loadConfig is a ConfigError too. */
export function loadSqlFiles(config: Config): { file: string; sql: string; line?: number }[] {
  return config.sql.map((s) => {
    if (s.inline !== undefined) return { file: s.file, sql: s.inline, ...(s.line !== undefined ? { line: s.line } : {}) };
    try {
      return { file: s.file, sql: readFileSync(s.file, 'utf8') };
    } catch (e) {
      throw new ConfigError(config.file, null, 'sql', `cannot read ${s.file}: ${(e as Error).message}`);
    }
  });
}
