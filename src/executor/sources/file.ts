/**
 * `connector = 'file'`: JSON lines from `path`, read in batches. Without `follow` the file is bounded:
 * at its end the watermark goes to +∞ and every open window fires. With `follow = true` the file is
 * tailed like `tail -f` (polled; a partial last line waits for its newline).
 * Bad lines are rejected with `path:line` and the reason, and kept (engine.rejectedRows).
 * The file is one split; its offset is the number of lines consumed, so a restart resumes after the last
 * checkpoint.
 */
import { closeSync, readSync } from 'node:fs';
import { admittedFile, openSourceFile, preview } from '../../security/index.js';
import type { SourceRuntime } from '../runtime/source-runtime.js';
import type { ConnectorHandle } from './index.js';

const BATCH_LINES = 8192;
const CHUNK = 1 << 20;

export function startFile(rt: SourceRuntime): ConnectorHandle {
  const path = rt.def.options['path'];
  const follow = rt.def.options['follow'] === true || rt.def.options['follow'] === 'true';
  let stopped = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const finish = (): void => {
    rt.advanceTo(Infinity); // the file's one split ended
    resolveDone();
  };
  if (typeof path !== 'string' || path === '') {
    rt.reject(`connector 'file' needs a path option`, null, 'config');
    resolveDone();
    return { bounded: true, done, stop() {} };
  }
  let fd: number;
  const { roots, limits } = admittedFile(rt.def);
  try {
    fd = openSourceFile(path, roots); // regular files under the roots only (docs/security.md)
  } catch (e) {
    rt.reject(`cannot open ${path}: ${(e as Error).message}`, null, path);
    resolveDone();
    return { bounded: !follow, done, stop() {} };
  }
  const reader = new LineReader(fd, limits.lineBytes);
  const split = rt.split();
  const skip = typeof split.offset === 'number' ? split.offset : 0;
  if (skip > 0) rt.earlierInput = () => readEarlierLines(path, roots, limits.lineBytes, skip);
  let lineNo = 0;

  const pump = (): void => {
    if (stopped) return;
    const inputs: unknown[] = [];
    const origins: string[] = [];
    let consumed = 0;
    for (let i = 0; i < BATCH_LINES; i++) {
      const line = reader.next(!follow);
      if (line === null) break;
      lineNo++;
      consumed++;
      if (lineNo <= skip) continue;
      if (typeof line !== 'string') {
        rt.reject(`line longer than ${limits.lineBytes} bytes (max_line_bytes / limits.line_bytes)`, line.preview, `${path}:${lineNo}`);
        continue;
      }
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (e) {
        rt.reject(`invalid JSON: ${(e as Error).message}`, preview(line, limits.rejectPreviewChars), `${path}:${lineNo}`);
        continue;
      }
      inputs.push(parsed);
      origins.push(`${path}:${lineNo}`);
    }
    const offset = Math.max(lineNo, skip);
    if (inputs.length > 0) rt.push(inputs, path, { split, offset, origins });
    else split.offset = offset;
    if (consumed > 0) {
      setImmediate(pump);
      return;
    }
    if (follow) {
      setTimeout(pump, 100);
      return;
    }
    closeSync(fd);
    finish();
  };
  setImmediate(pump);
  return {
    bounded: !follow,
    done,
    stop() {
      stopped = true;
      resolveDone();
    },
  };
}

/**
 * The JSON inputs of the first `lines` lines (read in an earlier run), in batches: what a new 'earliest'
 * query sees of the file after a restart. Lines that are not JSON were rejected (and recorded) then.
 */
function readEarlierLines(path: string, roots: Parameters<typeof openSourceFile>[1], maxLine: number, lines: number): unknown[][] {
  const out: unknown[][] = [];
  let fd: number;
  try {
    fd = openSourceFile(path, roots);
  } catch {
    return out; // the file went away: the source's retained input starts with this run
  }
  try {
    const reader = new LineReader(fd, maxLine);
    let batch: unknown[] = [];
    for (let n = 0; n < lines; n++) {
      const line = reader.next(true);
      if (line === null) break;
      if (typeof line !== 'string' || line.trim() === '') continue;
      try {
        batch.push(JSON.parse(line));
      } catch {
        continue;
      }
      if (batch.length === BATCH_LINES) {
        out.push(batch);
        batch = [];
      }
    }
    if (batch.length > 0) out.push(batch);
  } finally {
    closeSync(fd);
  }
  return out;
}

/**
 * Reads complete lines from a file descriptor, tolerating a file that grows. A line longer than `maxLine`
 * is returned as `{ tooLong, preview }` and the rest of it is skipped: memory stays at one chunk plus one
 * line whatever the file holds.
 */
export class LineReader {
  private buf = '';
  private pos = 0;
  /** Inside an over-long line: discard up to the next newline. */
  private skipping = false;
  private readonly chunk = Buffer.allocUnsafe(CHUNK);
  constructor(
    private readonly fd: number,
    private readonly maxLine = Infinity,
  ) {}

  /** The next complete line, or null; at end of file a last line without newline counts when `final`. */
  next(final: boolean): string | { readonly tooLong: true; readonly preview: string } | null {
    for (;;) {
      const nl = this.buf.indexOf('\n');
      if (this.skipping) {
        if (nl < 0) this.buf = '';
        else {
          this.buf = this.buf.slice(nl + 1);
          this.skipping = false;
          continue;
        }
      } else if (nl >= 0) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        if (line.length > this.maxLine / 3 && Buffer.byteLength(line) > this.maxLine) return { tooLong: true, preview: `${line.slice(0, 200)}…` };
        return line.endsWith('\r') ? line.slice(0, -1) : line;
      } else if (Buffer.byteLength(this.buf) > this.maxLine) {
        const head = this.buf.slice(0, 200);
        this.buf = '';
        this.skipping = true;
        return { tooLong: true, preview: `${head}…` };
      }
      const n = readSync(this.fd, this.chunk, 0, CHUNK, this.pos);
      if (n === 0) {
        if (final && this.buf.length > 0) {
          const line = this.buf;
          this.buf = '';
          return line;
        }
        return null;
      }
      this.pos += n;
      this.buf += this.chunk.toString('utf8', 0, n);
    }
  }
}
