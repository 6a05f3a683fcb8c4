/**
 * A tiny leveled logger for operators. Everything goes to stderr so stdout stays free for data
 * (`replay` prints result rows there). Two formats:
 *   text (default, for people):  2024-05-01T12:00:00.000Z INFO  server listening url=ws://127.0.0.1:8080/ws
 *   json (for log shippers):     {"time":"2024-05-01T12:00:00.000Z","level":"info","msg":"server listening","url":"..."}
 * Fields are structured data, never interpolated into the message, so JSON logs stay queryable.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. a session id). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  readonly level?: LogLevel;
  readonly format?: LogFormat;
  /** Where lines go; defaults to process.stderr. Tests pass a collector. */
  readonly write?: (line: string) => void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Renders one field value for the text format: bare when unambiguous, JSON-quoted otherwise. */
function textValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  if (typeof v === 'string') return /^[\w.:/@+-]*$/.test(v) && v !== '' ? v : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return '[unserializable]';
  }
}

function jsonSafe(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? v.message : v;
  return out;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const format = options.format ?? 'text';
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));

  const make = (base: LogFields): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
      if (RANK[level] < min) return;
      const time = new Date().toISOString();
      const all = fields ? { ...base, ...fields } : base;
      let line: string;
      if (format === 'json') {
        try {
          line = JSON.stringify({ time, level, msg, ...jsonSafe(all) });
        } catch {
          line = JSON.stringify({ time, level, msg, fields: '[unserializable]' });
        }
      } else {
        let tail = '';
        for (const [k, v] of Object.entries(all)) tail += ` ${k}=${textValue(v)}`;
        line = `${time} ${level.toUpperCase().padEnd(5)} ${msg}${tail}`;
      }
      // A logger must never take the process down (e.g. EPIPE on a closed stderr).
      try {
        write(line);
      } catch {
        /* ignore */
      }
    };
    return {
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make({});
}

/** A logger that drops everything (tests, embedded use). */
export const silentLogger: Logger = createLogger({ level: 'error', write: () => {} });
