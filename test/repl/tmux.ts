/**
 * A real terminal for end-to-end tests: a detached tmux session, typed into as a person would and read
 * back with `tmux capture-pane -p`.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const tmuxAvailable = spawnSync('tmux', ['-V']).status === 0;

export class Tmux {
  /** Starts `command` (a shell command line) in a new detached session of the given size. */
  constructor(readonly session: string, command: string, columns = 120, rows = 40) {
    // CI=false: ink renders only a final frame when it thinks it runs in CI (CI is set under .ci/run),
    // but inside tmux there is a real terminal, as for a person.
    this.tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), '-e', 'CI=false', command);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', args, { encoding: 'utf8' });
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.session);
  }

  /** Polls the screen until `test` accepts it; throws with the last screen after `ms`. */
  async waitFor(test: (s: string) => boolean, what: string, ms = 10_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const s = this.screen();
      if (test(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Types text literally. `;` goes as a hex key: tmux reads an argument *ending* in `;` as a command
   * separator and drops it (`send-keys -l 'SELECT 1;'` types `SELECT 1`), so it must not end an argument.
   */
  type(text: string): void {
    text.split(';').forEach((part, i) => {
      if (i > 0) this.tmux('send-keys', '-t', this.session, '-H', '3b');
      if (part !== '') this.tmux('send-keys', '-t', this.session, '-l', part);
    });
  }

  /** Sends a named key: Enter, C-c, Up ... */
  key(name: string): void {
    this.tmux('send-keys', '-t', this.session, name);
  }

  kill(): void {
    spawnSync('tmux', ['kill-session', '-t', this.session]);
  }
}
