/**
 * The input line: a multi-line buffer with a cursor, history, reverse search and completion, driven one
 * key at a time. Plain class, no React: the ink app forwards keys and re-renders from `view()`, and tests
 * drive it directly. Keys follow readline (what psql and most shells use), so hands already know them.
 *
 * Also: Ctrl-L clears the screen, Alt-B / Alt-F move by word, Tab on an empty prompt lists what can start
 * a statement.
 *
 * Enter runs the input when it is complete (a meta command, or SQL ending in `;`), else inserts a newline
 * and the prompt becomes the continuation prompt. Pasted text arrives as one chunk and may hold several
 * lines: each newline in it is an Enter, so pasting a script runs its statements in order.
 */
import { commonPrefix, type Completion } from './completion.js';
import { isMetaInput, isQuitWord } from './commands.js';
import { searchBackward, type History } from './history.js';

/** The part of ink's `Key` the editor reads; tests pass just the flags they need. */
export interface KeyInfo {
  upArrow?: boolean; downArrow?: boolean; leftArrow?: boolean; rightArrow?: boolean;
  home?: boolean; end?: boolean; return?: boolean; escape?: boolean; ctrl?: boolean; meta?: boolean;
  tab?: boolean; backspace?: boolean; delete?: boolean;
}

export type EditorEffect =
  | { readonly kind: 'submit'; readonly text: string }
  | { readonly kind: 'interrupt' }
  | { readonly kind: 'eof' }
  /** Ctrl-L: clear the screen; the input stays as it is. */
  | { readonly kind: 'clear' };

export interface SearchState {
  readonly query: string;
  /** Index of the history entry shown, -1 when nothing matches. */
  readonly index: number;
}

export interface EditorView {
  readonly text: string;
  readonly cursor: number;
  readonly search: SearchState | null;
  /** Completion candidates to list under the prompt (after an ambiguous Tab), until the next key. */
  readonly candidates: readonly string[];
}

export interface EditorDeps {
  readonly history: History;
  complete(text: string, cursor: number): Completion;
  isComplete(text: string): boolean;
}

export class LineEditor {
  text = '';
  cursor = 0;
  private search: { query: string; index: number; saved: string } | null = null;
  private candidates: readonly string[] = [];
  /** Position in history while browsing; `entries.length` means the draft being typed. */
  private historyIndex: number;
  private draft = '';

  constructor(private readonly deps: EditorDeps) {
    this.historyIndex = deps.history.entries.length;
  }

  view(): EditorView {
    const search = this.search ? { query: this.search.query, index: this.search.index } : null;
    return { text: this.text, cursor: this.cursor, search, candidates: this.candidates };
  }

  clear(): void {
    this.set('');
    this.search = null;
    this.historyIndex = this.deps.history.entries.length;
  }

  private set(text: string, cursor = text.length): void {
    this.text = text;
    this.cursor = Math.max(0, Math.min(cursor, text.length));
  }

