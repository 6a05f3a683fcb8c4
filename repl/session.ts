/**
 * The REPL's controller, independent of how it is displayed: runs inputs (SQL statements and meta commands)
 * against a backend, one at a time and in order, and owns the running query. The ink app and plain mode
 * are two `SessionSink`s over it.
 *
 * One query runs at a time and the prompt stays usable while it does, so a user can start a windowed
 * SELECT and then INSERT rows and watch windows fire. Starting another query (or Ctrl-C, or quitting)
 * ends the running one; its final table goes to the scrollback.
 */
import type { ColumnInfo, OutputRow, SourceInfo, StatementResult, ViewInfo } from '../src/executor/api.js';
import type { ReplBackend, Unsubscribe } from './backend.js';
import { parseInput, type MetaCommand } from './commands.js';
import { relationsInScope } from './completion.js';
import { LiveQuery } from './live-query.js';
import { errorItem, message, type OutputItem } from './output.js';
import { runMeta } from './session-meta.js';
import { allTerminated, splitStatements, type StatementSpan } from './sql-text.js';

export interface SessionSink {
  output(item: OutputItem): void;
  /** A query started, received rows, or ended (null): re-render. */
  liveChanged(query: LiveQuery | null): void;
  /** Rows as they arrive, for sinks that stream them (plain mode). */
  liveRows?(query: LiveQuery, rows: readonly OutputRow[]): void;
  liveEnded?(query: LiveQuery, reason: string): void;
  exit(code: number): void;
}

export interface SessionSettings {
  vertical: boolean;
  changes: boolean;
  timing: boolean;
  /** Where new queries and views read their sources from (`\startup`). */
  startup: 'earliest' | 'latest';
}

export interface Catalog {
  readonly sources: readonly SourceInfo[];
  readonly views: readonly ViewInfo[];
}

interface Running {
  readonly query: LiveQuery;
  readonly adhoc: boolean;
  unsubscribe: Unsubscribe | null;
}

