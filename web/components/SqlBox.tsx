/** @jsxImportSource preact */
/**
 * The ad-hoc SQL box. A SELECT (or WITH) runs as a continuous query whose rows stream into a table until
 * it is stopped; anything else (CREATE/DROP, SHOW, DESCRIBE, EXPLAIN) goes through `execute`, which the
 * server allows for admin tokens. Errors show their code and place with a caret under the SQL.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ServerError, type ConsoleAccess, type StatementResult, type Subscription, type TumbleClient } from '../../src/client/index.js';
import { Feed } from '../live.js';
import { useFeed } from '../hooks.js';
import { ResultTable } from './ResultTable.js';

type Outcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'query'; readonly feed: Feed; readonly sub: Subscription }
  | { readonly kind: 'results'; readonly results: readonly StatementResult[] }
  | { readonly kind: 'error'; readonly error: string; readonly line?: number; readonly column?: number; readonly sql: string };

function isQuery(sql: string): boolean {
  const k = /^[A-Za-z]+/.exec(sql.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/, ''))?.[0]?.toUpperCase();
  return k === 'SELECT' || k === 'WITH';
}

export function SqlBox({ client, onCatalogChanged, initial, access }: { client: TumbleClient; onCatalogChanged: () => void; initial: string; access: ConsoleAccess }) {
  const [sql, setSql] = useState(initial);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  const running = useRef<Subscription | null>(null);
  const feed = outcome.kind === 'query' ? outcome.feed : null;
  useFeed(feed);
  useEffect(() => () => void running.current?.close(), []);

  const stop = async (): Promise<void> => {
    const sub = running.current;
    running.current = null;
    await sub?.close();
  };

  const run = async (): Promise<void> => {
    const text = sql.trim();
    if (text === '' || busy) return;
    // Said here rather than by a round trip: the server would refuse it as FORBIDDEN all the same.
    const allowed = isQuery(text) ? access.query : access.ddl;
    if (!allowed) {
      const what = isQuery(text) ? 'run ad-hoc queries' : 'run DDL (CREATE, DROP, SHOW, DESCRIBE, EXPLAIN); that needs an admin token';
      setOutcome({ kind: 'error', error: `FORBIDDEN: this token (${access.role}) may not ${what}`, sql: text });
      return;
    }
    setBusy(true);
    await stop();
    try {
      if (isQuery(text)) {
        const f = new Feed('query', [], 'append');
        const sub = await client.query(text, {
          onRows: (rows) => f.apply(rows),
          // Reconnected: the query runs again from the start, so the table does too.
          onRestart: (_view, columns) => f.reset(columns),
          onError: (e) => {
            f.error = e.message;
            f.changed();
          },
        });
        f.reset(sub.columns);
        running.current = sub;
        setOutcome({ kind: 'query', feed: f, sub });
      } else {
        const results = await client.execute(text);
        setOutcome({ kind: 'results', results });
        if (results.some((r) => r.kind === 'created_source' || r.kind === 'created_view' || r.kind === 'dropped')) onCatalogChanged();
      }
    } catch (e) {
      const err = e instanceof ServerError ? e : null;
      setOutcome({
        kind: 'error',
        error: err ? `${err.code}: ${err.message}` : e instanceof Error ? e.message : String(e),
        ...(err?.line ? { line: err.line, column: err.column ?? 1 } : {}),
        sql: text,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel sql-box">
      <header class="panel-head">
        <div>
          <h2>SQL</h2>
          <span class="muted" data-testid="sql-hint">
            {access.ddl ? ' SELECT streams its rows here; CREATE / DROP / SHOW / DESCRIBE / EXPLAIN run as statements' : ' SELECT streams its rows here (this token may not run DDL)'}
          </span>
        </div>
      </header>
      <textarea
        data-testid="sql-input"
        spellcheck={false}
        value={sql}
        rows={5}
        onInput={(e) => setSql((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void run();
          }
        }}
      />
      <div class="sql-actions">
        <button class="primary" data-testid="sql-run" disabled={busy} onClick={() => void run()}>Run (Ctrl+Enter)</button>
        {outcome.kind === 'query' && running.current ? (
          <button data-testid="sql-stop" onClick={() => void stop().then(() => setOutcome({ ...outcome }))}>Stop</button>
        ) : null}
        {outcome.kind === 'query' ? (
          <span class="muted">
            {running.current ? 'running as ' : 'stopped: '}
            {outcome.sub.view} · {outcome.feed.table.received} changes
          </span>
        ) : null}
      </div>
      <Outcome outcome={outcome} />
    </section>
  );
}

function Outcome({ outcome }: { outcome: Outcome }) {
  switch (outcome.kind) {
    case 'none':
      return null;
    case 'query': {
      const t = outcome.feed.table;
      return (
        <div>
          {outcome.feed.error ? <div class="error-box">{outcome.feed.error}</div> : null}
          <ResultTable testId="query-table" columns={t.columns} rows={t.rows} newestFirst={t.mode === 'append'} empty="running — rows appear as the query emits them" />
        </div>
      );
    }
    case 'results':
      return <div>{outcome.results.map((r, i) => <Result key={i} result={r} />)}</div>;
    case 'error': {
      const line = outcome.line !== undefined ? outcome.sql.split('\n')[outcome.line - 1] : undefined;
      return (
        <div class="error-box" data-testid="sql-error">
          <div>{outcome.error}{outcome.line !== undefined ? ` (line ${outcome.line}, column ${outcome.column})` : ''}</div>
          {line !== undefined ? <pre class="caret">{`${line}\n${' '.repeat(Math.max(0, (outcome.column ?? 1) - 1))}^`}</pre> : null}
        </div>
      );
    }
  }
}

function Result({ result }: { result: StatementResult }) {
  switch (result.kind) {
    case 'rows':
      return <ResultTable columns={result.columns.map((name) => ({ name }))} rows={result.rows} />;
    case 'explain':
      return <pre class="code">{result.text}</pre>;
    case 'created_source':
      return <div class="ok">source {result.name} created</div>;
    case 'created_view':
      return <div class="ok">view {result.name} created</div>;
    case 'dropped':
      return <div class="ok">{result.object} {result.name} dropped</div>;
    case 'altered':
      return <div class="ok">watermark of source {result.name} reset (it was {result.previous ?? 'unset'})</div>;
    case 'inserted':
      return <div class="ok">{result.count} rows inserted into {result.source}{result.rejected.length ? `, ${result.rejected.length} rejected` : ''}</div>;
    case 'query':
      return <div class="ok">query {result.view} started</div>;
  }
}