  private insert(s: string): void {
    this.set(this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor), this.cursor + s.length);
  }

  /** Handles one key (or one pasted chunk). Returns what the app must do: run an input, interrupt, quit. */
  handle(input: string, key: KeyInfo): EditorEffect[] {
    this.candidates = [];
    if (key.ctrl && input === 'c') return [{ kind: 'interrupt' }];
    if (this.search) return this.handleSearch(input, key);
    if (key.return) return this.enter();
    if (key.ctrl && input === 'd') {
      if (this.text === '') return [{ kind: 'eof' }];
      this.deleteForward();
      return [];
    }
    if (key.ctrl && input === 'r') {
      this.search = { query: '', index: -1, saved: this.text };
      return [];
    }
    if (key.ctrl && input === 'l') return [{ kind: 'clear' }];
    if (key.tab) {
      this.tab();
      return [];
    }
    if (this.moveOrEdit(input, key)) return [];
    if (input !== '' && !key.ctrl && !key.meta) return this.type(input);
    return [];
  }

  /** Typed or pasted text: newlines act as Enter, tabs become spaces (a literal tab would break columns). */
  private type(input: string): EditorEffect[] {
    const effects: EditorEffect[] = [];
    const parts = input.replace(/\t/g, '    ').split(/\r\n|\r|\n/);
    parts.forEach((part, i) => {
      if (i > 0) effects.push(...this.enter());
      if (part !== '') this.insert(part);
    });
    return effects;
  }

  private enter(): EditorEffect[] {
    const text = this.text;
    const done = text.trim() === '' || isMetaInput(text) || isQuitWord(text) || this.deps.isComplete(text);
    if (!done) {
      this.insert('\n');
      return [];
    }
    this.deps.history.add(text);
    this.clear();
    return [{ kind: 'submit', text }];
  }

  private lineBounds(at: number): { start: number; end: number } {
    const start = this.text.lastIndexOf('\n', at - 1) + 1;
    const nl = this.text.indexOf('\n', at);
    return { start, end: nl < 0 ? this.text.length : nl };
  }

  private moveOrEdit(input: string, key: KeyInfo): boolean {
    const { start, end } = this.lineBounds(this.cursor);
    if (key.leftArrow || (key.ctrl && input === 'b')) this.cursor = Math.max(0, this.cursor - 1);
    else if (key.rightArrow || (key.ctrl && input === 'f')) this.cursor = Math.min(this.text.length, this.cursor + 1);
    else if (key.home || (key.ctrl && input === 'a')) this.cursor = start;
    else if (key.end || (key.ctrl && input === 'e')) this.cursor = end;
    else if (key.upArrow || (key.ctrl && input === 'p')) this.up(start);
    else if (key.downArrow || (key.ctrl && input === 'n')) this.down(end);
    else if (key.backspace || key.delete || (key.ctrl && input === 'h')) this.backspace();
    else if (key.ctrl && input === 'u') this.set(this.text.slice(0, start) + this.text.slice(this.cursor), start);
    else if (key.ctrl && input === 'k') this.set(this.text.slice(0, this.cursor) + this.text.slice(end), this.cursor);
    else if (key.ctrl && input === 'w') this.deleteWordBack();
    // Alt-B / Alt-F (ESC b / ESC f; ink reports meta): back and forward by word, as readline does.
    else if (key.meta && input === 'b') this.cursor = this.wordStartBefore(this.cursor);
    else if (key.meta && input === 'f') this.cursor = this.wordEndAfter(this.cursor);
    else return false;
    return true;
  }

  /**
   * Ink reports Backspace (0x7f) as `delete` on most terminals, so both erase backwards; forward delete is
   * Ctrl-D on a non-empty line, as in readline.
   */
  private backspace(): void {
    if (this.cursor === 0) return;
    this.set(this.text.slice(0, this.cursor - 1) + this.text.slice(this.cursor), this.cursor - 1);
  }

  private deleteForward(): void {
    this.set(this.text.slice(0, this.cursor) + this.text.slice(this.cursor + 1), this.cursor);
  }

  private deleteWordBack(): void {
    let i = this.cursor;
    while (i > 0 && /\s/.test(this.text[i - 1] as string)) i--;
    while (i > 0 && !/\s/.test(this.text[i - 1] as string)) i--;
    this.set(this.text.slice(0, i) + this.text.slice(this.cursor), i);
  }

  /** readline's words: runs of letters and digits (so `a.b_c` is two words: `a`, `b_c`). */
  private isWordChar(i: number): boolean {
    return /[\p{L}\p{N}_$]/u.test(this.text[i] ?? '');
  }

  private wordStartBefore(at: number): number {
    let i = at;
    while (i > 0 && !this.isWordChar(i - 1)) i--;
    while (i > 0 && this.isWordChar(i - 1)) i--;
    return i;
  }

  private wordEndAfter(at: number): number {
    let i = at;
    while (i < this.text.length && !this.isWordChar(i)) i++;
    while (i < this.text.length && this.isWordChar(i)) i++;
    return i;
  }

  /** Up moves within a multi-line input first; on its first line it goes back in history. */
  private up(lineStart: number): void {
    if (lineStart > 0) {
      const col = this.cursor - lineStart;
      const prev = this.lineBounds(lineStart - 1);
      this.cursor = Math.min(prev.start + col, prev.end);
      return;
    }
    const entries = this.deps.history.entries;
    if (this.historyIndex === 0 || entries.length === 0) return;
    if (this.historyIndex >= entries.length) this.draft = this.text;
    this.historyIndex = Math.min(this.historyIndex, entries.length) - 1;
    this.set(entries[this.historyIndex] ?? '');
  }

  private down(lineEnd: number): void {
    if (lineEnd < this.text.length) {
      const col = this.cursor - this.lineBounds(this.cursor).start;
      const next = this.lineBounds(lineEnd + 1);
      this.cursor = Math.min(next.start + col, next.end);
      return;
    }
    const entries = this.deps.history.entries;
    if (this.historyIndex >= entries.length) return;
    this.historyIndex++;
    this.set(this.historyIndex >= entries.length ? this.draft : (entries[this.historyIndex] ?? ''));
  }

  private tab(): void {
    const c = this.deps.complete(this.text, this.cursor);
    if (c.candidates.length === 0) return;
    const typed = this.text.slice(c.start, c.end);
    const only = c.candidates.length === 1 ? c.candidates[0] : undefined;
    // A unique match is finished with a space (unless one follows, or it is a directory to go into).
    const replacement = only !== undefined
      ? only + (only.endsWith('/') || /^\s/.test(this.text.slice(c.end)) ? '' : ' ')
      : commonPrefix(c.candidates);
    if (replacement.length >= typed.length) {
      this.set(this.text.slice(0, c.start) + replacement + this.text.slice(c.end), c.start + replacement.length);
    }
    if (only === undefined) this.candidates = c.candidates;
  }

  /** Ctrl-R: typing refines, Ctrl-R again finds an older match, Enter runs it, arrows edit it, Esc/Ctrl-G restores. */
  private handleSearch(input: string, key: KeyInfo): EditorEffect[] {
    const s = this.search as { query: string; index: number; saved: string };
    const entries = this.deps.history.entries;
    if (key.escape || (key.ctrl && input === 'g')) {
      this.search = null;
      this.set(s.saved);
      return [];
    }
    if (key.ctrl && input === 'r') {
      const next = searchBackward(entries, s.query, s.index < 0 ? entries.length : s.index);
      if (next >= 0) s.index = next;
      return [];
    }
    const accept = (): void => {
      this.search = null;
      this.set(s.index >= 0 ? (entries[s.index] ?? '') : s.saved);
      if (s.index >= 0) this.historyIndex = s.index;
    };
    if (key.return) {
      accept();
      return this.enter();
    }
    if (key.backspace || key.delete) s.query = s.query.slice(0, -1);
    else if (input !== '' && !key.ctrl && !key.meta && !key.tab) s.query += input.replace(/[\r\n]/g, ' ');
    else {
      accept();
      return this.handle(input, key);
    }
    s.index = s.query === '' ? -1 : searchBackward(entries, s.query);
    return [];
  }
}