export class Session {
  readonly settings: SessionSettings = { vertical: false, changes: false, timing: false, startup: 'earliest' };
  catalog: Catalog = { sources: [], views: [] };
  /** Statements that failed, for the exit code of piped runs. */
  errors = 0;
  private running: Running | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly backend: ReplBackend,
    private readonly sink: SessionSink,
  ) {
    backend.onNotice = (text) => this.emit(message(text, 'warning'));
  }

  get live(): LiveQuery | null {
    return this.running?.query ?? null;
  }

  emit(item: OutputItem): void {
    this.sink.output(item);
  }

  /**
   * Runs an input after everything submitted before it; resolves when it has run. With `echo`, the input
   * is echoed to the scrollback when its turn comes — statement by statement when it holds several — so a
   * pasted script shows each statement's result right under it, not all echoes first.
   */
  submit(text: string, echo = false): Promise<void> {
    // The catalog is re-read after each input: other clients (websocket, config reloads) create views too,
    // and completion should know them.
    const run = this.queue.then(() => this.runInput(text, echo)).finally(() => this.refreshCatalog());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Runs an input now, not queued: for scripts, which already run inside a queued input. */
  async runInput(text: string, echo = false): Promise<void> {
    const input = parseInput(text);
    if (echo && input.kind !== 'sql') this.emit({ kind: 'echo', text });
    switch (input.kind) {
      case 'empty':
        return;
      case 'bad_meta':
        this.errors++;
        return this.emit(errorItem(new Error(input.message), null, null));
      case 'meta':
        return this.meta(input.command);
      case 'sql':
        return this.runSql(input.text, undefined, 0, echo);
    }
  }

  async meta(command: MetaCommand): Promise<void> {
    try {
      await runMeta(this, command);
    } catch (err) {
      this.errors++;
      this.emit(errorItem(err, null, null));
    }
  }

  /** Runs a whole script (an `\\i` file, piped input); `file` names it in error messages. */
  async runScript(text: string, file?: string): Promise<void> {
    const script = new ScriptRunner(this, file);
    for (const line of text.split('\n')) await script.line(line);
    await script.end();
  }

  /** Runs each statement of an input; later statements still run after one fails (as psql does). */
  async runSql(text: string, file?: string, lineOffset = 0, echo = false): Promise<void> {
    const spans = splitStatements(text);
    if (echo && spans.length <= 1) this.emit({ kind: 'echo', text });
    for (const span of spans) {
      if (echo && spans.length > 1) this.emit({ kind: 'echo', text: span.text });
      const started = performance.now();
      const at: StatementSpan = { ...span, line: span.line + lineOffset };
      try {
        const results = await this.backend.execute(span.text, this.settings.startup);
        if (results.length === 0) this.emit(message('OK', 'success'));
        for (const r of results) await this.show(r, span.text);
      } catch (err) {
        this.errors++;
        // Leading blank lines keep the diagnostic's line number pointing into the whole script.
        const source = '\n'.repeat(lineOffset) + text;
        this.emit(errorItem(err, at, source, file));
      }
      if (this.settings.timing) this.emit(message(`Time: ${(performance.now() - started).toFixed(3)} ms`));
    }
  }

  private async show(r: StatementResult, sql: string): Promise<void> {
    switch (r.kind) {
      case 'created_source':
      case 'created_view': {
        const what = r.kind === 'created_source' ? 'source' : 'view';
        if (r.existing === undefined) this.emit(message(`created ${what} ${r.name}`, 'success'));
        else if (r.existing === what) this.emit(message(`${what} ${r.name} already exists; kept it unchanged (IF NOT EXISTS)`));
        else this.emit(message(`${r.name} is already a ${r.existing}; kept it, no ${what} created (IF NOT EXISTS)`, 'warning'));
        return this.refreshCatalog();
      }
      case 'dropped':
        this.emit(r.missing ? message(`no ${r.object} named ${r.name}; nothing dropped (IF EXISTS)`) : message(`dropped ${r.object} ${r.name}`, 'success'));
        return this.refreshCatalog();
      case 'altered':
        this.emit(message(`reset the watermark of source ${r.name} (it was ${r.previous ?? 'unset'})${r.views.length ? `; views reading it start over: ${r.views.join(', ')}` : ''}`, 'success'));
        return;
      case 'inserted': {
        const accepted = r.count;
        this.emit(message(`inserted ${accepted} ${accepted === 1 ? 'row' : 'rows'} into ${r.source}`, 'success'));
        if (r.rejected.length > 0) {
          this.emit(message(`${r.rejected.length} rejected (\\rejects ${r.source} lists them):`, 'warning'));
          this.emit({
            kind: 'table',
            columns: [{ name: 'row', type: 'INT' }, { name: 'reason' }],
            rows: r.rejected.map((x) => [x.index + 1, x.reason]),
            vertical: false,
          });
        }
        return;
      }
      case 'rows':
        this.emit({ kind: 'table', columns: r.columns.map((name) => ({ name })), rows: r.rows, vertical: this.settings.vertical });
        return;
      case 'explain':
        this.emit({ kind: 'text', text: r.text });
        return;
      case 'query':
        return this.startQuery(r.view, r.columns, sql, true, 'earliest');
    }
  }

  /** Starts showing a query's rows, ending the one shown before. */
  async startQuery(view: string, columns: readonly ColumnInfo[], title: string, adhoc: boolean, from: 'latest' | 'earliest' | number): Promise<void> {
    await this.cancel('replaced by a new query');
    const info = this.catalog.views.find((v) => v.name === view) ?? (await this.backend.views().catch(() => [])).find((v) => v.name === view);
    const query = new LiveQuery(view, title.trim(), columns.length > 0 ? columns : info?.columns ?? [], info?.mode ?? 'append');
    query.sources = sourcesRead(adhoc ? title : (info?.sql ?? ''), this.catalog);
    const running: Running = { query, adhoc, unsubscribe: null };
    this.running = running;
    this.sink.liveChanged(query);
    try {
      running.unsubscribe = await this.backend.subscribe(view, {
        rows: (rows) => {
          if (this.running !== running) return;
          query.apply(rows);
          this.sink.liveRows?.(query, rows);
          this.sink.liveChanged(query);
        },
        progress: (watermark) => {
          query.watermark = watermark;
          query.version++;
          this.sink.liveChanged(query);
        },
        error: (reason) => {
          if (this.running === running) void this.cancel(reason);
        },
      }, from);
    } catch (err) {
      this.running = null;
      this.sink.liveChanged(null);
      if (adhoc) await this.backend.cancelQuery(view).catch(() => undefined);
      throw err;
    }
  }

  /** Ends the running query, if any. Returns whether there was one. */
  async cancel(reason = 'cancelled'): Promise<boolean> {
    const running = this.running;
    if (!running) return false;
    this.running = null;
    running.unsubscribe?.();
    if (running.adhoc) await this.backend.cancelQuery(running.query.name).catch(() => undefined);
    this.sink.liveEnded?.(running.query, reason);
    this.sink.liveChanged(null);
    return true;
  }

  async refreshCatalog(): Promise<void> {
    try {
      const [sources, views] = await Promise.all([this.backend.sources(), this.backend.views()]);
      this.catalog = { sources, views };
    } catch {
      // Completion just knows less; the next DDL refreshes again.
    }
  }

  quit(code = 0): void {
    this.sink.exit(code);
  }

  /**
   * Piped input ended: let every open window fire — of the running query and of every view, so a piped
   * script with --state leaves its views' final windows in the output log — show what that produced, stop.
   * (Remotely flush is a no-op: the server owns its sources.)
   */
  async finish(): Promise<void> {
    await this.queue;
    await this.backend.flush().catch(() => undefined);
    if (this.running) await this.cancel('end of input');
  }

  async close(): Promise<void> {
    await this.cancel('session closed');
    await this.backend.close();
  }
}

