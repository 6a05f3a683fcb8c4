/**
 * What the REPL needs from an engine, so the same UI drives an in-process engine (`EmbeddedBackend`) or a
 * server over the websocket protocol (`RemoteBackend`, remote-backend.ts). Everything is async because the
 * remote side is; errors are thrown as `SqlError` (with diagnostics) or `BackendError` (no place in text).
 */
import type {
  ColumnInfo, Engine, LateRow, OutputRow, RejectedInput, SourceInfo, SourceStats, StatementResult, ViewInfo, ViewStats,
} from '../src/executor/api.js';

export class BackendError extends Error {
  constructor(message: string, readonly code = 'ERROR') {
    super(message);
    this.name = 'BackendError';
  }
}

export interface RowListener {
  rows(rows: readonly OutputRow[]): void;
  /** Heartbeat from a remote server: the view's watermark (ISO) while no rows flow. */
  progress?(watermark: string | null): void;
  /** The subscription ended on the server side (view dropped, connection lost, slow consumer). */
  error?(message: string): void;
}

export interface Unsubscribe {
  (): void;
}

export interface BackendStats {
  readonly sources: readonly SourceStats[];
  readonly views: readonly ViewStats[];
}

export interface ReplBackend {
  /** Shown in the banner: `embedded engine (state: in memory)`, `ws://host:8080/ws`. */
  readonly description: string;
  /**
   * Whether the engine runs in this process. Remotely the catalog comes from SHOW / DESCRIBE (the protocol
   * has no typed catalog) and a query's watermark may come from `progress` messages; late rows, rejects,
   * stats and checkpoints have protocol requests of their own and work either way.
   */
  readonly local: boolean;
  /** Set by the session: news about the connection (lost, reconnected) to show the user. Remote only. */
  onNotice?: ((text: string) => void) | null;
  /**
   * Runs one statement. A SELECT returns `{kind: 'query', view}`: the query runs until `cancelQuery`.
   * `startup`: where the queries (and, on a local engine, the views) it creates read their sources from.
   */
  execute(sql: string, startup?: 'earliest' | 'latest'): Promise<readonly StatementResult[]>;
  subscribe(view: string, listener: RowListener, from?: 'latest' | 'earliest' | number): Promise<Unsubscribe>;
  /** Stops an ad-hoc query started by `execute`. */
  cancelQuery(view: string): Promise<void>;
  sources(): Promise<readonly SourceInfo[]>;
  views(): Promise<readonly ViewInfo[]>;
  lateRows(view: string | undefined, limit: number): Promise<readonly LateRow[]>;
  rejectedRows(source: string | undefined, limit: number): Promise<readonly RejectedInput[]>;
  /** The engine's counters; null when the backend cannot get them (a server without the `stats` request). */
  stats(): Promise<BackendStats | null>;
  /** Writes a checkpoint now; false when there is no state file to write (an in-memory engine). */
  checkpoint(): Promise<boolean>;
  /** End of input (piped mode): every open window fires. No-op remotely. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Wraps the engine API. The engine is synchronous; results are wrapped in promises for the interface. */
export class EmbeddedBackend implements ReplBackend {
  readonly local = true;

  constructor(
    private readonly engine: Engine,
    readonly description = 'embedded engine',
    /** Whether `close()` closes the engine (true when the REPL created it). */
    private readonly owned = true,
  ) {
    // Connector sources (datagen, file) created from the prompt should produce at once; once started, the
    // engine starts each new source's connector as it is created. Idempotent for an engine already started.
    engine.start();
  }

  async execute(sql: string, startup?: 'earliest' | 'latest'): Promise<readonly StatementResult[]> {
    return this.engine.execute(sql, undefined, startup ? { startupMode: startup } : {});
  }

  async subscribe(view: string, listener: RowListener, from: 'latest' | 'earliest' | number = 'latest'): Promise<Unsubscribe> {
    const sub = this.engine.subscribe(view, (rows) => listener.rows(rows), { from });
    return () => sub.unsubscribe();
  }

  async cancelQuery(view: string): Promise<void> {
    try {
      this.engine.cancel(view);
    } catch {
      // Already gone (dropped by hand, or stopped with its last subscriber): the outcome we wanted.
    }
  }

  async sources(): Promise<readonly SourceInfo[]> {
    return this.engine.sources();
  }

  async views(): Promise<readonly ViewInfo[]> {
    return this.engine.views();
  }

  async lateRows(view: string | undefined, limit: number): Promise<readonly LateRow[]> {
    return this.engine.lateRows(view, limit);
  }

  async rejectedRows(source: string | undefined, limit: number): Promise<readonly RejectedInput[]> {
    return this.engine.rejectedRows(source, limit);
  }

  async stats(): Promise<BackendStats> {
    return this.engine.stats();
  }

  async checkpoint(): Promise<boolean> {
    this.engine.checkpoint();
    // Only a durable engine reports a last checkpoint; in memory, checkpoint() has nothing to write.
    return this.engine.stats().checkpoint !== null;
  }

  async flush(): Promise<void> {
    this.engine.flush();
    // Connector sources (files) finish reading on their own; bound the wait so a `follow` file or a
    // datagen source cannot keep a piped session from exiting.
    await Promise.race([this.engine.idle().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
  }

  async close(): Promise<void> {
    if (this.owned) await this.engine.close();
  }
}

/** Column info for a relation known only by name (remote results without schema). */
export function untypedColumns(names: readonly string[]): ColumnInfo[] {
  return names.map((name) => ({ name, type: '', nullable: true }));
}
