/**
 * `tumbleql run --output jsonl`: prints every committed output row to stdout as one JSON line,
 *   {"view":"v","seq":17,"op":"+I","row":{...}}
 * (the replay format plus seq; `tumbleql log` prints the same lines byte for byte).
 *
 * Guarantee: at-least-once across crashes, in seq order per view, and a row is printed only after the
 * checkpoint that holds it committed (so every printed row is in the durable log, with that seq).
 * A crash can fall between writing a row to stdout and recording that it was written; such rows are
 * printed again after the restart, with the same seq and content, so a consumer that keeps the highest
 * seq per view and skips what it already has gets exactly-once. Stdout cannot take part in the
 * checkpoint's transaction, which is why exactly-once printing is impossible without that.
 *
 * How: `<state>.printed` (a sidecar JSON file next to the state file) holds the last printed seq per
 * view. It is rewritten (write to a temp file, then rename) only after the lines were handed to the
 * kernel with write(2), never before. On start, the durable log rows above the recorded seq are printed
 * first. The sidecar names the state file's inode and birth time, so a sidecar left next to a new or
 * replaced state file is ignored (everything retained is printed again) rather than trusted.
 */
import { readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import type { CommittedRow, Engine } from '../executor/api.js';

/** The JSON line of one output row; `rowJson` is the row already as JSON text. */
export function jsonLine(view: string, seq: number, op: string, rowJson: string): string {
  return `{"view":${JSON.stringify(view)},"seq":${seq},"op":${JSON.stringify(op)},"row":${rowJson}}\n`;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to `fd` before returning (a pipe whose reader is slow gives EAGAIN or short
 * writes; we wait and continue). Returns false when the reader went away (EPIPE).
 */
export function writeAllSync(fd: number, text: string): boolean {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(sleepCell, 0, 0, 2);
        continue;
      }
      if (code === 'EPIPE') return false;
      throw e;
    }
  }
  return true;
}

interface Sidecar {
  readonly state: { readonly ino: number; readonly birthtimeMs: number };
  readonly views: Record<string, number>;
}

const PAGE = 10_000;
/** Lines are handed to the kernel in chunks of about this many characters. */
const CHUNK = 1 << 20;

export class CommittedPrinter {
  /** Last printed seq per view. */
  private readonly printed = new Map<string, number>();
  private readonly identity: Sidecar['state'] | null;
  private parts: string[] = [];
  private size = 0;
  private pending = 0;
  private dirty = false;
  /** Set once stdout's reader went away; nothing more is printed or recorded. */
  closed = false;
  /** Rows written to stdout by this process, and how many of them were re-prints from the log at start. */
  rowsPrinted = 0;
  rowsReprinted = 0;

  /**
   * @param sidecarPath `<state>.printed`, or null for in-memory state (nothing survives a crash anyway).
   * @param onClosed called once when stdout's reader closes the pipe.
   */
  constructor(
    private readonly engine: Engine,
    private readonly statePath: string | null,
    private readonly fd: number,
    private readonly onClosed: () => void,
  ) {
    this.identity = statePath === null ? null : fileIdentity(statePath);
    if (statePath !== null && this.identity !== null) this.load(`${statePath}.printed`);
  }

  private get sidecarPath(): string | null {
    return this.statePath === null ? null : `${this.statePath}.printed`;
  }

  private load(path: string): void {
    let data: Sidecar;
    try {
      data = JSON.parse(readFileSync(path, 'utf8')) as Sidecar;
    } catch {
      return; // none yet, or unreadable: print everything the log retains
    }
    const id = this.identity!;
    if (data.state?.ino !== id.ino || data.state?.birthtimeMs !== id.birthtimeMs) return;
    for (const [view, seq] of Object.entries(data.views ?? {})) if (Number.isSafeInteger(seq) && seq > 0) this.printed.set(view, seq);
  }

