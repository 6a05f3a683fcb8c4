/**
 * The shape of `GET /api/console/catalog` (docs/console.md): sources and views with their columns, the
 * view's plan and the sources it reads. Declared here, with the client, so browser code can use it without
 * the server's Node-only modules; the server builds it in src/executor/server/console.ts.
 */

export interface ConsoleSource {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string; readonly rowtime: boolean }[];
  readonly watermark: string | null;
  readonly connector: string;
  readonly sql: string;
}

export interface ConsoleView {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly mode: 'append' | 'changelog';
  /** Has a window_start column: the console offers a chart over it. */
  readonly windowed: boolean;
  readonly sql: string;
  readonly explain: string;
  /** The sources the view reads (from its plan), for its rejects. */
  readonly sources: readonly string[];
}

/**
 * What the console's token may do (docs/security.md, roles), so the console offers only that; the server
 * still checks every request. `ddl`: CREATE/DROP/SHOW/EXPLAIN through `execute`; `query`: ad-hoc SELECTs;
 * `late` / `rejects`: the late-rows and rejects listings.
 */
export interface ConsoleAccess {
  readonly role: 'admin' | 'producer' | 'subscriber';
  readonly ddl: boolean;
  readonly query: boolean;
  readonly late: boolean;
  readonly rejects: boolean;
}

export interface ConsoleCatalog {
  readonly sources: readonly ConsoleSource[];
  readonly views: readonly ConsoleView[];
  readonly access: ConsoleAccess;
}
