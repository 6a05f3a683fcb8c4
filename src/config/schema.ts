/**
 * The shape of tumbleql.yaml (DESIGN §6), validated with zod. Keys are snake_case as users write them;
 * every object is strict, so a typo (`prot:`) is an error rather than a silently ignored setting.
 * Durations accept `500ms`, `1s`, `2m`, `1h`, `1d` or a number of milliseconds; sizes accept `64KiB`,
 * `1MiB`, `1MB` or a number of bytes. Messages say what was expected and what was found, because
 * `formatIssue` puts them after `file:line: key:` verbatim.
 */
import { z } from 'zod';

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };

/** `'1s'` → 1000; a number is already milliseconds; null when it is not a duration. */
export function parseDuration(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  if (!m) return null;
  const unit = m[2]!.toLowerCase() || 'ms';
  const mult = DURATION_UNITS[unit];
  return mult === undefined ? null : Math.round(Number(m[1]) * mult);
}

/** `'1MiB'` → 1048576; a number is already bytes; null when it is not a size. */
export function parseSize(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 ? v : null;
  if (typeof v !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  if (!m) return null;
  const mult = SIZE_UNITS[m[2]!.toLowerCase() || 'b'];
  const n = mult === undefined ? NaN : Math.round(Number(m[1]) * mult);
  return n > 0 ? n : null;
}

/** How a found value is shown in a message: strings quoted, others as YAML would print them. */
export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

const duration = z.unknown().transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === null) ctx.addIssue({ code: 'custom', message: `expected a duration like '1s' or '500ms', got ${show(v)}` });
  return ms ?? 0;
});

const size = z.unknown().transform((v, ctx) => {
  const n = parseSize(v);
  if (n === null) ctx.addIssue({ code: 'custom', message: `expected a size like '1MiB' or a number of bytes, got ${show(v)}` });
  return n ?? 0;
});

const int = (what: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.unknown().transform((v, ctx) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      ctx.addIssue({ code: 'custom', message: `expected ${what} (an integer ${min}–${max === Number.MAX_SAFE_INTEGER ? '…' : max}), got ${show(v)}` });
      return min;
    }
    return v;
  });

const text = (what: string, allowEmpty = false) =>
  z.unknown().transform((v, ctx) => {
    if (typeof v !== 'string' || (!allowEmpty && v.trim() === '')) {
      ctx.addIssue({ code: 'custom', message: `expected ${what}, got ${show(v)}` });
      return '';
    }
    return v;
  });

const oneOf = <T extends string>(values: readonly T[]) =>
  z.unknown().transform((v, ctx) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(', ')}, got ${show(v)}` });
      return values[0]!;
    }
    return v as T;
  });

const names = z.array(text('a name')).optional();
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** One entry of `server.tokens` (docs/security.md): who holds it and what it may do. */
const tokenEntry = z.strictObject({
  name: text('a name for this token (shown in logs)'),
  token: text('a token string (write ${ENV_VAR} to keep it out of the file)'),
  role: oneOf(['admin', 'producer', 'subscriber'] as const),
  sources: names,
  views: names,
  where: z.record(z.string(), scalar).optional(),
  files: z.boolean().optional(),
  max_queries: int('an ad-hoc query limit', 0).optional(),
});

export const configSchema = z.strictObject({
  server: z
    .strictObject({
      host: text('a host name or address').optional(),
      port: int('a port', 0, 65535).optional(),
      token: text('a token string', true).optional(),
      tokens: z.array(tokenEntry).optional(),
      allow_unauthenticated: z.boolean().optional(),
      max_payload: size.optional(),
      heartbeat: duration.optional(),
      max_buffered_bytes: size.optional(),
      max_subscriptions: int('a subscription limit', 1).optional(),
      max_body_bytes: size.optional(),
      max_inflight_bytes: size.optional(),
    })
    .optional(),
  sources: z.strictObject({ file: z.strictObject({ roots: z.array(text('a directory')).optional() }).optional() }).optional(),
  limits: z
    .strictObject({
      sql_bytes: size.optional(),
      sql_depth: int('a nesting depth', 10, 10_000).optional(),
      sql_nodes: int('a node count', 10).optional(),
      sql_queries: int('a query count', 1).optional(),
      windows_per_row: int('a window count', 1).optional(),
      generator_rows_per_second: int('a rate', 1).optional(),
      line_bytes: size.optional(),
      reject_preview_chars: int('a character count', 16).optional(),
      late_bytes: size.optional(),
      reject_bytes: size.optional(),
      input_log_bytes: size.optional(),
      output_log_bytes: size.optional(),
    })
    .optional(),
  state: z
    .strictObject({
      path: text("a file path or ':memory:'").optional(),
      checkpoint_interval: duration.optional(),
      /** 'normal' (default): what a commit or an append wrote survives the process dying; 'full': power loss too (docs/state.md). */
      sync: z.enum(['normal', 'full'], { message: "expected 'normal' or 'full'" }).optional(),
      retention: z.strictObject({ rows: int('a row count', 1).optional(), age: duration.optional() }).optional(),
    })
    .optional(),
  /** `cluster: { worker: 0/2 }`: this process is worker i of N over partitioned sources (docs/nats.md). */
  cluster: z
    .strictObject({
      worker: z.unknown().transform((v, ctx) => {
        const m = typeof v === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v) : null;
        const index = Number(m?.[1]);
        const count = Number(m?.[2]);
        if (!m || count < 1 || count > 128 || index >= count) {
          ctx.addIssue({ code: 'custom', message: `expected i/N with 0 <= i < N <= 128 (e.g. 0/2; \${TUMBLEQL_WORKER} from the environment), got ${show(v)}` });
          return { index: 0, count: 1 };
        }
        return { index, count };
      }),
    })
    .optional(),
  log: z.strictObject({ level: oneOf(['info', 'debug', 'warn', 'error'] as const).optional(), format: oneOf(['text', 'json'] as const).optional() }).optional(),
  sql: z
    .unknown()
    .transform((v, ctx) => {
      const ok = typeof v === 'string' ? v.trim() !== '' : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.trim() !== '');
      if (!ok) ctx.addIssue({ code: 'custom', message: `expected inline SQL text or a list of .sql files/globs, got ${show(v)}` });
      return (typeof v === 'string' ? [v] : Array.isArray(v) ? v : []) as string[];
    })
    .optional(),
});

export type RawConfig = z.output<typeof configSchema>;
