/** Buffered writing to stdout: one syscall per ~64 KiB instead of one per row. */
import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Where a command's text goes: process.stdout/stderr, or a test's collector. */
export interface OutputStream {
  write(text: string): unknown;
}

export class BufferedOut {
  private parts: string[] = [];
  private size = 0;
  /** True once the reader went away (EPIPE): further output is dropped; callers may stop. */
  closed = false;

  /** A stream with a file descriptor is written synchronously; any other writer (a test's) by `write`. */
  constructor(private readonly stream: OutputStream) {}

  write(s: string): void {
    if (this.closed) return;
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 65536) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0 || this.closed) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    const fd = (this.stream as unknown as { fd?: number }).fd;
    if (typeof fd !== 'number') {
      this.stream.write(text);
      return;
    }
    // Synchronous, so output is complete before the process exits and ordered with stderr. A pipe may
    // take part of the buffer (or none: EAGAIN); keep writing until all of it is out.
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) {
      try {
        off += writeSync(fd, buf, off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          this.closed = true;
          return;
        }
        if (code !== 'EAGAIN') throw e;
        Atomics.wait(pause, 0, 0, 2);
      }
    }
  }
}