  /**
   * Prints the durable log rows of `views` that cannot be proven printed. A recorded seq beyond the
   * end of the log (the state file rolled back after a power loss, or the view was reset or dropped)
   * proves nothing: the view's retained rows are printed again from the start.
   */
  catchUp(views: readonly string[]): void {
    for (const view of views) {
      let mark = this.printed.get(view) ?? 0;
      if (mark > 0 && this.engine.readLog(view, mark, 1).length === 0) mark = 0;
      this.printed.set(view, mark);
      const n = this.printFromLog(view, mark + 1, Infinity);
      this.rowsReprinted += n;
      if (n > 0) this.dirty = true;
    }
    this.commit();
  }

  /** The onCommitted listener: rows in commit order, seqs contiguous per view. */
  readonly onCommitted = (rows: readonly CommittedRow[]): void => {
    if (this.closed) return;
    for (const r of rows) {
      const mark = this.printed.get(r.view) ?? 0;
      if (r.seq <= mark) continue;
      // Rows the engine committed without telling us (computed before we listened): from the log.
      if (r.seq > mark + 1) this.printFromLog(r.view, mark + 1, r.seq - 1);
      this.add(jsonLine(r.view, r.seq, r.op, JSON.stringify(r.row)));
      this.printed.set(r.view, r.seq);
    }
    this.dirty = true;
    this.commit();
  };

  /** Live rows of an in-memory engine (no checkpoints, so no onCommitted): printed as emitted. */
  printLive(view: string, rows: readonly { seq: number; op: string; row: Record<string, unknown> }[]): void {
    if (this.closed) return;
    for (const r of rows) {
      if (r.seq <= (this.printed.get(view) ?? 0)) continue;
      this.add(jsonLine(view, r.seq, r.op, JSON.stringify(r.row)));
      this.printed.set(view, r.seq);
    }
    this.flush();
  }

  private printFromLog(view: string, from: number, to: number): number {
    let n = 0;
    for (;;) {
      const page = this.engine.readLog(view, from, PAGE);
      for (const r of page) {
        if (r.seq > to) return n;
        this.add(jsonLine(view, r.seq, r.op, JSON.stringify(r.row)));
        this.printed.set(view, r.seq);
        n++;
      }
      if (page.length < PAGE) return n;
      from = page[page.length - 1]!.seq + 1;
    }
  }

  private add(line: string): void {
    this.parts.push(line);
    this.size += line.length;
    this.pending++;
    if (this.size >= CHUNK) this.flush();
  }

  private flush(): boolean {
    if (this.parts.length === 0 || this.closed) return !this.closed;
    const text = this.parts.join('');
    const n = this.pending;
    this.parts = [];
    this.size = 0;
    this.pending = 0;
    if (!writeAllSync(this.fd, text)) {
      this.closed = true;
      this.onClosed();
      return false;
    }
    this.rowsPrinted += n;
    return true;
  }

  /** Writes pending lines, then (only then) records them in the sidecar. */
  private commit(): void {
    if (!this.flush() || !this.dirty) return;
    this.dirty = false;
    const path = this.sidecarPath;
    if (path === null || this.identity === null) return;
    const data: Sidecar = { state: this.identity, views: Object.fromEntries(this.printed) };
    const tmp = `${path}.tmp`;
    // Called from a checkpoint's completion, where a throw would end the process. A record that cannot be
    // written (a full disk) only means these rows are printed again after a restart, which at-least-once
    // allows: it is retried at the next commit.
    try {
      writeFileSync(tmp, JSON.stringify(data));
      renameSync(tmp, path);
    } catch (e) {
      this.dirty = true;
      if (!this.recordFailing) process.stderr.write(`tumbleql run: could not record the printed rows in ${path} (${(e as Error).message}); they may be printed again after a restart\n`);
      this.recordFailing = true;
      return;
    }
    this.recordFailing = false;
  }

  private recordFailing = false;
}

function fileIdentity(path: string): Sidecar['state'] | null {
  try {
    const st = statSync(path);
    return { ino: st.ino, birthtimeMs: st.birthtimeMs };
  } catch {
    return null;
  }
}