/**
 * Feeds a script to a session line by line (not queued: the caller runs lines in order): SQL accumulates until its statements are all terminated, and
 * meta commands on lines of their own between statements run as they come (as psql reads `\\i` files and
 * piped input). Line by line, so piped input is run as it arrives rather than after EOF.
 */
export class ScriptRunner {
  private sql = '';
  private start = 0;
  private lineNo = 0;

  constructor(
    private readonly session: Session,
    private readonly file?: string,
  ) {}

  async line(line: string): Promise<void> {
    const n = this.lineNo++;
    if (/^\s*\\/.test(line) && splitStatements(this.sql).length === 0) {
      this.sql = '';
      return this.session.runInput(line);
    }
    if (this.sql === '') this.start = n;
    this.sql += line + '\n';
    if (allTerminated(this.sql)) await this.flush();
  }

  async end(): Promise<void> {
    if (this.sql.trim() !== '') await this.flush();
  }

  private async flush(): Promise<void> {
    const sql = this.sql;
    this.sql = '';
    if (splitStatements(sql).length > 0) await this.session.runSql(sql, this.file, this.start);
  }
}

/**
 * The sources a query reads: the relations its SQL names, with views followed to their own SQL. null when
 * the SQL names nothing the catalog knows (the status line then counts every source).
 */
export function sourcesRead(sql: string, catalog: Catalog): string[] | null {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (text: string): void => {
    for (const ref of relationsInScope(text)) {
      const name = ref.name.toLowerCase();
      if (seen.has(name)) continue;
      seen.add(name);
      if (catalog.sources.some((s) => s.name.toLowerCase() === name)) out.add(name);
      const view = catalog.views.find((v) => v.name.toLowerCase() === name);
      if (view) visit(view.sql);
    }
  };
  visit(sql);
  return out.size > 0 ? [...out] : null;
}
