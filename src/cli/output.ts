/** Buffered writing to stdout: one syscall per ~64 KiB instead of one per row. */
import { writeSync } from 'node:fs';

export class BufferedOut {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 65536) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    // Synchronous so output is complete before the process exits, and ordered with stderr.
    const fd = (this.stream as unknown as { fd?: number }).fd;
    if (typeof fd === 'number') {
      try {
        writeSync(fd, text);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
    }
    this.stream.write(text);
  }
}
