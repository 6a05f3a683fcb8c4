/** @jsxImportSource preact */
/**
 * The console's shell: a header with the connection and engine-wide counters, the catalog on the left,
 * the selected source, view or the SQL box on the right. The SQL box stays mounted while hidden, so a
 * running query keeps streaming while one looks at a view.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConnectionState, TumbleClient } from '../src/client/index.js';
import { formatCount, formatRate } from './format.js';
import { fetchCatalog, useStats, type Catalog } from './hooks.js';
import { Feeds } from './live.js';
import { Sidebar, type Selection } from './components/Sidebar.js';
import { SourcePanel } from './components/SourcePanel.js';
import { SqlBox } from './components/SqlBox.js';
import { Stat } from './components/Stat.js';
import { ViewPanel } from './components/ViewPanel.js';

export interface AppProps {
  readonly client: TumbleClient;
  readonly token: string | null;
  readonly initialCatalog: Catalog;
}

function firstSelection(c: Catalog): Selection {
  const v = c.views.find((x) => x.windowed) ?? c.views[0];
  if (v) return { kind: 'view', name: v.name };
  const s = c.sources[0];
  return s ? { kind: 'source', name: s.name } : { kind: 'sql' };
}

export function App({ client, token, initialCatalog }: AppProps) {
  const [catalog, setCatalog] = useState(initialCatalog);
  const [selected, setSelected] = useState<Selection>(() => firstSelection(initialCatalog));
  const [conn, setConn] = useState<{ state: ConnectionState; detail: string }>({ state: client.state, detail: '' });
  const feeds = useMemo(() => new Feeds(client), [client]);
  const { stats, rates } = useStats(client);
  useEffect(() => client.onState((state, detail) => setConn({ state, detail })), [client]);

  const reload = (): void => {
    fetchCatalog(token).then((c) => {
      // A view that is gone or whose SQL changed starts a fresh feed.
      for (const name of feeds.names()) {
        const before = catalog.views.find((v) => v.name === name);
        const after = c.views.find((v) => v.name === name);
        if (!after || after.sql !== before?.sql) feeds.forget(name);
      }
      setCatalog(c);
    }, () => undefined);
  };
  // The catalog can change under us (another client's DDL). The counters name every source and view, so
  // a change in those names reloads it at once; a slow poll catches what they cannot show (a view
  // replaced under the same name). The interval lives as long as the app and calls the latest `reload`.
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    const t = setInterval(() => reloadRef.current(), 10_000);
    return () => clearInterval(t);
  }, []);
  const names = stats ? [...stats.sources.map((x) => `s:${x.source}`), ...stats.views.map((x) => `v:${x.view}`)].sort().join(',') : '';
  const seenNames = useRef(names);
  useEffect(() => {
    if (names === seenNames.current) return;
    const first = seenNames.current === '';
    seenNames.current = names;
    if (!first) reloadRef.current();
  }, [names]);

  const totals = {
    eventsPerSecond: [...rates.eventsPerSecond.values()].reduce((a, b) => a + b, 0),
    eventsIn: (stats?.sources ?? []).reduce((n, s) => n + s.eventsIn, 0),
    rowsOut: (stats?.views ?? []).filter((v) => catalog.views.some((c) => c.name === v.view)).reduce((n, v) => n + v.lastSeq, 0),
    late: (stats?.views ?? []).reduce((n, v) => n + v.lateRows, 0),
    rejected: (stats?.sources ?? []).reduce((n, s) => n + s.rejected, 0),
  };
  const view = selected.kind === 'view' ? catalog.views.find((v) => v.name === selected.name) : undefined;
  const source = selected.kind === 'source' ? catalog.sources.find((s) => s.name === selected.name) : undefined;

  return (
    <div class="app">
      <header class="top">
        <div class="brand">
          <span class="logo">▦</span> tumbleql <span class="muted">console</span>
        </div>
        <div class={`conn ${conn.state}`} data-testid="connection" title={conn.detail}>
          <span class="dot" /> {conn.state === 'open' ? 'live' : conn.state}
        </div>
        <div class="stats">
          <Stat label="events/s in" value={formatRate(totals.eventsPerSecond)} testId="total-rate" />
          <Stat label="events in" value={formatCount(totals.eventsIn)} />
          <Stat label="rows out" value={formatCount(totals.rowsOut)} />
          <Stat label="late" value={formatCount(totals.late)} warn={totals.late > 0} />
          <Stat label="rejected" value={formatCount(totals.rejected)} warn={totals.rejected > 0} />
          <Stat
            label="last checkpoint"
            value={stats?.checkpoint ? `#${stats.checkpoint.epoch} · ${stats.checkpoint.durationMs.toFixed(1)} ms` : '—'}
          />
        </div>
      </header>
      <div class="body">
        <Sidebar catalog={catalog} selected={selected} stats={stats} rates={rates} select={setSelected} />
        <main class="main">
          {view ? <ViewPanel key={view.name + view.sql} client={client} view={view} feed={feeds.get(view)} stats={stats} rates={rates} access={catalog.access} /> : null}
          {source ? <SourcePanel key={source.name} client={client} source={source} stats={stats} rates={rates} access={catalog.access} /> : null}
          {selected.kind !== 'sql' && !view && !source ? <div class="empty">{selected.kind} {'name' in selected ? selected.name : ''} no longer exists</div> : null}
          <div style={{ display: selected.kind === 'sql' ? 'block' : 'none' }}>
            {catalog.access.query || catalog.access.ddl ? <SqlBox client={client} onCatalogChanged={reload} initial={initialQuery(catalog)} access={catalog.access} /> : null}
          </div>
        </main>
      </div>
    </div>
  );
}

/** A query to start from: a grouped count over the first source. */
function initialQuery(c: Catalog): string {
  const s = c.sources[0];
  if (!s) return 'SHOW SOURCES';
  const key = s.columns.find((col) => /CHAR|STRING/i.test(col.type)) ?? s.columns[0];
  return key ? `SELECT ${key.name}, COUNT(*) AS n\nFROM ${s.name}\nGROUP BY ${key.name};` : `SELECT * FROM ${s.name};`;
}
